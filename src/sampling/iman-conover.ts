/**
 * Rank correlation by reordering rows (Iman & Conover, "A distribution-free approach to inducing
 * rank correlation among input variables", Commun. Statist. B11 (1982) 311-334), within one chunk.
 * Each column keeps exactly its values, only their order changes, so every assumption keeps its
 * sampled distribution (and the stratification of Latin hypercube or Sobol draws); the ranks of
 * the columns are made to follow normal scores with the wanted correlations.
 *
 * Steps, for n rows and k columns:
 * 1. Score matrix R: column j holds the van der Waerden scores Phi^-1(r / (n + 1)) in the order
 *    of column j's current ranks (independent columns give independent score columns, so no
 *    random numbers are needed: the result depends on the draws alone).
 * 2. E, the sample correlation of R, is near the identity but not equal to it; with Cholesky
 *    factors E = F F^T and C = P P^T, C the target Pearson matrix 2 sin(pi rho / 6), the rows
 *    R* = R (P F^-1)^T have sample correlation exactly C (Iman & Conover's correction).
 * 3. Each column's values are placed in the rank order of its column of R*. P F^-1 is lower
 *    triangular with a 1 in its corner, so the first column keeps its order and the others follow.
 * The achieved Spearman correlation is then the target to within sampling error, about
 * (1 - rho^2) / sqrt(n) (tested).
 */
import { normalQuantile } from '../families/special.js';
import { CHUNK_SIZE } from '../random/streams.js';
import { cholesky, correlationMatrixProblems, spearmanToPearson, type Matrix } from './correlation-matrix.js';
import { RankOrderScratch, rankOrder } from './rank-order.js';

/** A checked target, ready for every chunk. */
export interface RankCorrelationTarget {
  readonly spearman: Matrix;
  /** Cholesky factor P of the Pearson matrix of normal scores. */
  readonly lower: readonly (readonly number[])[];
}

/**
 * Checks a target Spearman matrix once (square, symmetric, unit diagonal, values in [-1, 1],
 * positive definite) and factors it.
 * @throws {RangeError} naming every problem, with `names` for the columns
 */
export function prepareRankCorrelation(spearman: Matrix, names?: readonly string[]): RankCorrelationTarget {
  const problems = correlationMatrixProblems(spearman, names);
  if (problems.length) throw new RangeError(problems.join('; '));
  return { spearman, lower: cholesky(spearman.map((row) => row.map(spearmanToPearson)))! };
}

/**
 * Reorders the rows of each of `columns` (k Float64Arrays, rows 0..n-1, n at most CHUNK_SIZE)
 * in place so that their Spearman correlations approach the target; each column keeps exactly
 * its values. Chunks with fewer than k + 2 rows are left as they are (the scores' correlation
 * cannot be corrected there).
 *
 * Cost: two radix sorts of n doubles per column (rank-order.ts), and about k^2 multiply-adds a row.
 */
export function imanConover(columns: readonly Float64Array[], n: number, target: RankCorrelationTarget): void {
  new RankReordering(target, n).reorder(columns, n);
}

/**
 * Iman-Conover with its buffers kept, for the engine's dependence stage, which reorders every
 * block of every chunk (a fresh set of buffers per block was a tenth of the stage's time).
 */
export class RankReordering {
  private readonly scratch: RankOrderScratch;
  private readonly order: Int32Array;
  private readonly R: Float64Array[];
  private readonly sorted: Float64Array[];
  private readonly mixed: Float64Array;

  /** For up to `rows` rows (at most CHUNK_SIZE). */
  constructor(
    readonly target: RankCorrelationTarget,
    readonly rows: number,
  ) {
    const k = target.lower.length;
    this.scratch = new RankOrderScratch(rows);
    this.order = new Int32Array(rows);
    // R[j][i]: the score of row i's rank in column j; sorted[j]: column j's values ascending.
    this.R = Array.from({ length: k }, () => new Float64Array(rows));
    this.sorted = Array.from({ length: k }, () => new Float64Array(rows));
    this.mixed = new Float64Array(rows);
  }

