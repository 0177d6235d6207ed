/**
 * The shipped data files (data/*.yaml): read once, checked with a zod schema. They ship with the
 * tool, so a bad entry is a bug that test/data.test.ts catches, not a user error.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type * as z from 'zod';

/** data/<name>, two folders below the package root from src/, dist/ and dist/bundle/ alike. */
export function dataPath(name: string): URL {
  return new URL(`../../data/${name}`, import.meta.url);
}

/** The display path used in messages: `data/gpus.yaml`. */
export function dataFile(name: string): string {
  return `data/${name}`;
}

export function readData<T extends z.ZodType>(name: string, schema: T): z.infer<T> {
  const parsed = schema.safeParse(parse(readFileSync(dataPath(name), 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.message} -> at ${i.path.join('.')}`).join('\n');
    throw new Error(`${dataFile(name)} is invalid:\n${issues}`);
  }
  return parsed.data;
}
