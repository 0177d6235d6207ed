/**
 * The sample matrices the analyses evaluate, drawn by the engine's pipeline (ChunkRunner.sample):
 * matrix A is the run's own rows, design and correlations included, so `sensitivity` agrees with
 * the run's "what matters" block. Matrix B, which Sobol indices need besides, is the same plan
 * drawn from streams named `<assumption>/sobol-b`: a canonical name has no slash, so these
 * streams are never an assumption's own.
 */
import type { DistSpec } from '../families/index.js';
import { ChunkRunner, chunkCount, type Correlation } from '../engine/chunks.js';
import type { Columns } from '../model/model.js';
import { CHUNK_SIZE, type Seed } from '../random/streams.js';
import type { SamplingMethod } from '../sampling/design.js';

export type Matrix = 'A' | 'B';

/** What a matrix draws besides its assumptions (plain data, for worker threads). */
export interface MatrixDesign {
  method?: SamplingMethod;
  correlations?: Correlation[];
}

/** Every assumption's column over rows [0, n), fixed ones filled with their value. */
export function drawMatrix(matrix: Matrix, assumptions: readonly { name: string; spec: DistSpec }[], n: number, seed: Seed, design: MatrixDesign = {}): Columns {
  const runner = new ChunkRunner({
    seed,
    samples: n,
    assumptions: [...assumptions],
    summarized: [],
    ...design,
    ...(matrix === 'B' ? { streamSuffix: '/sobol-b' } : {}),
  });
  const columns: Columns = Object.fromEntries(assumptions.map(({ name }) => [name, new Float64Array(n)]));
  for (let chunk = 0; chunk < chunkCount(n); chunk++) {
    const { n: rows, inputs } = runner.sample(chunk);
    for (const { name } of assumptions) columns[name].set(inputs[name].subarray(0, rows), chunk * CHUNK_SIZE);
  }
  return columns;
}
