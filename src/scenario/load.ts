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
import { makeDistribution } from '../families/index.js';
import { formatNumber } from '../format.js';
import { ASSUMPTIONS, findAssumption, type AssumptionInfo } from '../model/assumptions.js';
import { checkCorrelations, pairKey, resolveCorrelations, type CorrelationEntry, type PlacedCorrelation } from './correlations.js';
import { headerSchema } from './schema.js';
import { overflowMessage, overflows } from './finite.js';
import { parseSet } from './set.js';
import { YamlSource, type Problem } from './source.js';
import { checkAssumption, headerProblems, isMapping, unknownAssumption } from './validate.js';
import { GPU_FILE, gpuCatalogue } from '../data/gpus.js';
import { dataFile } from '../data/read.js';
import { didYouMean, listWords } from './suggest.js';
import { checkObservation, parseObserve, type Observation } from './evidence.js';

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
  /**
   * Target rank correlations between uncertain assumptions (empty when none): the files' entries
   * merged like assumptions, the child's replacing the parent's for the same pair, without pairs
   * at spearman 0 that name a fixed assumption.
   */
  correlations: CorrelationEntry[];
  /** sha256 over the bytes of the file and each file it extends, in that order. */
  inputSha256: string;
  /** The file and the files it extends, in that order. */
  files: string[];
  /** Observations to condition on: the file's (over the files it extends'), then --observe; empty for none. */
  evidence: Observation[];
  /** Each --set, in the order given, with what it replaced; empty for a plain run. */
  overrides: Override[];
}

/** One --set NAME=VALUE and what the scenario had for NAME before it. */
export interface Override {
  /** As typed: data_multiplier=10. */
  set: string;
  assumption: string;
  /** The replaced spec in words ("4", "lognormal, 90% in 5B to 50B"). */
  replaces: string;
  /** The file that set the replaced spec, or model.md for an article default. */
  replaces_from: string;
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
  evidence: Map<string, Observation>;
  /** By pairKey, the parent's first, each replaced in place by a child's. */
  correlations: Map<string, PlacedCorrelation>;
  /** Where each entry was written, for problems found once the scenario is resolved. */
  places: Map<string, Place>;
  files: string[];
  bytes: Buffer[];
}

/** Files a chain of extends may hold: a scenario rarely extends more than two or three. */
export const MAX_EXTENDS_DEPTH = 32;

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
    } else if (chain.length + 1 >= MAX_EXTENDS_DEPTH) {
      own.push({ path: ['extends'], message: `extends chains more than ${MAX_EXTENDS_DEPTH} files (${chain[0]?.display ?? ref.display} is the first); fold some of them together` });
    } else {
      base = loadFile(next, [...chain, ref], baseErrors, { place: source.place(['extends']), text });
    }
  }

  const entries = new Map(base?.entries);
  if (typeof data.gpu === 'string') {
    const gpu = gpuEntries(data.gpu, ref.display);
    if (typeof gpu === 'string') own.push({ path: ['gpu'], message: gpu });
    else for (const entry of gpu) entries.set(entry.name, entry);
  }

  const places = new Map(base?.places);
  if (isMapping(data.assumptions)) {
    for (const [name, raw] of Object.entries(data.assumptions)) {
      const path = ['assumptions', name];
      if (!findAssumption(name)) {
        own.push({ path, key: true, message: unknownAssumption(name) });
        continue;
      }
      const { checked, problems } = checkAssumption(name, raw, path);
      own.push(...problems);
      if (checked) {
        entries.set(name, { name, ...checked, from: ref.display });
        places.set(name, source.place(path));
      }
    }
  }

  const evidence = new Map(base?.evidence);
  if (isMapping(data.evidence)) {
    for (const [name, raw] of Object.entries(data.evidence)) {
      const { observation, problems } = checkObservation(name, raw, ['evidence', name], ref.display);
      own.push(...problems);
      if (observation) evidence.set(name, observation);
    }
  }

  const correlations = new Map(base?.correlations);
  if (Array.isArray(data.correlations)) {
    const checked = checkCorrelations(data.correlations, ref.display, (path) => source.place(path));
    own.push(...checked.problems);
    for (const placed of checked.entries) correlations.set(pairKey(...placed.entry.between), placed);
  }

  errors.push(...own.map((p) => source.error(p)), ...baseErrors);
  return {
    name: typeof data.name === 'string' ? data.name : undefined,
    description: typeof data.description === 'string' ? data.description : undefined,
    entries,
    evidence,
    correlations,
    places,
    files: [ref.display, ...(base?.files ?? [])],
    bytes: [bytes, ...(base?.bytes ?? [])],
  };
}

