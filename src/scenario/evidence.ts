/**
 * Evidence: an output or an assumption observed within a range, from a scenario's `evidence:`
 * section or from `--observe NAME=LOW:HIGH`. A run conditioned on it keeps only the draws that
 * meet every observation (src/engine/condition.ts).
 */
import { UserError } from '../errors.js';
import { ASSUMPTION_NAMES, findAssumption } from '../model/assumptions.js';
import { OUTPUT_NAMES, findOutput } from '../model/outputs.js';
import type { Path, Problem } from './source.js';
import { didYouMean } from './suggest.js';
import { describeValue, num } from './words.js';

export interface Observation {
  name: string;
  kind: 'output' | 'assumption';
  /** Inclusive bounds; -Infinity or Infinity where the observation gives none. */
  low: number;
  high: number;
  source?: string;
  note?: string;
  /** The file that stated it, or '--observe'. */
  from: string;
}

const KEYS = ['low', 'high', 'source', 'note'];
const OBSERVABLE = [...OUTPUT_NAMES, ...ASSUMPTION_NAMES];

export function observationKind(name: string): Observation['kind'] | undefined {
  return findOutput(name) ? 'output' : findAssumption(name) ? 'assumption' : undefined;
}

function unknownName(name: string): string {
  return `'${name}' is neither an output nor an assumption${didYouMean(name, OBSERVABLE)}; evidence can name any output or assumption`;
}

/** "gpu_seconds_per_clip in [1,000, 3,000]" */
export function describeObservation(o: Pick<Observation, 'name' | 'low' | 'high'>): string {
  if (o.low === -Infinity) return `${o.name} <= ${num(o.high)}`;
  if (o.high === Infinity) return `${o.name} >= ${num(o.low)}`;
  return `${o.name} in [${num(o.low)}, ${num(o.high)}]`;
}

function boundsProblem(low: number, high: number): string | undefined {
  if (low === -Infinity && high === Infinity) return 'give low, high or both';
  if (!(low <= high)) return `low ${num(low)} is above high ${num(high)}`;
  return undefined;
}

/** One `evidence:` entry as written: `NAME: {low: 1000, high: 3000, source: ...}`. */
export function checkObservation(name: string, raw: unknown, path: Path, from: string): { observation?: Observation; problems: Problem[] } {
  const kind = observationKind(name);
  if (!kind) return { problems: [{ path, key: true, message: unknownName(name) }] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { problems: [{ path, message: `an observation is a mapping with low:, high: or both (and optionally source: and note:); found ${describeValue(raw)}` }] };
  }
  const data = raw as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const key of Object.keys(data)) {
    if (!KEYS.includes(key)) problems.push({ path: [...path, key], key: true, message: `an observation does not take '${key}'${didYouMean(key, KEYS)}; it takes low, high, source and note` });
  }
  const bound = (key: 'low' | 'high'): number | undefined => {
    const v = data[key];
    if (v === undefined) return key === 'low' ? -Infinity : Infinity;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      problems.push({ path: [...path, key], message: `${key} must be a finite number; found ${describeValue(v)}` });
      return undefined;
    }
    return v;
  };
  const low = bound('low');
  const high = bound('high');
  for (const key of ['source', 'note']) {
    if (data[key] !== undefined && typeof data[key] !== 'string') problems.push({ path: [...path, key], message: `${key} must be a string; found ${describeValue(data[key])}` });
  }
  // A misspelt bound is reported as such, not again as a missing one.
  if (low !== undefined && high !== undefined && problems.length === 0) {
    const problem = boundsProblem(low, high);
    if (problem) problems.push({ path, message: problem });
  }
  if (problems.length || low === undefined || high === undefined) return { problems };
  return {
    observation: {
      name,
      kind,
      low,
      high,
      ...(typeof data.source === 'string' ? { source: data.source } : {}),
      ...(typeof data.note === 'string' ? { note: data.note } : {}),
      from,
    },
    problems: [],
  };
}

const EXAMPLE = 'gpu_seconds_per_clip=1000:3000, or training_gpu_hours=:1e6 for an upper bound only';

/** `--observe NAME=LOW:HIGH` (either side may be empty); a UserError naming --observe. */
export function parseObserve(arg: string): Observation {
  const fail = (why: string) => new UserError(`'${arg}': ${why}`, { field: '--observe' });
  const eq = arg.indexOf('=');
  if (eq < 0) throw fail(`not NAME=LOW:HIGH; for example ${EXAMPLE}`);
  const name = arg.slice(0, eq).trim();
  const kind = observationKind(name);
  if (!kind) throw fail(unknownName(name));
  const range = arg.slice(eq + 1).split(':');
  if (range.length !== 2) throw fail(`the range must be LOW:HIGH; for example ${EXAMPLE}`);
  const [low, high] = range.map((text, i) => {
    const t = text.trim().replace(/_/g, '');
    if (t === '') return i === 0 ? -Infinity : Infinity;
    const x = Number(t);
    if (!Number.isFinite(x)) throw fail(`'${text}' is not a number; for example ${EXAMPLE}`);
    return x;
  });
  const problem = boundsProblem(low, high);
  if (problem) throw fail(problem);
  return { name, kind, low, high, from: '--observe' };
}
