/**
 * Target rank-correlation matrices: checking one, and the Cholesky factor Iman-Conover needs.
 * Matrices are arrays of rows, k by k, in the order of the columns they describe.
 */

export type Matrix = readonly (readonly number[])[];

/**
 * Pivots at or below this make a matrix not positive definite: a correlation of exactly 1 or -1
 * (two assumptions locked together) and matrices within rounding of singular are refused.
 */
const MIN_PIVOT = 1e-10;

/**
 * The Pearson correlation of normal scores whose Spearman correlation is rho, 2 sin(pi rho / 6)
 * (Pearson 1907, for the bivariate normal). Iman-Conover works on normal scores, so it aims at this.
 */
export function spearmanToPearson(rho: number): number {
  return 2 * Math.sin((Math.PI * rho) / 6);
}

/**
 * The lower-triangular L with L L^T = m (Cholesky-Banachiewicz), as rows; undefined when m is
 * not positive definite. O(k^3).
 */
export function cholesky(m: Matrix): number[][] | undefined {
  const k = m.length;
  const L = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i][j];
      for (let p = 0; p < j; p++) sum -= L[i][p] * L[j][p];
      if (i === j) {
        if (!(sum > MIN_PIVOT)) return undefined;
        L[i][i] = Math.sqrt(sum);
      } else L[i][j] = sum / L[j][j];
    }
  }
  return L;
}

/** Whether a Spearman matrix, and the Pearson matrix of normal scores it asks for, are both positive definite. */
export function isPositiveDefinite(spearman: Matrix): boolean {
  return cholesky(spearman) !== undefined && cholesky(spearman.map((row) => row.map(spearmanToPearson))) !== undefined;
}

function submatrix(m: Matrix, indices: readonly number[]): number[][] {
  return indices.map((i) => indices.map((j) => m[i][j]));
}

/**
 * When a Spearman matrix is not positive definite, a smallest-by-deletion set of its columns
 * whose submatrix is not either: the correlations among them cannot hold together, whatever the
 * rest. Each column is dropped in turn if the remainder still fails. Undefined when it is positive
 * definite.
 */
export function conflictingColumns(spearman: Matrix): number[] | undefined {
  if (isPositiveDefinite(spearman)) return undefined;
  let kept = spearman.map((_, i) => i);
  for (const i of [...kept]) {
    const without = kept.filter((j) => j !== i);
    if (!isPositiveDefinite(submatrix(spearman, without))) kept = without;
  }
  return kept;
}

/**
 * What is wrong with a target Spearman matrix, in words naming its columns: not square, not
 * symmetric, a diagonal other than 1, a value outside [-1, 1], or not positive definite (naming
 * the pairs that conflict). Empty when it can be induced.
 */
export function correlationMatrixProblems(spearman: Matrix, names: readonly string[] = spearman.map((_, i) => `column ${i}`)): string[] {
  const k = spearman.length;
  if (spearman.some((row) => row.length !== k)) return [`a correlation matrix must be square; it has ${k} rows of lengths ${spearman.map((r) => r.length).join(', ')}`];
  const problems: string[] = [];
  for (let i = 0; i < k; i++) {
    if (spearman[i][i] !== 1) problems.push(`the diagonal must be 1; ${names[i]} has ${spearman[i][i]}`);
    for (let j = i + 1; j < k; j++) {
      const [a, b] = [spearman[i][j], spearman[j][i]];
      if (a !== b) problems.push(`the matrix must be symmetric; ${names[i]} ~ ${names[j]} is ${a} one way and ${b} the other`);
      else if (!(a >= -1 && a <= 1)) problems.push(`${names[i]} ~ ${names[j]} is ${a}; a rank correlation lies in [-1, 1]`);
    }
  }
  if (problems.length) return problems;
  const conflict = conflictingColumns(spearman);
  if (conflict) {
    const pairs = conflict.flatMap((i, x) => conflict.slice(x + 1).filter((j) => spearman[i][j] !== 0).map((j) => `${names[i]} ~ ${names[j]} ${spearman[i][j]}`));
    problems.push(`the correlations ${pairs.join(', ')} cannot hold together: the matrix is not positive definite`);
  }
  return problems;
}
