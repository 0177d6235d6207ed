import { describe, expect, it, vi } from 'vitest';
import { quantileSorted } from 'simple-statistics';
import { binBounds, COARSE_BITS, FineCounts, keyOf, KeyHistogram, MergedHistogram, relativeBinWidth, STREAMING_BITS, valuesByKey } from '../src/summary/histogram.js';
import { Gathering, OutputAccumulator, summarizeBlock } from '../src/summary/column.js';
import { kernelArena } from '../src/kernel/arena.js';
import { exactPercentiles, percentileOfSorted, streamingPercentiles, STREAMING_MAX_RELATIVE_ERROR, targetKeys } from '../src/summary/percentiles.js';
import { chunkMoments, combine, standardDeviation } from '../src/summary/moments.js';
import { fillUniforms, sequentialUniforms, startStreams, UniformStream } from '../src/random/streams.js';
import { selectPercentiles } from '../src/summary/select.js';
import { UniformStreamOracle } from './oracles/uniform-stream.js';
import { modelBlock } from '../src/model/model.js';
import { SummaryOracle } from './oracles/summarize-block.js';

const KNOWN = Object.freeze([3, 6, 7, 8, 8, 10, 13, 15, 16, 20]);

function histogramOf(values: Float64Array, bits = COARSE_BITS): MergedHistogram {
  const h = new KeyHistogram(bits);
  h.add(values, values.length);
  const merged = new MergedHistogram(bits);
  merged.merge(h.snapshot());
  return merged;
}

function collectFor(values: Float64Array, keys: number[], bits = COARSE_BITS): Map<number, Float64Array> {
  const wanted = new Set(keys);
  const found = new Map<number, number[]>();
  for (const x of values) {
    const k = keyOf(x, bits);
    if (wanted.has(k)) found.set(k, [...(found.get(k) ?? []), x]);
  }
  return new Map([...found].map(([k, v]) => [k, Float64Array.from(v)]));
}

describe('percentile definition (type 7)', () => {
  it('gives P25 = 7.25 and P75 = 14.5 on the published example', () => {
    expect(percentileOfSorted(KNOWN, 0.25)).toBe(7.25);
    expect(percentileOfSorted(KNOWN, 0.75)).toBe(14.5);
  });

  it('selects the same numbers from histogram bins as sorting does', () => {
    const values = new Float64Array(KNOWN);
    const hist = histogramOf(values);
    const ps = [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1];
    const got = exactPercentiles(hist, ps, collectFor(values, targetKeys(hist, ps)));
    expect(got).toEqual(ps.map((p) => quantileSorted([...KNOWN], p)));
  });

  it('selects from histogram bins what sorting gives, ties and all, at any size', () => {
    const ps = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1];
    const u = new Float64Array(3 * 5001);
    fillUniforms(5, 'select', 0, u);
    for (const n of [1, 2, 3, 10, 601, 1000, 5001]) {
      const values = Float64Array.from({ length: n }, (_, i) => Math.floor(u[3 * i] * (n / 3 + 1)) * 0.1 + (u[3 * i + 1] < 0.2 ? 0 : u[3 * i + 2]));
      const frozen = Float64Array.from(values);
      const sorted = Float64Array.from(values).sort();
      const hist = histogramOf(values);
      const got = exactPercentiles(hist, ps, collectFor(values, targetKeys(hist, ps)));
      ps.forEach((p, i) => expect(got[i], `n=${n} p=${p}`).toBe(percentileOfSorted(sorted, p)));
      expect(values).toEqual(frozen);
    }
  });

  it('agrees with simple-statistics on 100,000 lognormal-like draws, bit for bit', () => {
    const u = new Float64Array(100_000);
    fillUniforms(7, 'percentile-test', 0, u);
    const values = u.map((x) => Math.exp(8 * x) * 1e6 - 3e6);
    const sorted = Float64Array.from(values).sort();
    const ps = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999];
    const hist = histogramOf(values);
    const got = exactPercentiles(hist, ps, collectFor(values, targetKeys(hist, ps)));
    expect(got).toEqual(ps.map((p) => quantileSorted(Array.from(sorted), p)));
  });
});

