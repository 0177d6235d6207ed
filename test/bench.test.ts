import { describe, expect, it } from 'vitest';
import { checkTargets, formatCheck, type Measurement, type SizeMeasurements } from '../src/bench/targets.js';

const run = (wallMs: number, peakMiB = 150): Measurement => ({ wallMs, peakRssBytes: peakMiB * 2 ** 20, cpuMs: wallMs, mainCpuMs: null });

/** Measurements at one size: 1 thread, 2 threads, 1 thread at half the samples. */
const size = (one: number, two: number, half: number, peakMiB?: number): SizeMeasurements => ({
  one: run(one, peakMiB),
  two: run(two, peakMiB),
  half: run(half, peakMiB),
});

describe('bench targets', () => {
  it('judges each target at its own size, at the edges the issue sets', () => {
    // 1e7 samples in 1 s on 2 threads is exactly 5M samples/s per core; 1.7x exactly; 1 GiB is not under 1 GiB.
    const atEdges = new Map([
      [1e7, size(1500, 1000, 800)],
      [1e8, size(17_000, 10_000, 8_600, 1024)],
    ]);
    expect(checkTargets(atEdges).map((c) => c.met)).toEqual([true, true, false]);
    const justPast = new Map([
      [1e7, size(1500, 1001, 800)],
      [1e8, size(16_999, 10_000, 8_600, 1023)],
    ]);
    expect(checkTargets(justPast).map((c) => c.met)).toEqual([false, false, true]);
  });

  it('reports the 1e7 speed-up and its bound beside the 1e8 verdict', () => {
    const checks = checkTargets(new Map([[1e7, size(1400, 900, 820)], [1e8, size(11_000, 5_700, 5_600)]]));
    expect(checks[1].measured).toBe('1.93x');
    expect(checks[1].note).toBe('at 1e7: 1.56x, bound 1.71x');
  });

  it('says what it did not measure rather than passing or failing it', () => {
    const checks = checkTargets(new Map([[1e7, size(1400, 900, 820)]]));
    expect(checks.map((c) => c.met)).toEqual([true, null, null]);
    expect(formatCheck(checks[2])).toContain('not measured (npm run bench -- --large)');
  });
});
