import { describe, expect, it } from 'vitest';
import { quantileSorted } from 'simple-statistics';
import { ASSUMPTIONS } from '../src/model/assumptions.js';
import { dependsOn } from '../src/model/depends.js';
import { OUTPUTS } from '../src/model/outputs.js';
import type { DistSpec } from '../src/families/types.js';
import { ChunkRunner, chunkCount, summarySlots, type BlockConsumer, type BlockRows, type SimulationPlan, type Variant } from '../src/engine/chunks.js';
import { defaultThreads, GROUP_DRAWS, MIN_CHUNKS_PER_THREAD, simulate, type Simulation } from '../src/engine/simulate.js';
import { CHUNK_SIZE } from '../src/random/streams.js';
import { percentileOfSorted, STREAMING_MAX_RELATIVE_ERROR } from '../src/summary/percentiles.js';
import { kernelArena } from '../src/kernel/arena.js';
import { COARSE_BITS, MergedHistogram } from '../src/summary/histogram.js';

const UNCERTAIN: Record<string, DistSpec> = {
  sora_params: { dist: 'lognormal', p5: 5e9, p95: 60e9 },
  data_multiplier: { dist: 'uniform', min: 4, max: 10 },
  diffusion_steps: { dist: 'loguniform', min: 25, max: 250 },
  cfg_factor: { dist: 'discrete', values: [1, 2], weights: [0.3, 0.7] },
  training_utilization: { dist: 'pert', min: 0.3, mode: 0.4, max: 0.6 },
  youtube_ai_share: { dist: 'triangular', min: 0.02, mode: 0.1, max: 0.3 },
  tiktok_minutes_per_day: { dist: 'normal', mean: 30e6, sd: 8e6, min: 0 },
};

function plan(samples: number, overrides: Record<string, DistSpec> = {}): SimulationPlan {
  const specs = { ...UNCERTAIN, ...overrides };
  return {
    seed: 11,
    samples,
    assumptions: ASSUMPTIONS.map((a) => ({ name: a.name, spec: specs[a.name] ?? { dist: 'fixed', value: a.articleValue } })),
    summarized: ['gpus_peak', 'crossover_video_minutes', 'training_flops', 'training_gpus', 'cost_per_video_minute_usd'],
  };
}

const PS = [0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999];

function comparable(s: Simulation): unknown {
  return Object.fromEntries(
    Object.entries(s.columns).map(([name, c]) => [
      name,
      {
        mean: c.mean,
        sd: c.sd,
        min: c.min,
        max: c.max,
        percentiles: c.percentiles,
        // The window's padding depends on which chunk a worker saw first; the counts per key do not.
        counts: Array.from(c.histogram.counts).flatMap((n, i) => (n ? [`${c.histogram.base + i}:${n}`] : [])).join(','),
      },
    ]),
  );
}

