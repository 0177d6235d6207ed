/**
 * The sample matrices the analyses evaluate. Matrix A is the run's own draws: each assumption
 * from its (seed, name, chunk) streams, so row r of A is row r of `run` with the same seed and
 * `sensitivity` agrees with the run's "what matters" block. Matrix B, which Sobol indices need
 * besides, draws from streams named `<assumption>/sobol-b`: a canonical name has no slash, so
 * these streams are never an assumption's own.
 */
import { makeDistribution, type DistSpec, type Distribution } from '../families/index.js';
import { chunkCount, chunkLength } from '../engine/chunks.js';
import { modelBlock, type Columns } from '../model/model.js';
import { CHUNK_SIZE, startStreams, type Seed } from '../random/streams.js';

export type Matrix = 'A' | 'B';

export function streamName(matrix: Matrix, assumption: string): string {
  return matrix === 'A' ? assumption : `${assumption}/sobol-b`;
}

/**
 * Every assumption's column over rows [0, n), fixed ones filled with their value. Drawn as the
 * engine draws a chunk: four streams at a time through the model block, where the sampling
 * kernels run (the JavaScript twins, bit-identical, would run cold on every `run`: 30 ms).
 */
export function drawMatrix(matrix: Matrix, assumptions: readonly { name: string; spec: DistSpec }[], n: number, seed: Seed): Columns {
  const block = modelBlock();
  const state = block.streamStates[0];
  const columns: Columns = {};
  const uncertain: { name: string; dist: Distribution; column: Float64Array }[] = [];
  for (const { name, spec } of assumptions) {
    const column = new Float64Array(n);
    columns[name] = column;
    if (spec.dist === 'fixed') column.fill(spec.value);
    else uncertain.push({ name, dist: makeDistribution(spec), column });
  }
  for (let k = 0; k < uncertain.length; k += 4) {
    const group = uncertain.slice(k, k + 4);
    const streams = group.map((a) => streamName(matrix, a.name));
    for (let chunk = 0; chunk < chunkCount(n); chunk++) {
      const length = chunkLength(n, chunk);
      startStreams(seed, streams, chunk, state);
      for (let start = 0; start < length; start += block.rows) {
        const m = Math.min(block.rows, length - start);
        block.drawUniforms(state, m);
        group.forEach(({ name, dist, column }, j) => {
          dist.fill(block.uniforms[j], block.inputs[name], m);
          column.set(block.inputs[name].subarray(0, m), chunk * CHUNK_SIZE + start);
        });
      }
    }
  }
  return columns;
}
