/**
 * A comparison, end to end after loading: draw every file's assumptions on common random
 * numbers, summarize each file's outputs, and attribute the change in each key output's median
 * to the assumptions that differ, file by file against the first (the reference).
 */
import { makeDistribution } from '../families/index.js';
import type { DistSpec } from '../families/types.js';
import { ChunkRunner, chunkCount, MINUTES_REAL_READS, type RowCondition, type Variant } from '../engine/chunks.js';
import { intervalRecord, percentileRecord, scenarioPlan, VERSION } from '../engine/run.js';
import { simulate } from '../engine/simulate.js';
import { PERCENTILES } from '../engine/types.js';
import { UserError } from '../errors.js';
import { formatNumber } from '../format.js';
import { ASSUMPTION_NAMES } from '../model/assumptions.js';
import { dependsOn } from '../model/depends.js';
import { KEY_OUTPUTS, OUTPUT_NAMES, findOutput } from '../model/outputs.js';
import { sequentialUniforms, type Seed } from '../random/streams.js';
import { specEquals, type Scenario } from '../scenario/index.js';
import { describeObservation, type Observation } from '../scenario/evidence.js';
import { didYouMean } from '../scenario/suggest.js';
import type { SamplingMethod } from '../sampling/design.js';
import { binEdges } from '../summary/display.js';
import { intervalRanks, percentileOfSorted, probabilityOfRank } from '../summary/percentiles.js';
import { popcount, shapley, type Game } from './shapley.js';
import type { AssumptionInFile, AttributionEntry, CompareDetail, CompareResult, ComparedFile, OutputInFile } from './types.js';

/** The outputs every comparison attributes; --output adds more. */
export { KEY_OUTPUTS };

export const MIN_FILES = 2;
export const MAX_FILES = 8;

/** Probabilities at which the page draws each CDF. */
export const DETAIL_PS: readonly number[] = [0.001, 0.005, ...Array.from({ length: 99 }, (_, k) => (k + 1) / 100), 0.995, 0.999];
const DENSITY_BINS = 40;

export interface CompareOptions {
  samples: number;
  seed: Seed;
  /** Outputs to attribute besides KEY_OUTPUTS. */
  outputs?: readonly string[];
  /** Random orders drawn when an attribution is sampled (default: shapley.ts's). */
  permutations?: number;
  /** Attributions with more players than this are sampled (default: shapley.ts's). */
  exactMaxPlayers?: number;
  /** Also summarize the draws' shapes for the comparison page. */
  detail?: boolean;
  /** Threads evaluating the model (default 1); results do not depend on it. */
  threads?: number;
  /** Called as chunks of the sampling pass are done (the progress bar). */
  onProgress?: (done: number, total: number) => void;
  /** The sampling design (default plain Monte Carlo), the same for every file. */
  method?: SamplingMethod;
}

/** KEY_OUTPUTS and the named ones, each once, in canonical order; an unknown name is a UserError. */
export function attributedOutputs(named: readonly string[] = []): string[] {
  for (const name of named) {
    if (!findOutput(name)) {
      throw new UserError(`'${name}' is not an output${didYouMean(name, OUTPUT_NAMES)}; outputs are ${OUTPUT_NAMES.join(', ')}`, {
        field: '--output',
      });
    }
  }
  const wanted = new Set<string>([...KEY_OUTPUTS, ...named]);
  return OUTPUT_NAMES.filter((name) => wanted.has(name));
}

/**
 * Every file of a comparison draws the same rows, so their correlations must agree: a pair one
 * file correlates and another does not (or differently) would need rows of their own, and the
 * attribution has no assumption to give that difference to. Refused, naming the first pair.
 */
export function checkSameCorrelations(scenarios: readonly Scenario[]): void {
  const targets = scenarios.map((s) => new Map(s.correlations.map((c) => [[...c.between].sort().join(' ~ '), c.spearman])));
  const pairs = [...new Set(targets.flatMap((t) => [...t.keys()]))].sort();
  for (const pair of pairs) {
    const values = targets.map((t) => t.get(pair) ?? 0);
    const f = values.findIndex((v) => v !== values[0]);
    if (f < 0) continue;
    const says = (i: number) => `${scenarios[i].file} gives ${values[i] === 0 ? 'none' : `spearman ${values[i]}`}`;
    throw new UserError(
      `compare draws every file from the same rows, so their correlations must agree, and for ${pair} ${says(0)} while ${says(f)}; give both files the same correlations, or run each file alone`,
    );
  }
}

