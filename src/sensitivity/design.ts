/**
 * The sample matrices the analyses evaluate. Matrix A is the run's own draws: each assumption
 * from its (seed, name, chunk) streams, so row r of A is row r of `run` with the same seed and
 * `sensitivity` agrees with the run's "what matters" block. Matrix B, which Sobol indices need
 * besides, draws from streams named `<assumption>/sobol-b`: a canonical name has no slash, so
 * these streams are never an assumption's own.
 */
import { makeDistribution, type DistSpec } from '../distributions/index.js';
import { chunkCount, chunkLength } from '../engine/chunks.js';
import type { Columns } from '../model/model.js';
import { CHUNK_SIZE, fillUniforms, type Seed } from '../random/streams.js';

export type Matrix = 'A' | 'B';

export function streamName(matrix: Matrix, assumption: string): string {
  return matrix === 'A' ? assumption : `${assumption}/sobol-b`;
}

/** Every assumption's column over rows [0, n), fixed ones filled with their value. */
export function drawMatrix(matrix: Matrix, assumptions: readonly { name: string; spec: DistSpec }[], n: number, seed: Seed): Columns {
  const uniforms = new Float64Array(CHUNK_SIZE);
  const columns: Columns = {};
  for (const { name, spec } of assumptions) {
    const column = new Float64Array(n);
    columns[name] = column;
    if (spec.dist === 'fixed') {
      column.fill(spec.value);
      continue;
    }
    const dist = makeDistribution(spec);
    for (let chunk = 0; chunk < chunkCount(n); chunk++) {
      const m = chunkLength(n, chunk);
      fillUniforms(seed, streamName(matrix, name), chunk, uniforms, m);
      dist.fill(uniforms, column.subarray(chunk * CHUNK_SIZE), m);
    }
  }
  return columns;
}