  /** Reorders rows [0, n) of each of `columns` (k of them, in the target's order). */
  reorder(columns: readonly Float64Array[], n: number): void {
    const { target, scratch, order, mixed } = this;
    const k = columns.length;
    if (target.lower.length !== k) throw new RangeError(`${k} columns for a ${target.lower.length} by ${target.lower.length} target`);
    if (!Number.isInteger(n) || n < 0 || n > this.rows || n > CHUNK_SIZE || columns.some((c) => c.length < n)) {
      throw new RangeError(`n (${n}) must be a whole number of rows, at most ${Math.min(this.rows, CHUNK_SIZE)} and at most every column's length`);
    }
    if (k < 2 || n < k + 2) return;

    const scores = vanDerWaerdenScores(n);
    const R = this.R.map((r) => r.subarray(0, n));
    const sorted = this.sorted.map((r) => r.subarray(0, n));
    for (let j = 0; j < k; j++) {
      const column = columns[j];
      if (column.subarray(0, n).some(Number.isNaN)) throw new RangeError(`Iman-Conover needs numbers; column ${j} holds NaN`);
      rankOrder(column, n, order, scratch);
      scoreAndSort(column, n, order, scores, R[j], sorted[j]);
    }

    const T = mixing(scoreCorrelation(scores, R), target.lower);
    for (let a = 0; a < k; a++) {
      const row = T[a];
      mixed.fill(0, 0, n);
      for (let b = 0; b <= a; b++) {
        const t = row[b];
        const Rb = R[b];
        if (t !== 0) for (let i = 0; i < n; i++) mixed[i] += t * Rb[i];
      }
      rankOrder(mixed, n, order, scratch);
      const column = columns[a];
      const values = sorted[a];
      for (let r = 0; r < n; r++) column[order[r]] = values[r];
    }
  }
}

/** R[order[r]] = scores[r] and values[r] = column[order[r]]: the column's scores and its sorted values. */
function scoreAndSort(column: Float64Array, n: number, order: Int32Array, scores: Float64Array, R: Float64Array, values: Float64Array): void {
  for (let r = 0; r < n; r++) {
    const row = order[r];
    R[row] = scores[r];
    values[r] = column[row];
  }
}

/** Scores by row count, kept: the engine reorders full blocks, and a run's last block once. */
const scoresBySize = new Map<number, Float64Array>();

/** Phi^-1(r / (n + 1)) for r = 1..n. */
function vanDerWaerdenScores(n: number): Float64Array {
  let scores = scoresBySize.get(n);
  if (!scores) {
    if (scoresBySize.size > 8) scoresBySize.clear();
    scores = new Float64Array(n);
    for (let r = 0; r < n; r++) scores[r] = normalQuantile((r + 1) / (n + 1));
    scoresBySize.set(n, scores);
  }
  return scores;
}

/** The sample correlation matrix of the score columns (each a permutation of `scores`). */
function scoreCorrelation(scores: Float64Array, R: readonly Float64Array[]): number[][] {
  const n = scores.length;
  let sum = 0;
  let squares = 0;
  for (let r = 0; r < n; r++) {
    sum += scores[r];
    squares += scores[r] * scores[r];
  }
  const mean = sum / n;
  const variance = squares - n * mean * mean;
  const k = R.length;
  const E = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b): number => (a === b ? 1 : 0)));
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < a; b++) {
      let cross = 0;
      const [Ra, Rb] = [R[a], R[b]];
      for (let i = 0; i < n; i++) cross += Ra[i] * Rb[i];
      E[a][b] = E[b][a] = (cross - n * mean * mean) / variance;
    }
  }
  return E;
}

/**
 * T = P F^-1, lower triangular, F the Cholesky factor of the scores' correlation E. When E is too
 * close to singular to factor (a handful of rows), F is taken as the identity: no correction.
 */
function mixing(E: number[][], P: readonly (readonly number[])[]): number[][] {
  const k = E.length;
  const F = cholesky(E);
  if (!F) return P.map((row) => [...row]);
  // Finv: the inverse of lower-triangular F, by forward substitution, column by column.
  const Finv = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let c = 0; c < k; c++) {
    for (let i = c; i < k; i++) {
      let s = i === c ? 1 : 0;
      for (let p = c; p < i; p++) s -= F[i][p] * Finv[p][c];
      Finv[i][c] = s / F[i][i];
    }
  }
  return P.map((row, i) => Array.from({ length: k }, (_, j) => (j > i ? 0 : row.slice(j, i + 1).reduce((s, x, p) => s + x * Finv[j + p][j], 0))));
}