describe('the engine', () => {
  // 3.5 chunks, so workers get unequal shares and the last chunk is partial.
  const samples = Math.floor(3.5 * CHUNK_SIZE);

  it('gives identical summaries on 1, 2 and 3 threads', async () => {
    const one = await simulate(plan(samples), { threads: 1, ps: PS });
    const two = await simulate(plan(samples), { threads: 2, ps: PS });
    const three = await simulate(plan(samples), { threads: 3, ps: PS });
    expect(comparable(two)).toEqual(comparable(one));
    expect(comparable(three)).toEqual(comparable(one));
  }, 60_000);

  it.each([
    ['streaming', 0],
    ['exact', undefined],
  ])('gives identical %s summaries on 1 and 3 threads with a pilot before the workers', async (_, exactLimit) => {
    const n = Math.floor(6.5 * CHUNK_SIZE);
    const one = await simulate(plan(n), { threads: 1, ps: PS, exactLimit });
    const three = await simulate(plan(n), { threads: 3, ps: PS, exactLimit });
    expect(comparable(three)).toEqual(comparable(one));
  }, 60_000);

  it.each([
    ['every evaluation in one group', GROUP_DRAWS, undefined],
    ['a group per evaluation', 1, undefined],
    ['windows of no margin, whose medians are found again after', GROUP_DRAWS, 0],
    ['a second pass (too many groups for the evaluations)', undefined, undefined],
  ])('gives the same summaries of the plan and its variants dealt by evaluation, on 1, 2 and 3 threads: %s', async (_, groupDraws, pilotMargin) => {
    // Variants as compare's: medians only (percentilesOnly), one switching two assumptions, and
    // one summarized whole.
    const median = { ps: [0.5], percentilesOnly: true };
    const variants: Variant[] = [
      { specs: { sora_params: { dist: 'uniform', min: 5e9, max: 50e9 } as DistSpec }, summarized: ['gpus_peak'], ...median },
      { specs: { cfg_factor: { dist: 'fixed', value: 2 } as DistSpec }, summarized: ['gpus_peak', 'training_flops'], ...median },
      {
        specs: { sora_params: { dist: 'uniform', min: 5e9, max: 50e9 } as DistSpec, diffusion_steps: { dist: 'fixed', value: 50 } as DistSpec },
        summarized: ['crossover_video_minutes'],
      },
      // Two values only (cfg_factor's): every draw ties at one of the window's edges.
      { specs: { diffusion_steps: { dist: 'fixed', value: 50 } as DistSpec }, summarized: ['dit_flops_per_image'], ...median },
    ];
    const withVariants = { ...plan(samples), variants };
    const windowed = summarySlots(withVariants).map(({ variant }) => variant >= 0 && variants[variant].percentilesOnly === true);
    // A windowed slot promises its percentiles only (the rest NaN when windowed); the others, everything.
    const slots = (s: Simulation, windows: boolean) =>
      comparable({
        ...s,
        columns: Object.fromEntries(
          s.slots.map((slot, j) => [j, windowed[j] && windows ? { ...slot, mean: NaN, sd: NaN, min: NaN, max: NaN, histogram: new MergedHistogram(COARSE_BITS) } : slot]),
        ),
      });
    const byChunk = await simulate(withVariants, { threads: 1, ps: PS, exact: true, exactLimit: 0 });
    for (const threads of [1, 2, 3]) {
      const byEvaluation = await simulate(withVariants, { threads, ps: PS, exact: true, exactLimit: 0, deal: 'evaluations', groupDraws, pilotMargin });
      const grouped = groupDraws !== undefined;
      expect(slots(byEvaluation, false)).toEqual(slots(byChunk, grouped));
      if (grouped) windowed.forEach((w, j) => expect(Number.isNaN(byEvaluation.slots[j].mean)).toBe(w));
      // A window of no margin is two ranks wide when it narrows: the continuous outputs' medians
      // of the whole run fall outside theirs, and are found another way, exactly; the two-valued
      // one's draws all tie at an edge, so its window always holds the median.
      expect(byEvaluation.pilotMisses).toBe(pilotMargin === 0 ? 3 : 0);
    }
  }, 60_000);

  it('reuses video_minutes_per_gpu_hour only while its assumptions hold: each variant’s median is what the scenario with its specs gives, evaluated whole', async () => {
    // In this order the kernel makes it (sora_params switched), reuses it (only peak_factor
    // switched), makes it (sora_params back), reuses it (gpu_hour_price_usd), makes it
    // (inference_utilization), skips it (the crossover), then makes it again (sora_params).
    const fixed = (value: number): DistSpec => ({ dist: 'fixed', value });
    const wider: DistSpec = { dist: 'uniform', min: 5e9, max: 50e9 };
    const median = { ps: [0.5], percentilesOnly: true };
    const variants: Variant[] = [
      { specs: { sora_params: wider }, summarized: ['gpus_peak'], ...median },
      { specs: { sora_params: wider, peak_factor: fixed(5) }, summarized: ['gpus_peak'], ...median },
      { specs: { peak_factor: fixed(5) }, summarized: ['gpus_peak', 'cost_per_video_minute_usd'], ...median },
      { specs: { peak_factor: fixed(5), gpu_hour_price_usd: fixed(9) }, summarized: ['cost_per_video_minute_usd'], ...median },
      { specs: { inference_utilization: fixed(0.2), gpu_hour_price_usd: fixed(9) }, summarized: ['gpu_seconds_per_video_minute', 'video_minutes_per_gpu_hour'], ...median },
      { specs: { inference_utilization: fixed(0.2), sora_params: wider }, summarized: ['crossover_video_minutes'], ...median },
      { specs: { inference_utilization: fixed(0.2) }, summarized: ['gpus_peak'], ...median },
    ];
    const n = Math.floor(1.5 * CHUNK_SIZE);
    const slots = summarySlots({ ...plan(n), variants });
    // Every output of the reference evaluated together (more than evaluateOutputs takes alone).
    const whole = ['gpus_peak', 'cost_per_video_minute_usd', 'gpu_seconds_per_video_minute', 'video_minutes_per_gpu_hour', 'crossover_video_minutes'];
    const expected = await Promise.all(
      slots.map(async ({ variant, output }) => {
        if (variant < 0) return null;
        const reference = await simulate({ ...plan(n, variants[variant].specs), summarized: whole }, { threads: 1, ps: [0.5] });
        return reference.columns[output].percentiles[0];
      }),
    );
    for (const threads of [1, 2]) {
      const got = await simulate({ ...plan(n), variants }, { threads, ps: PS, exact: true, exactLimit: 0, deal: 'evaluations' });
      slots.forEach(({ variant, output }, j) => {
        if (variant >= 0) expect(got.slots[j].percentiles[0], `variant ${variant} ${output}, ${threads} threads`).toBe(expected[j]);
      });
    }
  }, 60_000);

  it('draws a run of n samples as the prefix of a run of 2n (chunks do not depend on n)', () => {
    const n = CHUNK_SIZE + 1000;
    const short = new ChunkRunner(plan(n));
    const long = new ChunkRunner(plan(2 * n));
    for (const chunk of [0, 1]) {
      const a = short.sample(chunk);
      const rows = a.n;
      const aColumns = ['sora_params', 'cfg_factor', 'gpus_peak'].map((name) => (a.inputs[name] ?? a.outputs[name]).slice(0, rows));
      const b = long.sample(chunk);
      ['sora_params', 'cfg_factor', 'gpus_peak'].forEach((name, k) => {
        expect(Array.from((b.inputs[name] ?? b.outputs[name]).subarray(0, rows))).toEqual(Array.from(aColumns[k]));
      });
    }
  });

  it('streaming percentiles stay within their stated bound of the exact ones', async () => {
    const exact = await simulate(plan(samples), { threads: 1, ps: PS });
    const streaming = await simulate(plan(samples), { threads: 1, ps: PS, exactLimit: 0 });
    expect(exact.exact).toBe(true);
    expect(streaming.exact).toBe(false);
    for (const [name, column] of Object.entries(exact.columns)) {
      column.percentiles.forEach((x, i) => {
        const y = streaming.columns[name].percentiles[i];
        expect(Math.abs(y - x) / Math.abs(x), `${name} p${PS[i]}`).toBeLessThanOrEqual(STREAMING_MAX_RELATIVE_ERROR);
      });
      expect(streaming.columns[name].mean).toBe(column.mean);
    }
  });

  it.each([
    ['streaming', 0],
    ['exact', undefined],
  ])('%s percentiles do not depend on where the pilot placed them', async (_, exactLimit) => {
    // Longer than the pilot and than GATHER_ALL_LIMIT, so the pilot places the percentiles.
    const n = Math.floor(6.5 * CHUNK_SIZE);
    const placed = await simulate(plan(n), { threads: 2, ps: PS, exactLimit });
    // A margin of one rank misplaces some percentiles, which then cost one more pass.
    const missed = await simulate(plan(n), { threads: 2, ps: PS, exactLimit, pilotMargin: 0 });
    expect(placed.pilotMisses).toBe(0);
    expect(missed.pilotMisses).toBeGreaterThan(0);
    expect(comparable(missed)).toEqual(comparable(placed));
  }, 60_000);

  it('summarizes blocked draws exactly as whole chunks sort (simple-statistics)', async () => {
    const n = Math.floor(1.5 * CHUNK_SIZE) + 1; // odd, so the last block has a draw left over
    const result = await simulate(plan(n), { threads: 1, ps: PS });
    const runner = new ChunkRunner(plan(n));
    const draws: Record<string, number[]> = {};
    for (const chunk of [0, 1]) {
      const { n: rows, outputs } = runner.sample(chunk);
      for (const name of plan(n).summarized) (draws[name] ??= []).push(...outputs[name].subarray(0, rows));
    }
    for (const [name, values] of Object.entries(draws)) {
      const sorted = [...values].sort((a, b) => a - b);
      expect(result.columns[name].percentiles, name).toEqual(PS.map((p) => quantileSorted(sorted, p)));
      expect([result.columns[name].min, result.columns[name].max]).toEqual([sorted[0], sorted[sorted.length - 1]]);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
      // Summation order differs from the naive loops: agreement to rounding, not bit for bit.
      expect(Math.abs(result.columns[name].mean - mean)).toBeLessThanOrEqual(1e-12 * Math.abs(mean));
      expect(Math.abs(result.columns[name].sd - sd)).toBeLessThanOrEqual(1e-9 * sd);
    }
  });

  it('exact percentiles by re-sampling equal those gathered in the pass', async () => {
    const gathered = await simulate(plan(samples), { threads: 2, ps: PS });
    const resampled = await simulate(plan(samples), { threads: 2, ps: PS, exactLimit: 0, exact: true });
    expect(comparable(resampled)).toEqual(comparable(gathered));
  }, 60_000);

  it('changing youtube_ai_share leaves every output that does not depend on it bit-identical', () => {
    const n = 5000;
    const a = new ChunkRunner(plan(n)).sample(0);
    const b = new ChunkRunner(plan(n, { youtube_ai_share: { dist: 'uniform', min: 0.2, max: 0.6 } })).sample(0);
    for (const output of OUTPUTS) {
      const same = Array.from(a.outputs[output.name].subarray(0, n)).every((x, i) => Object.is(x, b.outputs[output.name][i]));
      expect(same, output.name).toBe(!dependsOn(output.name).includes('youtube_ai_share'));
    }
  });
});

