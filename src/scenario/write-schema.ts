/** Regenerates schema/scenario.schema.json from the zod definitions: `npx tsx src/scenario/write-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schemaText } from './schema-file.js';

const target = fileURLToPath(new URL('../../schema/scenario.schema.json', import.meta.url));
writeFileSync(target, schemaText());
console.log(`wrote ${target}`);
