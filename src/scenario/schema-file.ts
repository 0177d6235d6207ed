/** The committed JSON Schema's exact text, shared by write-schema.ts and the freshness test. */
import { scenarioJsonSchema } from './schema.js';

export function schemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}