describe('the default thread count', () => {
  const chunks = (k: number) => k * CHUNK_SIZE;
  it('is one thread for runs too short to give another thread its share of chunks', () => {
    expect(defaultThreads(100_000, 2)).toBe(1);
    expect(defaultThreads(chunks(2 * MIN_CHUNKS_PER_THREAD - 1), 2)).toBe(1);
    expect(defaultThreads(1, 64)).toBe(1);
  });
  it('adds a thread per MIN_CHUNKS_PER_THREAD chunks, up to the cores', () => {
    expect(defaultThreads(chunks(2 * MIN_CHUNKS_PER_THREAD), 2)).toBe(2);
    expect(defaultThreads(chunks(3 * MIN_CHUNKS_PER_THREAD) + 1, 8)).toBe(3);
    expect(defaultThreads(1e8, 2)).toBe(2);
    expect(defaultThreads(1e8, 1)).toBe(1);
  });
});

describe("the kernel arena's room for a simulation's counters", () => {
  /** Where the next transient counters would go. */
  function nextTransient(): number {
    const arena = kernelArena()!;
    arena.enter();
    const at = arena.u32(4, true)!.byteOffset;
    arena.leave();
    return at;
  }

  it('is given back, zeroed, when the last simulation in progress ends', () => {
    const arena = kernelArena()!;
    arena.enter();
    const first = arena.u32(1000, true)!;
    first.fill(7);
    arena.enter(); // a second simulation in progress keeps the first one's counters
    expect(arena.u32(1000, true)!.byteOffset).toBeLessThan(first.byteOffset);
    arena.leave();
    arena.leave();
    arena.enter();
    const again = arena.u32(1000, true)!;
    arena.leave();
    expect(again.byteOffset).toBe(first.byteOffset);
    expect(again.every((count) => count === 0)).toBe(true);
  });

  it('holds nothing after a simulation, which gives the same summaries when run again', async () => {
    const before = nextTransient();
    const first = await simulate(plan(5 * CHUNK_SIZE), { threads: 1, ps: PS, exactLimit: 0 });
    expect(nextTransient()).toBe(before);
    const second = await simulate(plan(5 * CHUNK_SIZE), { threads: 1, ps: PS, exactLimit: 0 });
    expect(comparable(second)).toEqual(comparable(first));
  });

  it('feeds a consumer every row of every chunk once, in order, as sample() gives them', () => {
    // docs/engine.md's smallest consumer: how often gpus_peak exceeds a threshold.
    class Exceedance implements BlockConsumer {
      above = 0;
      rows = 0;
      block({ n, start, outputs }: BlockRows): void {
        expect(start).toBe(this.rows % CHUNK_SIZE);
        const x = outputs.gpus_peak;
        for (let i = 0; i < n; i++) if (x[i] > 1e6) this.above++;
        this.rows += n;
      }
    }
    const n = CHUNK_SIZE + 5000;
    const runner = new ChunkRunner(plan(n));
    const exceedance = new Exceedance();
    for (let chunk = 0; chunk < chunkCount(n); chunk++) runner.feed(chunk, exceedance);
    let expected = 0;
    for (let chunk = 0; chunk < chunkCount(n); chunk++) {
      const { n: rows, outputs } = runner.sample(chunk);
      for (let i = 0; i < rows; i++) if (outputs.gpus_peak[i] > 1e6) expected++;
    }
    expect(exceedance.rows).toBe(n);
    expect(exceedance.above).toBe(expected);
    expect(expected).toBeGreaterThan(0);
  });
});

