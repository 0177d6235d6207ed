import { describe, expect, it } from 'vitest';
import { ASSUMPTION_NAMES, ASSUMPTIONS } from '../src/model/assumptions.js';
import { allocateOutputs, evaluate, modelBlock, outputBits } from '../src/model/model.js';
import { DERIVATION_BASES, dependsOn } from '../src/model/depends.js';
import { OUTPUT_NAMES, OUTPUTS } from '../src/model/outputs.js';
import { roundsTo } from '../src/model/article.js';

function articleRow(overrides: Record<string, number> = {}): Record<string, number> {
  const inputs: Record<string, Float64Array> = {};
  for (const a of ASSUMPTIONS) inputs[a.name] = Float64Array.of(overrides[a.name] ?? a.articleValue);
  const out = allocateOutputs(1);
  evaluate(inputs, 1, out);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v[0]]));
}

describe('the model on the seed article assumptions', () => {
  const conservative = articleRow();
  const optimistic = articleRow({ data_multiplier: 10 });

  // The article's printed figures (model.md), each to the digits the article printed.
  it.each([
    ['model_multiplier', 30],
    ['latent_frames', 180],
    ['training_flops', 1.08e25],
    ['training_gpu_hours', 3.03e6],
    ['training_gpus', 4211],
    ['flops_per_step', 2.83e15],
    ['flops_per_video_minute', 7.07e17],
    ['video_minutes_per_gpu_hour_ideal', 5.04],
    ['video_minutes_per_gpu_hour', 2.52],
    ['crossover_video_minutes', 15.27e6],
    ['dit_flops_per_image', 1.31e14],
    ['dit_crossover_images', 7.63e6],
    ['ai_video_minutes_per_day', 14.95e6],
    ['gpus_average_ideal', 123.7e3],
    ['gpus_peak', 989.7e3],
    ['crossover_days', 0.51],
    ['llm_flops_per_document', 1.4e14],
    ['gpt4_flops_per_document', 8.8e14],
  ])('reproduces %s = %d (data multiplier 4)', (name, figure) => {
    expect(roundsTo(conservative[name], figure), `${name} = ${conservative[name]}`).toBe(true);
  });

  it.each([
    ['training_flops', 2.7e25],
    ['training_gpu_hours', 7.58e6],
    ['training_gpus', 10528],
    ['crossover_video_minutes', 38.17e6],
    ['crossover_days', 1.28],
  ])('reproduces %s = %d with data multiplier 10', (name, figure) => {
    expect(roundsTo(optimistic[name], figure), `${name} = ${optimistic[name]}`).toBe(true);
  });

  it('does not reproduce the article’s 89k and 720k, which model.md shows to be a slip', () => {
    expect(roundsTo(conservative.gpus_average_ideal, 89e3)).toBe(false);
    expect(roundsTo(conservative.gpus_peak, 720e3)).toBe(false);
  });

  it('flops_per_mac scales every FLOP figure and GPU count but never the crossover', () => {
    const doubled = articleRow({ flops_per_mac: 2 });
    expect(doubled.training_flops).toBe(2 * conservative.training_flops);
    expect(doubled.training_gpus).toBe(2 * conservative.training_gpus);
    expect(doubled.gpus_peak).toBeCloseTo(2 * conservative.gpus_peak, 6);
    expect(doubled.crossover_video_minutes).toBe(conservative.crossover_video_minutes);
    expect(doubled.dit_crossover_images).toBe(conservative.dit_crossover_images);
  });
});

