/**
 * JSON on stdout. JSON has no infinity: an infinite value (a crossover never reached, when both
 * AI shares are exactly 0) is written as the string "Infinity" (or "-Infinity"), which
 * JavaScript's Number() and Python's float() read back; a value with no answer (0/0) as "n/a",
 * as the table prints it. Finite numbers are written exactly as JSON.stringify writes them.
 */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? 'n/a' : String(v)) : v), 2);
  return text + '\n';
}
