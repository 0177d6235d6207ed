/**
 * Loading a scenario: read the file and the files it extends, check everything, and
 * resolve every canonical assumption (file, then what it extends, then --set on top,
 * model.md defaults for the rest). Every problem found is reported together.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, parse, resolve } from 'node:path';
import type { DistSpec } from '../families/types.js';
import { UserError, UserErrors, type Place } from '../errors.js';
import { ASSUMPTIONS, findAssumption } from '../model/assumptions.js';
import { headerSchema } from './schema.js';
import { parseSet } from './set.js';
import { YamlSource, type Problem } from './source.js';
import { checkAssumption, headerProblems, isMapping, unknownAssumption } from './validate.js';

export interface AssumptionEntry {
  name: string;
  spec: DistSpec;
  source?: string;
  note?: string;
  /** The file that set it, '--set', or 'model.md' for a default. */
  from: string;
}

export interface Scenario {
  /** As the user gave it. */
  file: string;
  /** `name:` or the file's stem. */
  name: string;
  description?: string;
  /** Every canonical assumption, in ASSUMPTIONS order. */
  assumptions: AssumptionEntry[];
  /** sha256 over the bytes of the file and each file it extends, in that order. */
  inputSha256: string;
  /** The file and the files it extends, in that order. */
  files: string[];
}

interface FileRef {
  /** The path shown to the user: as given, or joined onto the directory of the file that extends it. */
  display: string;
  absolute: string;
}

interface Loaded {
  name?: string;
  description?: string;
  entries: Map<string, AssumptionEntry>;
  files: string[];
  bytes: Buffer[];
}

/** A scenario file is a few kilobytes; this bounds what a mistaken path (a log, a disk image) costs. */
export const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

class NotAScenarioFile extends Error {}

/**
 * The file's bytes, refusing what is not a regular file before opening it (a FIFO would block
 * the open, /dev/zero never ends) and anything over MAX_SCENARIO_BYTES.
 */
function readScenarioBytes(path: string): Buffer {
  const stat = statSync(path);
  if (stat.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
  if (!stat.isFile()) {
    const kind = stat.isFIFO() ? 'a named pipe' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : stat.isSocket() ? 'a socket' : 'not a regular file';
    throw new NotAScenarioFile(`it is ${kind}, not a regular file; give a YAML or JSON file`);
  }
  if (stat.size > MAX_SCENARIO_BYTES) {
    throw new NotAScenarioFile(`it holds ${stat.size.toLocaleString('en-US')} bytes; a scenario file may hold at most ${MAX_SCENARIO_BYTES.toLocaleString('en-US')}`);
  }
  return readFileSync(path);
}

function readError(e: unknown): string {
  if (e instanceof NotAScenarioFile) return e.message;
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : ((e as Error).message ?? String(e));
}

/** Errors grouped by file (in the order files were read), each file's in document order. */
function inReadingOrder(errors: readonly UserError[]): UserError[] {
  const files = [...new Set(errors.map((e) => e.place.file))];
  const rank = (e: UserError) => [files.indexOf(e.place.file), e.place.line ?? 0, e.place.col ?? 0];
  return [...errors].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}

/**
 * One file and, through `extends`, the files under it. Pushes every problem onto `errors`
 * and returns what it could read.
 */
function loadFile(ref: FileRef, chain: readonly FileRef[], errors: UserError[], extendedFrom?: { place: Place; text: string }): Loaded | undefined {
  let bytes: Buffer;
  try {
    bytes = readScenarioBytes(ref.absolute);
  } catch (e) {
    errors.push(
      extendedFrom
        ? new UserError(
            `cannot extend '${extendedFrom.text}': ${readError(e)}` + (ref.display !== extendedFrom.text ? ` (looked for ${ref.display})` : ''),
            extendedFrom.place,
          )
        : new UserError(`cannot read the scenario file: ${readError(e)}`, { file: ref.display }),
    );
    return undefined;
  }
  const source = new YamlSource(ref.display, bytes.toString('utf8'));
  const syntax = source.syntaxErrors();
  if (syntax.length) {
    errors.push(...syntax);
    return undefined;
  }
  const data = source.data();
  if (!isMapping(data)) {
    const found = data === null || data === undefined ? 'the file is empty' : `found ${Array.isArray(data) ? 'a list' : 'a single value'}`;
    errors.push(source.error({ path: [], message: `a scenario file must be a mapping with name, description, extends and assumptions; ${found}` }));
    return undefined;
  }

  const own: Problem[] = [];
  const header = headerSchema.safeParse(data);
  if (!header.success) own.push(...headerProblems(header.error.issues, data));

  const baseErrors: UserError[] = [];
  let base: Loaded | undefined;
  if (typeof data.extends === 'string') {
    const text = data.extends;
    const next: FileRef = {
      display: isAbsolute(text) ? text : join(dirname(ref.display), text),
      absolute: resolve(dirname(ref.absolute), text),
    };
    const cycle = [...chain, ref].findIndex((f) => f.absolute === next.absolute);
    if (cycle >= 0) {
      const shown = [...chain, ref].slice(cycle).map((f) => f.display);
      own.push({ path: ['extends'], message: `extends makes a cycle: ${[...shown, next.display].join(' -> ')}` });
    } else {
      base = loadFile(next, [...chain, ref], baseErrors, { place: source.place(['extends']), text });
    }
  }

  const entries = new Map(base?.entries);
  if (isMapping(data.assumptions)) {
    for (const [name, raw] of Object.entries(data.assumptions)) {
      const path = ['assumptions', name];
      if (!findAssumption(name)) {
        own.push({ path, key: true, message: unknownAssumption(name) });
        continue;
      }
      const { checked, problems } = checkAssumption(name, raw, path);
      own.push(...problems);
      if (checked) entries.set(name, { name, ...checked, from: ref.display });
    }
  }

  errors.push(...own.map((p) => source.error(p)), ...baseErrors);
  return {
    name: typeof data.name === 'string' ? data.name : undefined,
    description: typeof data.description === 'string' ? data.description : undefined,
    entries,
    files: [ref.display, ...(base?.files ?? [])],
    bytes: [bytes, ...(base?.bytes ?? [])],
  };
}

/** Reads, checks and resolves a scenario; throws UserError (or UserErrors, for several) on bad input. */
export function loadScenario(file: string, options: { sets?: string[] } = {}): Scenario {
  const errors: UserError[] = [];
  const loaded = loadFile({ display: file, absolute: resolve(file) }, [], errors);

  const sets = new Map<string, AssumptionEntry>();
  for (const arg of options.sets ?? []) {
    try {
      const { name, spec } = parseSet(arg);
      sets.set(name, { name, spec, from: '--set' });
    } catch (e) {
      if (e instanceof UserErrors) errors.push(...e.errors);
      else if (e instanceof UserError) errors.push(e);
      else throw e;
    }
  }
  if (errors.length || !loaded) throw errors.length === 1 ? errors[0] : new UserErrors(inReadingOrder(errors));

  const assumptions = ASSUMPTIONS.map(
    (info): AssumptionEntry =>
      sets.get(info.name) ??
      loaded.entries.get(info.name) ?? {
        name: info.name,
        spec: { dist: 'fixed', value: info.articleValue },
        ...(info.source ? { source: info.source } : {}),
        from: 'model.md',
      },
  );
  const hash = createHash('sha256');
  for (const b of loaded.bytes) hash.update(b);
  return {
    file,
    name: loaded.name ?? parse(file).name,
    ...(loaded.description !== undefined ? { description: loaded.description } : {}),
    assumptions,
    inputSha256: hash.digest('hex'),
    files: loaded.files,
  };
}