describe('output dependencies (derived from the model)', () => {
  const bases = DERIVATION_BASES.map((at) => ({ at, row: articleRow(at) }));
  for (const assumption of ASSUMPTIONS) {
    it(`halving ${assumption.name} moves exactly the outputs derived to depend on it`, () => {
      // A second nudge, other than the derivation's, so a coincidence in either would show.
      const moved = new Set<string>();
      for (const { at, row } of bases) {
        const value = at[assumption.name] ?? assumption.articleValue;
        const nudged = articleRow({ ...at, [assumption.name]: value * 0.5 });
        for (const name of OUTPUT_NAMES) if (nudged[name] !== row[name]) moved.add(name);
      }
      for (const name of OUTPUT_NAMES) expect(moved.has(name), name).toBe(dependsOn(name).includes(assumption.name));
    });
  }

  it("follows model.md's cancellations: the crossover ignores model size and flops_per_mac; frame rate and clip length reach it and the cost per minute only through attention", () => {
    for (const name of ['sora_params', 'dit_params', 'flops_per_mac']) {
      expect(dependsOn('crossover_video_minutes')).not.toContain(name);
    }
    // model.md, "Calibrated inference": attention spans the clip, so these no longer cancel...
    for (const name of ['video_seconds', 'frames_per_second', 'temporal_compression']) {
      expect(dependsOn('crossover_video_minutes')).toContain(name);
      expect(dependsOn('cost_per_video_minute_usd')).toContain(name);
    }
    // ...except at the article's values, where attention_flops_share is 0: they cancel there bit for bit.
    const base = articleRow();
    const nudged = articleRow({ frames_per_second: 30, temporal_compression: 4 });
    expect(nudged.crossover_video_minutes).toBe(base.crossover_video_minutes);
    expect(articleRow({ video_seconds: 8 }).cost_per_video_minute_usd).toBe(base.cost_per_video_minute_usd);
    expect(dependsOn('model_multiplier')).toEqual(['dit_params', 'sora_params']);
    expect(dependsOn('ai_video_minutes_per_day')).toEqual(['tiktok_minutes_per_day', 'tiktok_ai_share', 'youtube_minutes_per_day', 'youtube_ai_share']);
  });
});

describe('the model kernel (assembly/model.ts)', () => {
  it('has a column for every canonical assumption and output (generated from the names at build time)', () => {
    expect(Object.keys(modelBlock().inputs)).toEqual(ASSUMPTION_NAMES);
    expect(Object.keys(modelBlock().outputs)).toEqual(OUTPUT_NAMES);
  });

  it('gives every row of a column longer than its block what that row gives alone', () => {
    // Rows cross two block boundaries; each row is drawn around the article's values.
    const n = 2 * modelBlock().rows + 3;
    const inputs: Record<string, Float64Array> = {};
    for (const [k, a] of ASSUMPTIONS.entries()) {
      inputs[a.name] = Float64Array.from({ length: n }, (_, i) => a.articleValue * (1 + 0.25 * Math.sin(i * (k + 1))));
    }
    const out = allocateOutputs(n);
    evaluate(inputs, n, out);
    for (const i of [0, 1, modelBlock().rows - 1, modelBlock().rows, 2 * modelBlock().rows + 2]) {
      const row = articleRow(Object.fromEntries(ASSUMPTIONS.map((a) => [a.name, inputs[a.name][i]])));
      for (const name of OUTPUT_NAMES) expect(out[name][i], `${name} row ${i}`).toBe(row[name]);
    }
  });

  it('computes any few outputs alone (evaluateOutputs) bit for bit as it computes them all, leaving the others as they were', () => {
    // Rows spread over twenty orders of magnitude, zeros and infinities among them: where the
    // operations' order matters most.
    const block = modelBlock();
    const n = block.rows - 1;
    let state = 12345;
    const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
    for (const name of ASSUMPTION_NAMES) {
      for (let i = 0; i < n; i++) {
        const u = next();
        block.inputs[name][i] = u < 0.01 ? 0 : u > 0.995 ? Infinity : Math.exp(46 * (next() - 0.5));
      }
    }
    block.evaluate(n);
    const all = Object.fromEntries(OUTPUT_NAMES.map((name) => [name, block.outputs[name].slice(0, n)]));
    const sets = [...OUTPUT_NAMES.map((name) => [name]), ['gpus_peak', 'cost_per_video_minute_usd'], ['training_flops', 'crossover_video_minutes', 'crossover_days']];
    for (const names of sets) {
      for (const name of OUTPUT_NAMES) block.outputs[name].fill(-7);
      block.evaluateOutputs(n, outputBits(names));
      for (const name of OUTPUT_NAMES) {
        const got = block.outputs[name].subarray(0, n);
        if (!names.includes(name)) expect(got.every((x) => x === -7), `${name} untouched by ${names}`).toBe(true);
        else for (let i = 0; i < n; i++) if (!Object.is(got[i], all[name][i])) expect(got[i], `${name} row ${i}`).toBe(all[name][i]);
      }
    }
  });
});