describe('percentiles by selection (the sensitivity analyses\' medians)', () => {
  it('equal type-7 percentiles of the sorted draws, ties and all', () => {
    const ps = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1];
    const next = sequentialUniforms(5, 'select', 0);
    for (const n of [1, 2, 3, 10, 601, 1000, 5001]) {
      const values = Float64Array.from({ length: n }, () => Math.floor(next() * (n / 3 + 1)) * 0.1 + (next() < 0.2 ? 0 : next()));
      const frozen = Float64Array.from(values);
      const sorted = Float64Array.from(values).sort();
      const got = selectPercentiles(values, ps, new Float64Array(n));
      ps.forEach((p, i) => expect(got[i], `n=${n} p=${p}`).toBe(percentileOfSorted(sorted, p)));
      expect(values).toEqual(frozen);
    }
    const known = Float64Array.of(20, 3, 16, 8, 6, 15, 8, 13, 10, 7);
    expect(selectPercentiles(known, [0.25, 0.75], new Float64Array(10))).toEqual([7.25, 14.5]);
  });
});

describe('the block summarizer', () => {
  it('counts and gathers what the plain histogram, sub-bin counts and a filter do, across sign changes and window growth', () => {
    const u = new Float64Array(10_000);
    fillUniforms(3, 'block-test', 0, u);
    // Three regimes one after another: the window must grow twice, once across zero.
    const values = u.map((x, i) => (i < 3000 ? 1 + x : i < 6000 ? -1e3 * x : 1e9 * x));
    const acc = new OutputAccumulator();
    const plain = new KeyHistogram(COARSE_BITS);
    plain.add(values, values.length);
    const keys = [keyOf(1.5, COARSE_BITS), keyOf(-500, COARSE_BITS), keyOf(5e8, COARSE_BITS)];
    acc.fine = new FineCounts(keys);
    acc.gather = new Gathering(new Set(keys));
    const expectedFine = new FineCounts(keys);
    expectedFine.add(values);
    for (let start = 0; start < values.length; start += 777) {
      const block = values.slice(start, start + 777);
      summarizeBlock(block, block.length, acc);
    }
    const merged = (h: KeyHistogram): string[] => {
      const { base, counts } = h.snapshot();
      return Array.from(counts).flatMap((c, i) => (c ? [`${base + i}:${c}`] : []));
    };
    expect(merged(acc.hist)).toEqual(merged(plain));
    expect(Array.from(acc.fine.counts)).toEqual(Array.from(expectedFine.counts));
    const inKeys = Array.from(values).filter((x) => keys.includes(keyOf(x, COARSE_BITS)));
    expect(inKeys.length).toBeGreaterThan(0);
    expect(Array.from(acc.gather.gathered())).toEqual(inKeys);
    expect(expectedFine.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect([acc.min, acc.max]).toEqual([Math.min(...values), Math.max(...values)]);
    expect(acc.chunk.count).toBe(values.length);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(acc.chunk.mean - mean)).toBeLessThan(1e-6 * Math.abs(mean));
  });
});

