/**
 * The `correlations:` section: target Spearman rank correlations between pairs of uncertain
 * assumptions. Checked in two steps: each file on its own (structure, names, values, a pair
 * given twice), then the merged result once extends and --set are resolved (both assumptions
 * uncertain, the matrix positive definite), when a problem may involve entries of several files.
 */
import { UserError, type Place } from '../errors.js';
import { ASSUMPTION_NAMES, findAssumption } from '../model/assumptions.js';
import { conflictingColumns } from '../sampling/correlation-matrix.js';
import { ANNOTATIONS, CORRELATION_SCHEMA } from './schema.js';
import type { Path, Problem } from './source.js';
import { didYouMean, listWords } from './suggest.js';
import { isMapping, unknownAssumption } from './validate.js';
import { describeValue, num } from './words.js';

export interface CorrelationEntry {
  /** As the file gives them. */
  between: [string, string];
  spearman: number;
  source?: string;
  note?: string;
  /** The file that set it. */
  from: string;
}

/** An entry with the place it was written, for problems found after merging. */
export interface PlacedCorrelation {
  entry: CorrelationEntry;
  /** correlations[i] of its file. */
  place: Place;
  /** Where each of the two names is written. */
  namePlaces: [Place, Place];
}

const KEYS = ['between', 'spearman', ...ANNOTATIONS];
const SHAPE = '{between: [name, name], spearman: number}';

/** One key per unordered pair. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a} ~ ${b}` : `${b} ~ ${a}`;
}

function checkEntry(raw: unknown, path: Path): { checked?: Omit<CorrelationEntry, 'from'>; problems: Problem[] } {
  if (!isMapping(raw)) return { problems: [{ path, message: `a correlation must be a mapping ${SHAPE}; found ${describeValue(raw)}` }] };
  const problems: Problem[] = [];
  for (const k of Object.keys(raw)) {
    if (!KEYS.includes(k)) problems.push({ path: [...path, k], key: true, message: `a correlation does not take '${k}'${didYouMean(k, KEYS)}; it takes ${listWords(KEYS)}` });
  }
  const between = raw.between;
  if (!Array.isArray(between) || between.length !== 2 || !between.every((x) => typeof x === 'string')) {
    const found = between === undefined ? 'nothing' : Array.isArray(between) ? `a list of ${between.length}` : describeValue(between);
    problems.push({ path: [...path, 'between'], message: `between must list two assumption names, as [sora_params, inference_utilization]; found ${found}` });
  } else {
    between.forEach((name, i) => {
      if (!findAssumption(name)) problems.push({ path: [...path, 'between', i], message: unknownAssumption(name) });
    });
    if (between[0] === between[1]) problems.push({ path: [...path, 'between'], message: `between names ${between[0]} twice; a correlation is between two different assumptions` });
  }
  const spearman = raw.spearman;
  if (typeof spearman !== 'number') {
    problems.push({ path: [...path, 'spearman'], message: `spearman must be a number from -1 to 1; found ${describeValue(spearman)}` });
  } else if (!(spearman >= -1 && spearman <= 1)) {
    problems.push({ path: [...path, 'spearman'], message: `spearman is ${num(spearman)}; a rank correlation lies between -1 and 1` });
  }
  for (const k of ANNOTATIONS) {
    if (k in raw && typeof raw[k] !== 'string') problems.push({ path: [...path, k], message: `${k} must be a string; found ${describeValue(raw[k])}` });
  }
  if (problems.length) return { problems };
  // The checks above are the schema's, in better words; parsing with it keeps the two in step.
  const parsed = CORRELATION_SCHEMA.safeParse(raw);
  if (!parsed.success) return { problems: [{ path, message: `a correlation must be ${SHAPE}: ${parsed.error.issues[0].message}` }] };
  const { source, note } = parsed.data;
  const [a, b] = parsed.data.between;
  return {
    checked: { between: [a, b], spearman: parsed.data.spearman, ...(source !== undefined ? { source } : {}), ...(note !== undefined ? { note } : {}) },
    problems: [],
  };
}

/**
 * The correlations of one file, checked on their own: each entry's structure, names and value,
 * and no pair given twice (in either order). `place` turns a path into its place in the file.
 */
