/**
 * The structure of a scenario file, defined once with zod and built from FAMILIES and
 * ASSUMPTIONS, so a new family or assumption reaches the validator and the editor schema
 * (schema/scenario.schema.json) together. Relational and domain rules live in validate.ts.
 */
import * as z from 'zod';
import { ARRAY_PARAMS, FAMILIES, type Family, type ParamSet } from '../families/types.js';
import { ASSUMPTIONS, describeDomain } from '../model/assumptions.js';
import { OUTPUTS } from '../model/outputs.js';
import { num } from './words.js';

/** Metadata for the JSON Schema only; a local registry so ids never clash with other zod users. */
const docs = z.registry<{ id?: string; title?: string; description?: string }>();

function doc<T extends z.ZodType>(schema: T, meta: { id?: string; title?: string; description?: string }): T {
  docs.add(schema, meta);
  return schema;
}

const FAMILY_DOCS: Record<Family, string> = {
  fixed: 'a single value',
  uniform: 'every value between min and max equally likely',
  loguniform: 'uniform in the logarithm between min and max (both > 0): each factor of 10 equally likely',
  normal: 'normal with mean and sd, optionally truncated to [min, max]',
  lognormal: 'lognormal, given by its 5th and 95th percentiles or by its median and geometric sd',
  triangular: 'triangular from min to max, peaked at mode',
  pert: 'PERT (scaled beta) from min to max, most likely at mode; smoother than triangular',
  beta: 'beta(alpha, beta) scaled to [min, max] (default [0, 1])',
  discrete: 'one of a list of values, with optional relative weights',
};

const PARAM_DOCS: Record<string, string> = {
  value: 'the value',
  min: 'smallest value',
  max: 'largest value',
  'normal.min': 'truncate below this value',
  'normal.max': 'truncate above this value',
  mean: 'mean',
  sd: 'standard deviation (> 0)',
  p5: '5th percentile',
  p95: '95th percentile',
  median: 'median',
  gsd: 'geometric standard deviation (> 1): the median times or divided by gsd covers about 68%',
  mode: 'most likely value',
  alpha: 'first shape parameter (> 0)',
  beta: 'second shape parameter (> 0)',
  values: 'the values a draw can take',
  weights: 'relative weight of each value, in the same order (default: all equal)',
};

/** What a person may attach to any assumption written as a mapping. */
export const ANNOTATIONS = ['source', 'note'] as const;

const annotations = {
  source: doc(z.string(), { description: 'where the value comes from' }).optional(),
  note: doc(z.string(), { description: 'why this value or distribution was chosen' }).optional(),
};

function param(family: Family, name: string): z.ZodType {
  const schema = ARRAY_PARAMS.includes(name) ? z.array(z.number()).min(1) : z.number();
  return doc(schema, { description: PARAM_DOCS[`${family}.${name}`] ?? PARAM_DOCS[name] ?? name });
}

function paramSetSchema(family: Family, set: ParamSet): z.ZodObject {
  const shape: Record<string, z.ZodType> = { dist: z.literal(family) };
  for (const name of set.required) shape[name] = param(family, name);
  for (const name of set.optional ?? []) shape[name] = param(family, name).optional();
  return z.strictObject({ ...shape, ...annotations });
}

const FAMILY_NAMES = Object.keys(FAMILIES) as Family[];

/** One strict object per accepted parameter set of each family (lognormal has two). */
export const PARAM_SET_SCHEMAS: Readonly<Record<Family, readonly z.ZodObject[]>> = Object.fromEntries(
  FAMILY_NAMES.map((family) => [
    family,
    FAMILIES[family].map((set) =>
      doc(paramSetSchema(family, set), {
        id: FAMILIES[family].length > 1 ? `${family}_${set.required.join('_')}` : family,
        description: FAMILY_DOCS[family],
      }),
    ),
  ]),
) as Record<Family, z.ZodObject[]>;

/** `{value: 4, source: ...}`: a fixed value that can carry a source or note. */
export const FIXED_VALUE_SCHEMA = doc(z.strictObject({ value: param('fixed', 'value'), ...annotations }), {
  id: 'fixed_value',
  description: 'a fixed value with a source or note',
});