describe('the WebAssembly counting kernel', () => {
  /** Both sides after the same blocks: the kernel's accumulator and the JavaScript oracle. */
  function expectSame(wasm: OutputAccumulator, js: SummaryOracle, what = ''): void {
    expect(wasm.hist.snapshot(), what).toEqual(js.hist.snapshot());
    expect(Array.from(wasm.fine.counts), what).toEqual(Array.from(js.fine.counts));
    expect(Array.from(wasm.gather?.gathered() ?? []), what).toEqual(Array.from(js.gather?.gathered() ?? []));
    // Bit for bit: the same operations in the same order.
    expect([wasm.min, wasm.max, wasm.chunk.count, wasm.chunk.mean, wasm.chunk.m2], what).toEqual([js.min, js.max, js.chunk.count, js.chunk.mean, js.chunk.m2]);
  }

  /** The kernel's summary and the oracle's of `values` in blocks of `size`, both counting and gathering `keys`. */
  function summarizeBoth(values: Float64Array, keys: number[], size: number): [OutputAccumulator, SummaryOracle] {
    const [wasm, js] = [new OutputAccumulator(), new SummaryOracle()];
    for (const acc of [wasm, js]) {
      acc.countFine(keys);
      acc.gatherKeys(keys);
    }
    for (let start = 0; start < values.length; start += size) {
      const block = values.slice(start, start + size);
      summarizeBlock(block, block.length, wasm);
      js.summarize(block);
    }
    return [wasm, js];
  }

  it('is built, and counts exactly what the JavaScript oracle counts', () => {
    expect(kernelArena(), 'dist/kernel/kernels.wasm (npm run build)').not.toBeNull();
    const u = new Float64Array(20_001);
    fillUniforms(4, 'kernel-test', 0, u);
    // Regimes that make the window grow mid-block and cross zero; an odd total, odd blocks.
    const values = u.map((x, i) => (i < 7000 ? 1 + x : i < 12000 ? -1e3 * x : 1e9 * x * x));
    const keys = [keyOf(1.5, COARSE_BITS), keyOf(-500, COARSE_BITS), keyOf(2e8, COARSE_BITS)];
    const [wasm, js] = summarizeBoth(values, keys, 2047);
    expect(wasm.hist.pairs.buffer).toBe(wasm.arena.buffer);
    expect(js.fine.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expectSame(wasm, js);
  });

  it('counts the same once the arena has no room left for a simulation\'s counters (they are copied through its spill room)', () => {
    const arena = kernelArena()!;
    const u = new Float64Array(9_001);
    fillUniforms(6, 'kernel-full', 0, u);
    const values = u.map((x, i) => (i < 4000 ? 1 + x : -1e6 * x * x));
    const keys = [keyOf(1.5, COARSE_BITS), keyOf(-2e5, COARSE_BITS)];
    arena.enter();
    try {
      // Take every byte the simulations' room has left.
      for (let size = 1 << 24; size >= 4; ) if (!arena.u8(size, true)) size >>= 1;
      const [wasm, js] = summarizeBoth(values, keys, 2048);
      expect(wasm.hist.pairs.buffer).not.toBe(arena.buffer);
      expect(wasm.fine.area.buffer).not.toBe(arena.buffer);
      expect(js.fine.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expectSame(wasm, js);
    } finally {
      arena.leave();
    }
  });

  it('stops at the draw whose key leaves the window, whichever of the four draws it tests at once that is', () => {
    for (let at = 0; at < 8; at++) {
      const [wasm, js] = [new OutputAccumulator(), new SummaryOracle()];
      const first = Float64Array.from({ length: 64 }, (_, i) => 1 + i / 64);
      // Then a block inside that window but for one far draw, at `at` (the 8th draw lands in the loop's second group of four).
      const second = Float64Array.from({ length: 10 }, (_, i) => (i === at ? 1e6 * (1 + at) : 1.25 + i / 64));
      for (const block of [first, second]) {
        summarizeBlock(block, block.length, wasm);
        js.summarize(block);
      }
      expect(wasm.hist.pairs.buffer).toBe(wasm.arena.buffer);
      expect(Array.from(wasm.hist.snapshot().counts).reduce((a, b) => a + b, 0)).toBe(first.length + second.length);
      expectSame(wasm, js, `far draw at ${at}`);
    }
  });

  it('picks the same zero for min and max as the JavaScript oracle when +0 and -0 tie', () => {
    // Ties are where the two lanes' order shows: which zero a chain keeps is the first it saw.
    for (const values of [[3, -0, 0, 5, 0, -0, 2], [0, -0, -0, 0, 1, 1], [-0, 0, 0, -0, -1, -1, 7], [-0, -0, 0, 0]]) {
      const column = Float64Array.from(values);
      const [wasm, js] = [new OutputAccumulator(), new SummaryOracle()];
      summarizeBlock(column, column.length, wasm);
      js.summarize(column);
      expect([wasm.min, wasm.max], JSON.stringify(values)).toEqual([js.min, js.max]);
    }
  });

  it('counts a column longer than the room it notes flagged draws in, in several calls, as the JavaScript oracle does', () => {
    const arena = kernelArena()!;
    const u = new Float64Array(2 * arena.subs.length + 3);
    fillUniforms(4, 'kernel-long', 0, u);
    const values = u.map((x) => 10 + x * x);
    const keys = [keyOf(10.25, COARSE_BITS), keyOf(10.9, COARSE_BITS)];
    const [wasm, js] = [new OutputAccumulator(), new SummaryOracle()];
    wasm.countFine(keys);
    js.countFine(keys);
    summarizeBlock(values, values.length, wasm);
    js.summarize(values);
    const kernel = vi.spyOn(arena, 'count');
    const kept = new OutputAccumulator();
    summarizeBlock(values, values.length, kept);
    kept.countFine(keys);
    kept.addFine(values);
    expect(kernel.mock.calls.length).toBeGreaterThanOrEqual(2);
    kernel.mockRestore();
    const inKeys = values.filter((x) => keys.includes(keyOf(x, COARSE_BITS))).length;
    for (const acc of [wasm, js, kept]) expect(acc.fine.counts.reduce((a, b) => a + b, 0)).toBe(inKeys);
    expect(Array.from(kept.fine.counts)).toEqual(Array.from(js.fine.counts));
    expectSame(wasm, js);
  });

  it('counts the sub-bins of a chunk kept until the flags came as FineCounts.add does, and nothing else', () => {
    const u = new Float64Array(9_999);
    fillUniforms(4, 'kernel-kept', 0, u);
    const values = u.map((x) => 1e6 * x * x);
    const [wasm, js] = [new OutputAccumulator(), new SummaryOracle()];
    const keys = [keyOf(2.5e5, COARSE_BITS), keyOf(1e3, COARSE_BITS), keyOf(8e5, COARSE_BITS)];
    summarizeBlock(values, values.length, wasm);
    js.summarize(values);
    for (const acc of [wasm, js]) acc.countFine(keys);
    const kernel = vi.spyOn(wasm.arena, 'count');
    wasm.addFine(values);
    expect(kernel).toHaveBeenCalledTimes(1);
    kernel.mockRestore();
    js.addFine(values);
    expect(wasm.hist.pairs.buffer).toBe(wasm.arena.buffer);
    const inKeys = values.filter((x) => keys.includes(keyOf(x, COARSE_BITS))).length;
    expect(wasm.fine.counts.reduce((a, b) => a + b, 0)).toBe(inKeys);
    // The histogram is not counted twice.
    expectSame(wasm, js);
    expect(Array.from(wasm.hist.snapshot().counts).reduce((a, b) => a + b, 0)).toBe(values.length);
  });
});

describe('the WebAssembly uniform kernel', () => {
  it('draws the same uniforms as the JavaScript stream, across successive fills', () => {
    expect(kernelArena()).not.toBeNull();
    const [a, b] = [new UniformStream(9, 'kernel-stream', 3), new UniformStreamOracle(9, 'kernel-stream', 3)];
    for (const n of [1, 1000, 2047, 65536]) {
      const [x, y] = [new Float64Array(n), new Float64Array(n)];
      a.fill(x);
      b.fill(y);
      expect(x).toEqual(y);
      expect(x.every((v) => v > 0 && v < 1)).toBe(true);
    }
  });
});

describe('the WebAssembly kernel for four uniform streams at once', () => {
  it.each([1, 3, 4])('draws, for %i streams, each stream\'s uniforms as the JavaScript stream does, across successive fills', (count) => {
    const arena = kernelArena()!;
    const block = modelBlock();
    const names = ['video_seconds', 'peak_factor', 'training_days', 'cfg_factor'].slice(0, count);
    const state = arena.i32(16)!;
    startStreams('four', names, 7, state);
    const oracles = names.map((name) => new UniformStreamOracle('four', name, 7));
    for (const n of [1, 2, 1000, 2047, block.rows]) {
      block.uniforms.forEach((column) => column.fill(NaN));
      block.drawUniforms(state, n);
      names.forEach((name, j) => {
        const expected = new Float64Array(n);
        oracles[j].fill(expected);
        expect(block.uniforms[j].subarray(0, n), `${name}, ${n} draws`).toEqual(expected);
        // Nothing written past n: an odd count steps the streams once, not twice.
        if (n < block.rows) expect(block.uniforms[j][n]).toBeNaN();
      });
    }
  });
});

describe('valuesByKey', () => {
  it('returns, per wanted key, the values of that key in their order, across parts', () => {
    const u = new Float64Array(5000);
    fillUniforms(5, 'values-by-key', 0, u);
    const values = u.map((x) => 2e3 * x - 1e3);
    const parts = [values.subarray(0, 1234), values.subarray(1234)];
    // Keys of draws on both sides of zero, and one (of 1e-6) that no draw has.
    const negative = values.find((x) => x < 0)!;
    const positive = values.find((x) => x > 0)!;
    const keys = [...new Set([negative, positive, values[4000], values[4999], 1e-6].map((x) => keyOf(x, COARSE_BITS)))].sort((a, b) => a - b);
    const got = valuesByKey(parts, keys, COARSE_BITS);
    keys.forEach((key, s) => {
      const expected = Array.from(values).filter((x) => keyOf(x, COARSE_BITS) === key);
      expect(Array.from(got[s])).toEqual(expected);
    });
    expect(got.filter((g) => g.length).length).toBe(keys.length - 1);
  });
});

describe('streaming percentiles', () => {
  it('stay within the stated relative error of the exact ones', () => {
    const u = new Float64Array(200_000);
    fillUniforms('streaming', 'x', 0, u);
    // Spans 12 decades, so the bound is exercised across many octaves.
    const values = u.map((x) => 10 ** (12 * x));
    const sorted = Array.from(values).sort((a, b) => a - b);
    const ps = [0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999];
    const hist = histogramOf(values);
    const fine = new FineCounts(targetKeys(hist, ps));
    fine.add(values);
    const approx = streamingPercentiles(hist, fine, ps, sorted[0], sorted[sorted.length - 1]);
    ps.forEach((p, i) => {
      const exact = quantileSorted(sorted, p);
      expect(Math.abs(approx[i] - exact) / exact).toBeLessThanOrEqual(STREAMING_MAX_RELATIVE_ERROR);
    });
    expect(STREAMING_MAX_RELATIVE_ERROR).toBeLessThanOrEqual(1e-4);
  });

  it.each([COARSE_BITS, STREAMING_BITS])('bins of %i bits are at most 2^-bits of their value wide and contain their values', (bits) => {
    for (const x of [1e-300, 0.3, 1, 1.5, 4211, 9.9e24, 1.08e25, -5, -1e-10]) {
      const [lo, hi] = binBounds(keyOf(x, bits), bits);
      expect(lo <= x && x < hi).toBe(true);
      expect((hi - lo) / Math.abs(lo === 0 ? hi : lo)).toBeLessThanOrEqual(relativeBinWidth(bits) * (1 + 1e-12));
    }
    expect(keyOf(-1, bits)).toBeLessThan(keyOf(0, bits));
    expect(keyOf(0, bits)).toBeLessThan(keyOf(1e-300, bits));
  });
});

describe('moments', () => {
  it('combined per chunk equal the textbook mean and sample sd', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => 1e9 + (i % 7) * 0.5);
    const whole = chunkMoments(values, values.length);
    const parts = [values.subarray(0, 333), values.subarray(333, 700), values.subarray(700)].map((c) => chunkMoments(c, c.length));
    const merged = parts.reduce(combine);
    const mean = values.reduce((s, x) => s + x, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1));
    expect(merged.mean).toBeCloseTo(mean, 6);
    expect(standardDeviation(merged)).toBeCloseTo(sd, 9);
    expect(standardDeviation(whole)).toBeCloseTo(sd, 9);
  });
});
