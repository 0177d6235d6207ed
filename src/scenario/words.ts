/** Small pieces of message text shared by the validator and --set. */

/** A number as a person would write it in a scenario file: 4, 0.25, 6e10. */
export function num(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (!Number.isFinite(x)) return x > 0 ? '.inf' : '-.inf';
  const ax = Math.abs(x);
  return ax >= 1e6 || (ax > 0 && ax < 1e-4) ? x.toExponential().replace('e+', 'e') : String(x);
}

/** What a value is, for "found ..." in messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `the string '${value}'`;
  if (typeof value === 'number') return num(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (ArrayBuffer.isView(value)) return 'binary data';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}