/**
 * What `gpu: NAME` sets: gpu_peak_flops and gpu_hour_price_usd from the catalogue, each with its
 * source; the file's own assumptions, read after, override them. A message for an unknown name.
 */
function gpuEntries(name: string, file: string): AssumptionEntry[] | string {
  const catalogue = gpuCatalogue();
  const gpu = catalogue.get(name);
  const names = [...catalogue.keys()];
  if (!gpu) {
    // `h100` means one of its variants (h100-sxm) more often than a GPU one character away (h200).
    const variant = names.find((n) => n.startsWith(`${name.toLowerCase()}-`));
    const guess = variant ? ` (did you mean '${variant}'?)` : didYouMean(name, names);
    return `unknown GPU '${name}'${guess}; ${dataFile(GPU_FILE)} has ${listWords(names)}`;
  }
  const from = `${file} (gpu: ${name})`;
  return [
    { name: 'gpu_peak_flops', spec: { dist: 'fixed', value: gpu.peak_flops }, source: `${gpu.name}, ${dataFile(GPU_FILE)}: ${gpu.peak_source}`, from },
    { name: 'gpu_hour_price_usd', spec: { dist: 'fixed', value: gpu.hour_price_usd }, source: `${gpu.name}, ${dataFile(GPU_FILE)}: ${gpu.price_source}`, from },
  ];
}

/** Reads, checks and resolves a scenario; throws UserError (or UserErrors, for several) on bad input. */
export function loadScenario(file: string, options: { sets?: string[]; observe?: string[] } = {}): Scenario {
  const errors: UserError[] = [];
  const loaded = loadFile({ display: file, absolute: resolve(file) }, [], errors);

  const observed = new Map<string, Observation>();
  for (const arg of options.observe ?? []) {
    try {
      const o = parseObserve(arg);
      observed.set(o.name, o);
    } catch (e) {
      if (e instanceof UserError) errors.push(e);
      else throw e;
    }
  }

  const sets = new Map<string, AssumptionEntry>();
  const setArgs = new Map<string, string>();
  for (const arg of options.sets ?? []) {
    try {
      const { name, spec } = parseSet(arg);
      sets.set(name, { name, spec, from: '--set' });
      setArgs.delete(name);
      setArgs.set(name, arg);
    } catch (e) {
      if (e instanceof UserErrors) errors.push(...e.errors);
      else if (e instanceof UserError) errors.push(e);
      else throw e;
    }
  }
  if (errors.length || !loaded) throw errors.length === 1 ? errors[0] : new UserErrors(inReadingOrder(errors));

  const unset = (info: AssumptionInfo): AssumptionEntry =>
    loaded.entries.get(info.name) ?? {
      name: info.name,
      spec: { dist: 'fixed', value: info.articleValue },
      ...(info.source ? { source: info.source } : {}),
      from: 'model.md',
    };
  const assumptions = ASSUMPTIONS.map((info): AssumptionEntry => sets.get(info.name) ?? unset(info));
  const overrides = [...setArgs].map(([name, set]): Override => {
    const before = unset(findAssumption(name)!);
    return { set, assumption: name, replaces: makeDistribution(before.spec).describe(formatNumber), replaces_from: before.from };
  });
  // Values the model cannot take to a finite answer are refused here, where they were written.
  const problems = overflows(new Map(assumptions.map((a) => [a.name, a.spec]))).map(
    (o) => new UserError(overflowMessage(o), sets.has(o.assumption) ? { field: '--set' } : (loaded.places.get(o.assumption) ?? {})),
  );
  if (problems.length) throw problems.length === 1 ? problems[0] : new UserErrors(problems);
  const fixedBy = (name: string): string | undefined => {
    const a = assumptions.find((x) => x.name === name)!;
    if (a.spec.dist !== 'fixed') return undefined;
    return a.from === 'model.md' ? 'at its model.md default' : a.from === '--set' ? 'by --set' : `in ${a.from}`;
  };
  const { correlations, errors: correlationErrors } = resolveCorrelations([...loaded.correlations.values()], fixedBy, loaded.files);
  if (correlationErrors.length) throw correlationErrors.length === 1 ? correlationErrors[0] : new UserErrors(inReadingOrder(correlationErrors));

  const hash = createHash('sha256');
  for (const b of loaded.bytes) hash.update(b);
  return {
    file,
    name: loaded.name ?? parse(file).name,
    ...(loaded.description !== undefined ? { description: loaded.description } : {}),
    assumptions,
    correlations,
    inputSha256: hash.digest('hex'),
    files: loaded.files,
    evidence: [...new Map([...loaded.evidence, ...observed]).values()],
    overrides,
  };
}