export function checkCorrelations(raw: readonly unknown[], from: string, place: (path: Path) => Place): { entries: PlacedCorrelation[]; problems: Problem[] } {
  const entries: PlacedCorrelation[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  raw.forEach((item, i) => {
    const path = ['correlations', i];
    const { checked, problems: own } = checkEntry(item, path);
    problems.push(...own);
    if (!checked) return;
    const key = pairKey(...checked.between);
    const first = seen.get(key);
    if (first !== undefined) {
      const at = place(['correlations', first]);
      problems.push({ path: [...path, 'between'], message: `${key} is already given at line ${at.line} (correlations.${first}); give each pair once` });
      return;
    }
    seen.set(key, i);
    entries.push({
      entry: { ...checked, from },
      place: place(path),
      namePlaces: [place([...path, 'between', 0]), place([...path, 'between', 1])],
    });
  });
  return { entries, problems };
}

/** "file:line" of a place. */
function where(place: Place): string {
  return `${place.file}:${place.line}`;
}

/**
 * Problems of the merged correlations, once every assumption is resolved: a name whose
 * assumption is fixed (a pair at spearman 0 is then dropped, as it asks for nothing), and a set
 * of pairs that cannot hold together, reported at the first of them in reading order (`files`,
 * the file given first). Returns the entries to induce, in merge order.
 */
export function resolveCorrelations(
  merged: readonly PlacedCorrelation[],
  fixedBy: (name: string) => string | undefined,
  files: readonly string[],
): { correlations: CorrelationEntry[]; errors: UserError[] } {
  const errors: UserError[] = [];
  const kept: PlacedCorrelation[] = [];
  for (const placed of merged) {
    const fixed = placed.entry.between.map(fixedBy);
    if (fixed.every((f) => f === undefined)) kept.push(placed);
    else if (placed.entry.spearman !== 0) {
      fixed.forEach((by, i) => {
        if (by === undefined) return;
        const name = placed.entry.between[i];
        errors.push(new UserError(`${name} is fixed (${by}), so it cannot be correlated; give it a distribution, or cancel this pair with spearman: 0 in a file that extends this one`, placed.namePlaces[i]));
      });
    }
  }
  if (errors.length) return { correlations: [], errors };

  const names = ASSUMPTION_NAMES.filter((name) => kept.some((p) => p.entry.between.includes(name)));
  const index = new Map(names.map((name, i) => [name, i]));
  const matrix = names.map((_, i) => names.map((_, j): number => (i === j ? 1 : 0)));
  const at = new Map<string, PlacedCorrelation>();
  for (const placed of kept) {
    const [a, b] = placed.entry.between.map((name) => index.get(name)!);
    matrix[a][b] = matrix[b][a] = placed.entry.spearman;
    at.set(pairKey(names[a], names[b]), placed);
  }
  const conflict = conflictingColumns(matrix);
  if (conflict) {
    const reading = (p: PlacedCorrelation) => files.indexOf(p.place.file ?? '') * 1e9 + (p.place.line ?? 0);
    const involved = conflict
      .flatMap((i, x) => conflict.slice(x + 1).flatMap((j) => at.get(pairKey(names[i], names[j])) ?? []))
      .sort((p, q) => reading(p) - reading(q));
    const pairs = involved.map((p) => `${p.entry.between.join(' ~ ')} ${num(p.entry.spearman)} (${where(p.place)})`);
    const message = `the correlations ${listWords(pairs)} cannot hold together (the correlation matrix of ${listWords(conflict.map((i) => names[i]))} is not positive definite); weaken one of them`;
    errors.push(new UserError(message, involved[0].place));
  }
  return { correlations: kept.map((p) => p.entry), errors };
}
