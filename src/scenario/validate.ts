/**
 * Checks one assumption as written (a number or a mapping) and turns it into a DistSpec:
 * structure with the zod schemas, parameter relations with makeDistribution, and the
 * assumption's domain with the distribution's support. Problems carry paths, not places,
 * so the same checks serve files and --set.
 */
import type * as z from 'zod';
import { makeDistribution } from '../families/index.js';
import { FAMILIES, ParamError, type DistSpec, type Distribution, type Family, type ParamSet } from '../families/types.js';
import { ASSUMPTION_NAMES, findAssumption, domainBounds, type Domain } from '../model/assumptions.js';
import { ANNOTATIONS, FIXED_VALUE_SCHEMA, PARAM_SET_SCHEMAS, TOP_LEVEL_KEYS } from './schema.js';
import type { Path, Problem } from './source.js';
import { didYouMean, listWords, nearest } from './suggest.js';
import { describeValue, num } from './words.js';

export interface CheckedAssumption {
  spec: DistSpec;
  source?: string;
  note?: string;
}

const FAMILY_NAMES = Object.keys(FAMILIES) as Family[];

/** A plain mapping, as YAML gives it (not a list, nor !!binary data). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function takes(family: Family): string {
  const sets = FAMILIES[family].map(
    (s) => listWords(s.required) + (s.optional?.length ? `, and optionally ${listWords(s.optional, 'and')}` : ''),
  );
  return `${family} takes ${sets.join(', or ')}`;
}

/** The value at a zod issue's path inside `raw`. */
function at(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const step of path) value = isMapping(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[step] : undefined;
  return value;
}

function label(path: readonly PropertyKey[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : (i ? '.' : '') + String(s))).join('');
}

/** zod issues on one assumption mapping, in words that say what is valid. */
function issueProblems(issues: readonly z.core.$ZodIssue[], raw: Record<string, unknown>, base: Path, family: Family | undefined, set?: ParamSet): Problem[] {
  const allowed = family ? FAMILIES[family].flatMap((s) => [...s.required, ...(s.optional ?? [])]) : ['value'];
  const takesText = family ? takes(family) : `a fixed value takes value, and optionally ${listWords([...ANNOTATIONS])}; for a distribution add dist: and its parameters`;
  return issues.flatMap((issue): Problem[] => {
    const path = [...base, ...(issue.path as (string | number)[])];
    const name = label(issue.path);
    const found = at(raw, issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((k) => ({
          path: [...path, k],
          key: true,
          // A parameter of the family's other set (lognormal p5/p95 against median/gsd) is a mix, not a typo.
          message: allowed.includes(k)
            ? `'${k}' cannot be given with ${listWords([...(set?.required ?? []), ...(set?.optional ?? [])].filter((p) => p in raw))}; ${takesText}`
            : `${family ?? 'a fixed value'} does not take '${k}'${didYouMean(k, [...allowed, ...ANNOTATIONS])}; ${takesText}`,
        }));
      case 'invalid_type':
        if (found === undefined) return [{ path, message: `${family ?? 'a fixed value'} needs ${name}; ${takesText}` }];
        if (issue.expected === 'number' && typeof found === 'number') {
          return [{ path, message: `${name} is ${num(found)}; give a finite number` }];
        }
        if (issue.expected === 'number') return [{ path, message: `${name} must be a number; found ${describeValue(found)}` }];
        if (issue.expected === 'array') return [{ path, message: `${name} must be a list of numbers, such as [1, 2]; found ${describeValue(found)}` }];
        if (issue.expected === 'string') {
          const hint = typeof found === 'number' || typeof found === 'boolean' ? ' (quote it)' : '';
          return [{ path, message: `${name} must be a string; found ${describeValue(found)}${hint}` }];
        }
        return [{ path, message: `${name} must be of type ${issue.expected}; found ${describeValue(found)}` }];
      case 'too_small':
        return [{ path, message: `${name} must list at least one number` }];
      default:
        return [{ path, message: `${name}: ${issue.message}` }];
    }
  });
}

/** Of a family's parameter sets, the one the mapping most looks like (lognormal has two). */
function chooseSet(family: Family, raw: Record<string, unknown>): number {
  const score = (s: ParamSet) => [...s.required, ...(s.optional ?? [])].filter((p) => p in raw).length;
  const sets = FAMILIES[family];
  let best = 0;
  sets.forEach((s, i) => {
    if (score(s) > score(sets[best])) best = i;
  });
  return best;
}