export function fileLabel(index: number): string {
  return String.fromCharCode(65 + index);
}

/**
 * Compares `scenarios` (at least two; the first is the reference) on common random numbers.
 * One simulation of the engine's chunk pipeline does it all: the reference is its plan, and
 * every other file and every coalition an attribution needs is a variant of that plan (some
 * assumptions taking another file's specs) evaluated on the same draws. Which coalitions a
 * Shapley computation asks for never depends on the values it gets back, so they are listed
 * first, simulated on any number of threads, then looked up.
 */
export async function compareScenarios(
  scenarios: readonly Scenario[],
  options: CompareOptions,
): Promise<{ result: CompareResult; detail?: CompareDetail }> {
  if (scenarios.length < 2) throw new Error('a comparison needs at least two scenarios');
  const { samples, seed } = options;
  const threads = options.threads ?? 1;
  const attributed = attributedOutputs(options.outputs);
  const all = scenarios.map((_, f) => f);
  // The evidence every file is conditioned on: the pipeline's row filter, so that every
  // evaluation (each file, each coalition) summarizes only the draws that meet it.
  const evidence = sharedEvidence(scenarios);
  const reported = PERCENTILES.map((p) => p / 100);
  // Each file's percentiles carry their 95% intervals: the order statistics at the binomial ranks
  // (Hahn & Meeker), asked of the engine as the percentiles that select exactly them. Under a
  // design they are wider than the design's own (conservative); under evidence a file's count of
  // draws is known only after sampling, so there are none.
  const intervalPs = evidence.length || samples < 2 ? [] : reported.flatMap((p) => Object.values(intervalRanks(samples, p)).map((rank) => probabilityOfRank(rank, samples)));
  const ps = [...reported, ...intervalPs];
  const specOf = (f: number, name: string): DistSpec => {
    const spec = scenarios[f].assumptions.find((a) => a.name === name)?.spec;
    if (!spec) throw new Error(`assumption ${name} is missing from a resolved scenario`);
    return spec;
  };
  /** Assumptions whose spec is not the same in every one of `files`, in canonical order. */
  const differingIn = (files: readonly number[]): string[] =>
    ASSUMPTION_NAMES.filter((name) => files.some((f) => !specEquals(specOf(f, name), specOf(files[0], name))));
  /** The reference's specs with the assumptions `names` taking file f's: a variant's swaps. */
  const swaps = (f: number, names: Iterable<string>): Record<string, DistSpec> =>
    Object.fromEntries([...names].map((name) => [name, specOf(f, name)]));

  const keep: RowCondition[] = evidence.map(({ name, kind, low, high }) => ({ name, kind, low, high }));
  // The reference is the plan itself; every other file, and every coalition an attribution
  // asks for, is a variant of it evaluated on the same draws.
  const games = all.slice(1).map((f) => attributionGames(differingIn([0, f]), (names) => swaps(f, names), f, attributed, options, evidence.length > 0));
  const fileVariants: Variant[] = all.slice(1).map((f) => ({ specs: swaps(f, differingIn([0, f])), summarized: [...OUTPUT_NAMES] }));
  const variants = [...fileVariants, ...games.flatMap((g) => g.variants)];
  // Every file draws the same rows, correlations included (checked alike by compareCommand).
  const drawn = scenarioPlan(scenarios[0], { seed, samples, method: options.method });
  const simulating = simulate(
    {
      ...drawn,
      summarized: [...OUTPUT_NAMES],
      variants,
      ...(keep.length ? { keep } : {}),
    },
    // Exact percentiles of every evaluation in bounded memory: histograms, then the draws of their target bins.
    { threads, ps, exact: true, exactLimit: 0, deal: 'evaluations', ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  );
  // The page's curves, while the other threads finish their shares (the main thread's is done
  // when simulate first waits for them).
  const detail = options.detail ? detailOf(scenarios, attributed, { seed, samples, method: options.method }, keep) : undefined;
  const simulation = await simulating;
  // Per evaluation (the reference, then each variant), per output, its percentiles; and the
  // draws it kept (every draw without evidence).
  const answers: number[][][] = [];
  const accepted: number[] = [];
  let at = 0;
  for (const count of [OUTPUT_NAMES.length, ...variants.map((v) => v.summarized.length)]) {
    accepted.push(simulation.slots[at].histogram.total);
    answers.push(simulation.slots.slice(at, (at += count)).map((c) => c.percentiles));
  }
  const percentiles = answers.slice(0, all.length);
  const none = accepted.slice(0, all.length).findIndex((n) => n === 0);
  if (none >= 0) {
    throw new UserError(
      `no draw of ${scenarios[none].file} meets ${evidence.map(describeObservation).join(' and ')}, of ${samples.toLocaleString('en-US')} drawn; widen the range or check the scenario`,
      { field: evidence.length === 1 ? `evidence.${evidence[0].name}` : 'evidence' },
    );
  }
  let next = all.length;
  for (const g of games) {
    g.answer(answers.slice(next, next + g.variants.length));
    next += g.variants.length;
  }

  const files: ComparedFile[] = scenarios.map((s, f) => ({
    label: fileLabel(f),
    file: s.file,
    name: s.name,
    ...(s.description ? { description: s.description } : {}),
    input_sha256: s.inputSha256,
    ...(evidence.length ? { accepted: accepted[f] } : {}),
  }));
  const p50 = PERCENTILES.indexOf(50);
  const outputs: Record<string, OutputInFile[]> = {};
  OUTPUT_NAMES.forEach((name, j) => {
    const reference = percentiles[0][j][p50];
    outputs[name] = scenarios.map((s, f) => ({
      file: s.file,
      percentiles: percentileRecord(percentiles[f][j].slice(0, reported.length)),
      ...(intervalPs.length ? { ci95: intervalRecord(reported.map((_, k) => [percentiles[f][j][reported.length + 2 * k], percentiles[f][j][reported.length + 2 * k + 1]])) } : {}),
      ratio_p50: reference === 0 ? null : percentiles[f][j][p50] / reference,
    }));
  });

  const differing = differingIn(all);
  const assumptions: Record<string, AssumptionInFile[]> = {};
  for (const name of differing) {
    assumptions[name] = scenarios.map((s) => {
      const entry = s.assumptions.find((a) => a.name === name)!;
      return {
        file: s.file,
        spec: entry.spec,
        describe: makeDistribution(entry.spec).describe(formatNumber),
        from: entry.from,
        ...(entry.source !== undefined ? { source: entry.source } : {}),
        ...(entry.note !== undefined ? { note: entry.note } : {}),
      };
    });
  }

  const perFile = games.map((g, i) => g.attribute(scenarios[i + 1].file));
  const attribution: Record<string, AttributionEntry | AttributionEntry[]> = {};
  attributed.forEach((name, j) => {
    attribution[name] = perFile.length === 1 ? perFile[0][j] : perFile.map((entries) => entries[j]);
  });

  const result: CompareResult = {
    tool: 'sora-compute',
    version: VERSION,
    command: 'compare',
    seed,
    samples,
    ...(drawn.method ? { sampling_method: drawn.method } : {}),
    percentile_method: { definition: 'type7', exact: true, max_relative_error: 0 },
    reference: scenarios[0].file,
    files,
    outputs,
    differing,
    assumptions,
    attributed,
    attribution,
    ...(evidence.length
      ? {
          evidence: evidence.map((o) => ({
            name: o.name,
            kind: o.kind,
            low: Number.isFinite(o.low) ? o.low : null,
            high: Number.isFinite(o.high) ? o.high : null,
            ...(o.source !== undefined ? { source: o.source } : {}),
            from: o.from,
          })),
        }
      : {}),
  };
  return detail ? { result, detail } : { result };
}

/**
 * The page's curves: whole sorted columns of the attributed outputs, each file sampled once
 * more, on this thread, under the same row filter as the comparison (each file's curves are of
 * the draws that meet the evidence).
 */
function detailOf(
  scenarios: readonly Scenario[],
  attributed: readonly string[],
  drawing: { seed: Seed; samples: number; method?: SamplingMethod },
  keep: RowCondition[],
): CompareDetail {
  const { samples } = drawing;
  const sorted = new Map<string, Float64Array[]>(attributed.map((name) => [name, []]));
  for (const scenario of scenarios) {
    const runner = new ChunkRunner({ ...scenarioPlan(scenario, drawing), summarized: [...attributed], ...(keep.length ? { keep } : {}) });
    const columns = attributed.map(() => new Float64Array(samples));
    let kept = 0;
    for (let chunk = 0; chunk < chunkCount(samples); chunk++) {
      // Rows kept before this chunk: a block's `at` counts within its chunk.
      const before = kept;
      runner.feed(
        chunk,
        {
          outputsOnly: true,
          summarizedOnly: true,
          block: ({ n, at, outputs }) => {
            attributed.forEach((name, i) => columns[i].set(outputs[name].subarray(0, n), before + at));
            kept = before + at + n;
          },
        },
        (e) => e === 0,
      );
    }
    attributed.forEach((name, i) => sorted.get(name)!.push(columns[i].subarray(0, kept).sort()));
  }
  const detail: CompareDetail = { outputs: {} };
  for (const [name, list] of sorted) detail.outputs[name] = shapeOf(list);
  return detail;
}

class NotPositive extends Error {}

/**
 * The evidence every file is conditioned on: each file's `evidence:` and `--observe`, together.
 * Two files that observe the same name in different ranges cannot share it: a UserError.
 */
export function sharedEvidence(scenarios: readonly Scenario[]): Observation[] {
  const byName = new Map<string, Observation>();
  for (const s of scenarios) {
    for (const o of s.evidence) {
      const seen = byName.get(o.name);
      if (!seen) byName.set(o.name, o);
      else if (seen.low !== o.low || seen.high !== o.high) {
        throw new UserError(
          `compare conditions every file on the same evidence, but ${seen.from} observes ${describeObservation(seen)} and ${o.from} ${describeObservation(o)}`,
          { field: `evidence.${o.name}` },
        );
      }
    }
  }
  return [...byName.values()];
}

/**
 * The attributions of file `f` against the reference (file 0): per attributed output, the game
 * v(S) = ln median(output | S takes file f's specs, the rest the reference's) over the
 * differing assumptions the output depends on. `variants` lists the coalitions every game asks for,
 * each once however many outputs need it; `answer` takes their medians; `attribute` plays the
 * games on them.
 */
function attributionGames(
  differing: readonly string[],
  swaps: (names: Iterable<string>) => Record<string, DistSpec>,
  f: number,
  attributed: readonly string[],
  options: CompareOptions,
  conditioned: boolean,
) {
  const bit = new Map(differing.map((name, k) => [name, 2 ** k]));
  const maskOf = (coalition: Iterable<string>): number => {
    let mask = 0;
    for (const name of coalition) mask += bit.get(name)!;
    return mask;
  };
  const players = attributed.map((o) => differing.filter((a) => dependsOn(o).includes(a)));
  const play = (j: number, game: Game) =>
    shapley(players[j], game, {
      // Seeded from the run's seed; the stream's name cannot be an assumption's.
      random: sequentialUniforms(options.seed, `shapley/${attributed[j]}/${f}`, 0),
      ...(options.permutations !== undefined ? { permutations: options.permutations } : {}),
      ...(options.exactMaxPlayers !== undefined ? { exactMaxPlayers: options.exactMaxPlayers } : {}),
    });

  // A first play with a recording game lists the coalitions; the values it sees are ignored.
  const needs = new Map<number, { coalition: string[]; outputs: string[] }>();
  attributed.forEach((output, j) => {
    play(j, (coalition) => {
      const mask = maskOf(coalition);
      const need = needs.get(mask) ?? { coalition: [...coalition], outputs: [] };
      need.outputs.push(output);
      needs.set(mask, need);
      return 0;
    });
  });
  // The assumptions video_minutes_per_gpu_hour is made from: the engine makes it again only
  // when one of them switches (ChunkRunner.feed), so their part of the mask changes least often.
  const costly = maskOf(differing.filter((name) => MINUTES_REAL_READS.has(name)));
  const masks = walk([...needs.keys()], costly);
  const variants: Variant[] = masks.map((mask) => {
    const need = needs.get(mask)!;
    return { specs: swaps(need.coalition), summarized: need.outputs, ps: [0.5], percentilesOnly: true };
  });
  const medians = new Map<number, Map<string, number>>();

  return {
    variants,
    answer(results: number[][][]): void {
      masks.forEach((mask, k) => medians.set(mask, new Map(variants[k].summarized.map((o, i) => [o, results[k][i][0]]))));
    },
    attribute(file: string): AttributionEntry[] {
      return attributed.map((output, j): AttributionEntry => {
        try {
          const s = play(j, (coalition) => {
            const m = medians.get(maskOf(coalition))!.get(output)!;
            if (!(m > 0 && Number.isFinite(m))) throw new NotPositive();
            return Math.log(m);
          });
          const credit = (values: Record<string, number>): Record<string, number> =>
            Object.fromEntries(differing.map((name) => [name, values[name] ?? 0]));
          return {
            file,
            total_log_ratio: s.total,
            method: s.method,
            contributions: credit(s.contributions),
            players: players[j],
            coalitions: s.evaluations,
            ...(s.standardErrors ? { standard_errors: credit(s.standardErrors), permutations: s.permutations } : {}),
          };
        } catch (error) {
          if (!(error instanceof NotPositive)) throw error;
          return {
            file,
            total_log_ratio: null,
            method: 'none',
            reason: conditioned
              ? `the median of ${output} is 0 or negative, or no draw meets the evidence, under some mix of the two files, so its change has no log ratio`
              : `the median of ${output} is 0 or negative under some mix of the two files, so its change has no log ratio`,
          };
        }
      });
    },
  };
}

/**
 * The coalitions (bit masks) in the order the engine evaluates them: each next the nearest to
 * the last (the smaller mask on a tie), from the empty one, where switching an assumption of
 * `costly` is as far as switching all the others. Between two evaluations the engine copies in
 * the columns of the assumptions that switch files (this order copies about one a step, half
 * as many as ascending masks did), and it makes video_minutes_per_gpu_hour again only when one
 * of its assumptions (`costly`) switches: six divisions a row. The README's example makes it
 * 256 times a block for its 1,697 evaluations that use it.
 */
function walk(masks: readonly number[], costly: number): number[] {
  // The masks by their costly part: the nearest mask is in the last one's group while it has
  // any, else among the groups of the nearest parts (which keeps this to a few milliseconds).
  const groups = new Map<number, Set<number>>();
  for (const mask of [...masks].sort((a, b) => a - b)) {
    const part = mask & costly;
    const group = groups.get(part);
    if (group) group.add(mask);
    else groups.set(part, new Set([mask]));
  }
  const order: number[] = [];
  let last = 0;
  for (let left = masks.length; left > 0; left--) {
    const group = groups.get(last & costly);
    // The empty coalition first (none is nearer), then the smallest mask one flip away (most
    // steps have one), else the nearest of all.
    let next = group?.has(last) ? last : -1;
    if (group && next < 0) {
      for (let bit = 1; bit <= 2 ** 30; bit *= 2) {
        const flipped = last ^ bit;
        if (!(bit & costly) && group.has(flipped) && (next < 0 || flipped < next)) next = flipped;
      }
    }
    if (next < 0) {
      let nearest = Infinity;
      for (const members of group ? [group] : nearestGroups(groups, last & costly)) {
        for (const mask of members) {
          const flips = popcount(mask ^ last);
          if (flips < nearest || (flips === nearest && mask < next)) {
            nearest = flips;
            next = mask;
          }
        }
      }
    }
    const taken = groups.get(next & costly)!;
    taken.delete(next);
    if (!taken.size) groups.delete(next & costly);
    order.push(next);
    last = next;
  }
  return order;
}

/** The groups whose part differs from `part` in fewest assumptions. */
function nearestGroups(groups: ReadonlyMap<number, Set<number>>, part: number): Set<number>[] {
  const flipsTo = (other: number) => popcount(other ^ part);
  const fewest = Math.min(...[...groups.keys()].map(flipsTo));
  return [...groups].filter(([other]) => flipsTo(other) === fewest).map(([, members]) => members);
}

/** CDF points and densities over bins shared by all files, from each file's sorted draws. */
function shapeOf(sorted: readonly Float64Array[]): CompareDetail['outputs'][string] {
  const quantiles = sorted.map((s) => DETAIL_PS.map((p) => percentileOfSorted(s, p)));
  const lo = Math.min(...quantiles.map((q) => q[0]));
  const hi = Math.max(...quantiles.map((q) => q[q.length - 1]));
  const { scale, edges } = binEdges(lo, hi, DENSITY_BINS);
  const shares = sorted.map((s) => {
    const below = edges.map((e, k) => (k === edges.length - 1 ? upperBound(s, e) : lowerBound(s, e)));
    return edges.slice(1).map((_, k) => (below[k + 1] - below[k]) / s.length);
  });
  return { quantiles, density: { scale, edges, shares } };
}

/** Index of the first value >= x. */
function lowerBound(s: Float64Array, x: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first value > x. */
function upperBound(s: Float64Array, x: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
