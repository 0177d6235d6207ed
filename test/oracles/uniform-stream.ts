/**
 * The JavaScript twin of the uniform kernels (assembly/kernels.ts, `uniforms` and `uniforms4`):
 * xoshiro128** with out[i] = (k + 1/2) / 2^32, the same integer steps, so the same uniforms bit
 * for bit. A test oracle only; the engine draws in the kernels.
 */
import { streamState, type Seed } from '../../src/random/streams.js';

const TWO_TO_MINUS_32 = 2 ** -32;

export class UniformStreamOracle {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: Seed, name: string, chunk: number) {
    [this.s0, this.s1, this.s2, this.s3] = streamState(seed, name, chunk);
  }

  /** Fills out[0, n) with the stream's next n uniforms. */
  fill(out: Float64Array, n: number = out.length): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = 0; i < n; i++) {
      const x = Math.imul(s1, 5);
      const r = Math.imul((x << 7) | (x >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      out[i] = ((r >>> 0) + 0.5) * TWO_TO_MINUS_32;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }
}