describe('the model kernel reusing video_minutes_per_gpu_hour (evaluateOutputs with reuse)', () => {
  const block = modelBlock();
  const n = block.rows;
  let state = 777;
  const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const fill = (names: readonly string[]) => {
    for (const name of names) for (let i = 0; i < n; i++) block.inputs[name][i] = Math.exp(30 * (next() - 0.5));
  };
  const made = new Set(dependsOn('video_minutes_per_gpu_hour'));
  const users = OUTPUT_NAMES.filter((name) => outputBits([name]) & block.minutesRealUsers);
  const agrees = (name: string) => {
    const got = block.outputs[name].slice(0, n);
    block.evaluate(n);
    return got.every((x, i) => Object.is(x, block.outputs[name][i]));
  };

  it('are the outputs that read it: gpus_peak, the cost and GPU-seconds of a video minute, and itself', () => {
    expect(users.sort()).toEqual(['cost_per_video_minute_usd', 'gpu_seconds_per_video_minute', 'gpus_peak', 'video_minutes_per_gpu_hour']);
  });

  it('gives each of them bit for bit when only assumptions it is not made from (as derived) switched since it was made', () => {
    fill(ASSUMPTION_NAMES);
    block.evaluateOutputs(n, outputBits(['gpus_peak']));
    fill(ASSUMPTION_NAMES.filter((name) => !made.has(name)));
    for (const name of users) {
      block.evaluateOutputs(n, outputBits([name]), true);
      expect(agrees(name), name).toBe(true);
    }
  });

  it('reuses it indeed: after sora_params switched, a reuse is stale', () => {
    fill(ASSUMPTION_NAMES);
    block.evaluateOutputs(n, outputBits(['cost_per_video_minute_usd']));
    fill(['sora_params']);
    block.evaluateOutputs(n, outputBits(['gpus_peak']), true);
    expect(agrees('gpus_peak')).toBe(false);
    block.evaluateOutputs(n, outputBits(['gpus_peak']));
    expect(agrees('gpus_peak')).toBe(true);
  });
});

describe('the calibrated inference model at its defaults', () => {
  const row = articleRow();

  it('counts the article’s 180 latent frames of 1,024 tokens: 184,320 tokens a clip', () => {
    expect(row.video_tokens).toBe(184_320);
  });

  it('takes 1,430 GPU-seconds per video minute, 3,600 / 2.52 minutes per GPU-hour, and as long for the article’s 60 s clip', () => {
    expect(row.gpu_seconds_per_video_minute).toBeCloseTo(3600 / row.video_minutes_per_gpu_hour, 9);
    expect(roundsTo(row.gpu_seconds_per_video_minute, 1430)).toBe(true);
    expect(row.gpu_seconds_per_clip).toBeCloseTo(row.gpu_seconds_per_video_minute, 9);
  });

  it('grows flops_per_step with tokens per latent frame, and more than linearly once attention spans the clip', () => {
    const tokens = articleRow({ tokens_per_latent_frame: 3600 });
    expect(tokens.flops_per_step / row.flops_per_step).toBeCloseTo(3600 / 1024, 12);
    const attention = articleRow({ tokens_per_latent_frame: 3600, attention_flops_share: 0.03 });
    expect(attention.flops_per_step / tokens.flops_per_step).toBeCloseTo(1 + 0.03 * ((180 * 3600) / 1024 - 1), 9);
  });
});

describe('the formulas `list` and the report print', () => {
  // Each formula, read as arithmetic over the named assumptions and outputs, gives the model's value.
  it.each(OUTPUTS.map((o) => [o.name, o.formula]))('%s = %s', (name, formula) => {
    // Off the article's values, so no factor of 1 hides a missing term.
    const inputs = Object.fromEntries(ASSUMPTIONS.map((a) => [a.name, a.articleValue * (a.domain === 'fraction' || a.domain === 'utilization' ? 0.9 : 1.37)]));
    const row = articleRow(inputs);
    const values: Record<string, number> = { ...inputs, ...row };
    const expression = formula.replace(/×/g, '*').replace(/[a-z][a-z0-9_]*/g, (word) => {
      expect(values, word).toHaveProperty(word);
      return String(values[word]);
    });
    expect(Number(new Function(`return ${expression};`)()) / row[name]).toBeCloseTo(1, 12);
  });
});
