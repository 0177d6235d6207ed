/**
 * The JavaScript twin of the rank window's kernel (assembly/kernels.ts, `rankWindow`): of
 * values[0, n), the draws strictly between low and high in order, and the others counted below
 * low, at low, at high (not for a window of one value) and above high. A test oracle only; the
 * engine runs the kernel.
 */
export function rankWindowOracle(values: Float64Array, low: number, high: number): { kept: number[]; counts: number[] } {
  const kept: number[] = [];
  const counts = [0, 0, 0, 0];
  for (const x of values) {
    if (x > low && x < high) kept.push(x);
    if (x < low) counts[0]++;
    if (x === low) counts[1]++;
    if (x === high && low !== high) counts[2]++;
    if (x > high) counts[3]++;
  }
  return { kept, counts };
}