const assumptionValue = doc(
  z.union([
    doc(z.number(), { description: 'a fixed value' }),
    FIXED_VALUE_SCHEMA,
    ...FAMILY_NAMES.flatMap((family) => PARAM_SET_SCHEMAS[family]),
  ]),
  { id: 'assumption' },
);

const assumptions = z.strictObject(
  Object.fromEntries(
    ASSUMPTIONS.map((info) => [
      info.name,
      doc(assumptionValue.clone(), { description: `${info.meaning} [${info.unit}]; ${describeDomain(info.domain)}; default ${num(info.articleValue)}` }).optional(),
    ]),
  ),
);

const header = {
  $schema: doc(z.string(), { description: 'the JSON Schema of this file, for editors' }).optional(),
  name: doc(z.string(), { description: 'the scenario name shown in reports (default: the file name)' }).optional(),
  description: doc(z.string(), { description: 'what this scenario represents' }).optional(),
  extends: doc(z.string(), {
    description: 'another scenario file, relative to this one, whose assumptions this one inherits and overrides',
  }).optional(),
  gpu: doc(z.string(), {
    description:
      'a GPU of the catalogue (data/gpus.yaml), such as h100-sxm, h200, b200, gb200, a100 or mi300x: sets gpu_peak_flops (dense BF16) and gpu_hour_price_usd, which assumptions can still override',
  }).optional(),
};

const observation = doc(
  z.strictObject({
    low: doc(z.number(), { description: 'the smallest value observed (inclusive); leave out for an upper bound only' }).optional(),
    high: doc(z.number(), { description: 'the largest value observed (inclusive); leave out for a lower bound only' }).optional(),
    ...annotations,
  }),
  { id: 'observation', description: 'an observed range' },
);

const evidence = z.strictObject(
  Object.fromEntries(
    [
      ...OUTPUTS.map((o) => [o.name, `output: ${o.meaning} [${o.unit}]`] as const),
      ...ASSUMPTIONS.map((a) => [a.name, `assumption: ${a.meaning} [${a.unit}]`] as const),
    ].map(([name, description]) => [name, doc(observation.clone(), { description }).optional()]),
  ),
);


/** `{between: [a, b], spearman: r}`: a target rank correlation between two uncertain assumptions. */
const assumptionName = doc(z.enum(ASSUMPTIONS.map((info) => info.name) as [string, ...string[]]), { id: 'assumption_name', description: 'a canonical assumption name' });
export const CORRELATION_SCHEMA = doc(
  z.strictObject({
    between: doc(z.tuple([assumptionName, assumptionName]), { description: 'the two uncertain assumptions, by canonical name' }),
    spearman: doc(z.number().min(-1).max(1), { description: 'the target Spearman rank correlation between them, from -1 to 1' }),
    ...annotations,
  }),
  { id: 'correlation', description: 'a target rank correlation between two uncertain assumptions, induced by the Iman-Conover method' },
);

export const TOP_LEVEL_KEYS: readonly string[] = [...Object.keys(header), 'assumptions', 'evidence', 'correlations'];

/** The whole file: what the JSON Schema describes. */
export const scenarioFileSchema = doc(
  z.strictObject({
    ...header,
    assumptions: doc(assumptions, { description: 'assumptions by canonical name; any left out take the seed-article value' }).optional(),
    evidence: doc(evidence, {
      description: 'outputs or assumptions observed within a range: a run keeps only the draws that meet every observation (rejection sampling)',
    }).optional(),
    correlations: doc(z.array(CORRELATION_SCHEMA), {
      description: "target rank correlations between uncertain assumptions; a pair given here replaces the same pair in the file this one extends, and spearman 0 cancels it",
    }).optional(),
  }),
  {
    title: 'sora-compute scenario',
    description: 'Assumptions for the sora-compute Monte Carlo simulator: a number, or a distribution, per assumption.',
  },
);

/** The file with assumptions, evidence and correlations left unchecked, so each one is checked on its own with better messages. */
export const headerSchema = z.strictObject({
  ...header,
  assumptions: z.record(z.string(), z.unknown()).optional(),
  evidence: z.record(z.string(), z.unknown()).optional(),
  correlations: z.array(z.unknown()).optional(),
});

/** The JSON Schema editors use, generated from the zod definitions above. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioFileSchema, { target: 'draft-2020-12', metadata: docs }) as Record<string, unknown>;
}