describe("the pipeline's row filter (compare's shared evidence)", () => {
  const keep = [
    { name: 'sora_params', kind: 'assumption' as const, low: 8e9, high: 40e9 },
    { name: 'gpus_peak', kind: 'output' as const, low: 0, high: 2e6 },
  ];
  const n = 2 * CHUNK_SIZE + 777;
  const variant = { specs: { sora_params: { dist: 'uniform', min: 5e9, max: 50e9 } as DistSpec }, summarized: ['gpus_peak'] };

  /** The draws of `output` under `specs` that meet `keep`, from the unfiltered pipeline. */
  function kept(output: string, overrides: Record<string, DistSpec> = {}): Float64Array {
    const runner = new ChunkRunner(plan(n, overrides));
    const values: number[] = [];
    for (let chunk = 0; chunk < chunkCount(n); chunk++) {
      const { n: rows, inputs, outputs } = runner.sample(chunk);
      const columns = { ...inputs, ...outputs };
      for (let i = 0; i < rows; i++) {
        if (keep.every((c) => columns[c.name][i] >= c.low && columns[c.name][i] <= c.high)) values.push(outputs[output][i]);
      }
    }
    return Float64Array.from(values).sort();
  }

  it('hands consumers only the rows meeting every condition, inputs and outputs together', () => {
    const plain = new ChunkRunner(plan(n));
    const filtered = new ChunkRunner({ ...plan(n), keep });
    let total = 0;
    for (let chunk = 0; chunk < chunkCount(n); chunk++) {
      const all = plain.sample(chunk);
      const expected = Array.from({ length: all.n }, (_, i) => i).filter((i) =>
        keep.every((c) => {
          const x = (c.kind === 'output' ? all.outputs : all.inputs)[c.name][i];
          return x >= c.low && x <= c.high;
        }),
      );
      const rows = expected.map((i) => [all.inputs.sora_params[i], all.inputs.data_multiplier[i], all.outputs.gpus_peak[i], all.outputs.training_flops[i]]);
      const some = filtered.sample(chunk);
      expect(some.n).toBe(expected.length);
      expect(some.n).toBeLessThan(all.n);
      for (let k = 0; k < some.n; k++) {
        expect([some.inputs.sora_params[k], some.inputs.data_multiplier[k], some.outputs.gpus_peak[k], some.outputs.training_flops[k]]).toEqual(rows[k]);
      }
      total += some.n;
    }
    expect(total).toBeGreaterThan(0);
  });

  it.each([
    ['exact, every draw gathered', 1, {}],
    ['exact after the histograms (compare), two threads', 2, { exact: true, exactLimit: 0 }],
    ['through the pilot, streaming', 1, { exactLimit: 0 }],
    ['dealt by evaluation, a group at a time, two threads', 2, { exact: true, exactLimit: 0, deal: 'evaluations' as const, groupDraws: 1 }],
  ])('summarizes the plan and each variant over their own kept rows: %s', async (_, threads, more) => {
    const simulation = await simulate({ ...plan(n), variants: [variant], keep }, { threads, ps: PS, ...more });
    const plain = kept('gpus_peak');
    const other = kept('gpus_peak', variant.specs);
    expect(plain.length).not.toBe(other.length);
    const [planSlot, variantSlot] = [simulation.columns.gpus_peak, simulation.slots[simulation.slots.length - 1]];
    for (const [slot, values] of [[planSlot, plain], [variantSlot, other]] as const) {
      expect(slot.histogram.total).toBe(values.length);
      expect(slot.min).toBe(values[0]);
      expect(slot.max).toBe(values[values.length - 1]);
      const exact = PS.map((p) => percentileOfSorted(values, p));
      if (simulation.exact) expect(slot.percentiles).toEqual(exact);
      else slot.percentiles.forEach((x, i) => expect(Math.abs(x / exact[i] - 1)).toBeLessThanOrEqual(STREAMING_MAX_RELATIVE_ERROR));
    }
  });

  it('gives an evaluation whose every row is dropped no percentiles (NaN) and a count of 0', async () => {
    const none = [{ name: 'gpus_peak', kind: 'output' as const, low: -2, high: -1 }];
    const simulation = await simulate({ ...plan(n), keep: none }, { threads: 1, ps: PS, exact: true, exactLimit: 0 });
    expect(simulation.columns.gpus_peak.histogram.total).toBe(0);
    expect(simulation.columns.gpus_peak.percentiles.every(Number.isNaN)).toBe(true);
  });
});
