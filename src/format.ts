/**
 * Numbers for people, the same in the terminal and in reports: three significant digits,
 * SI-style suffixes for counts, scientific notation for FLOP, dollars for USD.
 */

const SUFFIXES: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** Three significant digits without trailing zeros: 4.21, 15.3, 0.51, 124. */
function sig3(x: number): string {
  if (x === 0) return '0';
  const s = Number(x.toPrecision(3));
  // toPrecision switches to exponent form at 1e21; callers never pass such values here.
  return String(s);
}

/** 1.08e25: scientific notation with three significant digits and no "+" in the exponent. */
export function scientific(x: number): string {
  if (x === 0) return '0';
  const [mantissa, exponent] = x.toExponential(2).split('e');
  const m = String(Number(mantissa));
  return `${m}e${Number(exponent)}`;
}

/** A bare number: 4.21k, 15.3M, 20.3B, 5.04, 0.51, 1.08e25. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '∞' : '-∞';
  const ax = Math.abs(x);
  if (ax === 0) return '0';
  if (ax >= 1e15 || ax < 1e-3) return scientific(x);
  for (const [size, suffix] of SUFFIXES) {
    // Round first so 999,950 prints as 1M, not 1000k.
    if (Number(ax.toPrecision(3)) >= size) return sig3(x / size) + suffix;
  }
  return sig3(x);
}

const SCIENTIFIC_UNITS = new Set(['FLOP', 'FLOP/min', 'FLOP/s']);

/** A number as its unit wants it, without the unit's name: 1.08e25 for FLOP, $0.79 for USD. */
export function formatValue(x: number, unit: string): string {
  if (unit === 'USD' || unit.startsWith('USD/')) {
    const sign = x < 0 ? '-' : '';
    const ax = Math.abs(x);
    const body = ax >= 0.01 && ax < 1000 ? ax.toFixed(2) : formatNumber(ax);
    return `${sign}$${body}`;
  }
  return SCIENTIFIC_UNITS.has(unit) && Math.abs(x) >= 1e6 ? scientific(x) : formatNumber(x);
}

/** A number with its unit: 1.08e25 FLOP, 4.21k GPUs, 15.3M min, $0.79, $12.3M, $0.79/min. */
export function formatQuantity(x: number, unit: string): string {
  const body = formatValue(x, unit);
  if (unit === 'USD') return body;
  if (unit.startsWith('USD/')) return `${body}${unit.slice(3)}`;
  if (unit === '×') return `${body}×`;
  return unit ? `${body} ${unit}` : body;
}