function withoutAnnotations(data: Record<string, unknown>): DistSpec {
  const spec = { ...data };
  for (const k of ANNOTATIONS) delete spec[k];
  return spec as DistSpec;
}

/** The structure of one assumption value: a number, `{value}`, or `{dist, ...params}`. */
function parseStructure(name: string, raw: unknown, path: Path): { checked?: CheckedAssumption; problems: Problem[] } {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { problems: [{ path, message: `${name} is ${num(raw)}; give a finite number` }] };
    return { checked: { spec: { dist: 'fixed', value: raw } }, problems: [] };
  }
  if (!isMapping(raw)) {
    const message = `${name} must be a number, or a mapping with value: or with dist: (one of ${listWords(FAMILY_NAMES, 'or')}) and its parameters; found ${describeValue(raw)}`;
    return { problems: [{ path, message }] };
  }
  let family: Family | undefined;
  let set: ParamSet | undefined;
  let schema: z.ZodObject;
  if ('dist' in raw) {
    const dist = raw.dist;
    if (typeof dist !== 'string' || !(dist in FAMILIES)) {
      const message =
        typeof dist === 'string'
          ? `unknown distribution '${dist}'${didYouMean(dist, FAMILY_NAMES)}; the families are ${listWords(FAMILY_NAMES)}`
          : `dist must name a family (${listWords(FAMILY_NAMES, 'or')}); found ${describeValue(dist)}`;
      return { problems: [{ path: [...path, 'dist'], message }] };
    }
    family = dist as Family;
    const chosen = chooseSet(family, raw);
    set = FAMILIES[family][chosen];
    schema = PARAM_SET_SCHEMAS[family][chosen];
  } else if ('value' in raw) {
    schema = FIXED_VALUE_SCHEMA;
  } else {
    const message = `${name} needs dist: (one of ${listWords(FAMILY_NAMES, 'or')}) and its parameters, or value: for a fixed number`;
    return { problems: [{ path, message }] };
  }
  const result = schema.safeParse(raw);
  if (!result.success) return { problems: issueProblems(result.error.issues, raw, path, family, set) };
  const { source, note } = result.data as { source?: string; note?: string };
  const spec = family ? withoutAnnotations(result.data) : ({ dist: 'fixed', value: (result.data as { value: number }).value } as DistSpec);
  return { checked: { spec, ...(source !== undefined ? { source } : {}), ...(note !== undefined ? { note } : {}) }, problems: [] };
}

/** How a domain reads in a message: "a fraction must be between 0 and 1". */
function domainText(name: string, domain: Domain): string {
  switch (domain) {
    case 'fraction':
      return 'a fraction must be between 0 and 1';
    case 'utilization':
      return 'a utilization must be greater than 0 and at most 1';
    case 'positive':
      return `${name} must be greater than 0`;
    case 'at_least_one':
      return `${name} must be at least 1`;
    case 'nonnegative':
      return `${name} must be at least 0`;
  }
}

/** The support of the distribution must lie in the assumption's domain. */
function domainProblems(name: string, spec: DistSpec, dist: Distribution, raw: unknown, path: Path): Problem[] {
  const info = findAssumption(name);
  if (!info) return [];
  const bounds = domainBounds(info.domain);
  const range = domainText(name, info.domain);
  // A range is refused when it includes a refused value (uniform from 0 for a utilization), as
  // the value itself is; only a lognormal's 0, an end it approaches but never reaches, may touch an open bound.
  const asymptotic = spec.dist === 'lognormal';
  const lowOk = (x: number) => x > bounds.min || (x === bounds.min && (!bounds.minOpen || asymptotic || !Number.isFinite(x)));
  const highOk = (x: number) => x < bounds.max || (x === bounds.max && (!bounds.maxOpen || asymptotic || !Number.isFinite(x)));
  const outside = `is outside the valid range: ${range}`;

  if (spec.dist === 'fixed') {
    if (lowOk(spec.value) && highOk(spec.value)) return [];
    return [{ path: typeof raw === 'number' ? path : [...path, 'value'], message: `${num(spec.value)} ${outside}` }];
  }
  if (spec.dist === 'discrete') {
    return spec.values.flatMap((v, i) =>
      lowOk(v) && highOk(v) ? [] : [{ path: [...path, 'values', i], message: `discrete value ${num(v)} ${outside}` }],
    );
  }
  const problems: Problem[] = [];
  const [lo, hi] = dist.support;
  const ends = [
    { ok: lowOk(lo), param: 'min', side: 'below', fix: bounds.minOpen ? `add a min above ${num(bounds.min)}` : `add min: ${num(bounds.min)}` },
    { ok: highOk(hi), param: 'max', side: 'above', fix: bounds.maxOpen ? `add a max below ${num(bounds.max)}` : `add max: ${num(bounds.max)}` },
  ];
  for (const end of ends) {
    if (end.ok) continue;
    const given = (spec as Record<string, unknown>)[end.param];
    if (typeof given === 'number') {
      problems.push({ path: [...path, end.param], message: `${spec.dist} ${end.param} ${num(given)} ${outside}` });
    } else if (spec.dist === 'normal') {
      problems.push({ path, message: `normal is unbounded ${end.side}; ${range}: ${end.fix}` });
    } else if (spec.dist === 'beta') {
      // beta without min and max spans [0, 1].
      problems.push({ path, message: `beta without ${end.param} ${end.param === 'min' ? 'starts at 0' : 'ends at 1'}; ${range}: ${end.fix}` });
    } else {
      const x = end.param === 'min' ? lo : hi;
      const reach = Number.isFinite(x) ? `reaches ${num(x)}` : `is unbounded ${end.side}`;
      problems.push({ path, message: `${spec.dist} ${reach}; ${range}: use a family with ${end.param}, such as uniform, triangular or pert` });
    }
  }
  return problems;
}

/** A path from ParamError.param ("p95", or "values.2" for one element). */
function paramPath(param: string, raw: unknown, path: Path): Path {
  if (!isMapping(raw)) return path;
  return [...path, ...param.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s))];
}

/** One assumption, checked through: structure, relations between parameters, domain. */
export function checkAssumption(name: string, raw: unknown, path: Path): { checked?: CheckedAssumption; problems: Problem[] } {
  const { checked, problems } = parseStructure(name, raw, path);
  if (!checked) return { problems };
  let dist: Distribution;
  try {
    dist = makeDistribution(checked.spec);
  } catch (e) {
    if (e instanceof ParamError) return { problems: [{ path: paramPath(e.param, raw, path), message: e.message }] };
    throw e;
  }
  const outOfDomain = domainProblems(name, checked.spec, dist, raw, path);
  return outOfDomain.length ? { problems: outOfDomain } : { checked, problems: [] };
}

/** "unknown assumption 'sora_param'; did you mean 'sora_params'?" */
export function unknownAssumption(name: string): string {
  const guess = nearest(name, ASSUMPTION_NAMES);
  return `unknown assumption '${name}'; ` + (guess ? `did you mean '${guess}'?` : `the assumptions are ${listWords(ASSUMPTION_NAMES)}`);
}

/** Problems with the keys of the file itself, from the header schema's issues. */
export function headerProblems(issues: readonly z.core.$ZodIssue[], raw: Record<string, unknown>): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    const path = issue.path as (string | number)[];
    const key = String(path[0] ?? '');
    const found = describeValue(at(raw, issue.path));
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({
        path: [k],
        key: true,
        message: `unknown key '${k}'${didYouMean(k, TOP_LEVEL_KEYS)}; a scenario file has ${listWords(TOP_LEVEL_KEYS.filter((key) => key !== '$schema'))}`,
      }));
    }
    if (key === 'assumptions') {
      return [{ path, message: `assumptions must be a mapping from assumption name to a number or a distribution; found ${found}` }];
    }
    if (key === 'correlations') {
      return [{ path, message: `correlations must be a list of {between: [name, name], spearman: number}; found ${found}` }];
    }
    if (key === 'extends') return [{ path, message: `extends must be the path of another scenario file, as a string; found ${found}` }];
    if (key === 'evidence') return [{ path, message: `evidence must be a mapping from an output or assumption name to {low, high}; found ${found}` }];
    return [{ path, message: `${key} must be a string; found ${found}` }];
  });
}
