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

/** `digits` significant digits without trailing zeros: 4.21, 15.3, 0.51, 124. */
function significant(x: number, digits: number): string {
  if (x === 0) return '0';
  // toPrecision switches to exponent form at 1e21; callers never pass such values here.
  return String(Number(x.toPrecision(digits)));
}

/** 1.08e25: scientific notation with `digits` significant digits and no "+" in the exponent. */
export function scientific(x: number, digits = 3): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return formatNumber(x);
  const [mantissa, exponent] = x.toExponential(digits - 1).split('e');
  const m = String(Number(mantissa));
  return `${m}e${Number(exponent)}`;
}

/**
 * A bare number: 4.21k, 15.3M, 20.3B, 5.04, 0.51, 1.08e25. With more digits, as the article
 * printed some figures: 4,211 and 15.27M and 123.7k.
 */
export function formatNumber(x: number, digits = 3): string {
  // NaN (0/0, from assumptions fixed at exactly 0) has no value to show.
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'n/a' : x > 0 ? '∞' : '-∞';
  const ax = Math.abs(x);
  if (ax === 0) return '0';
  if (ax >= 1e15 || ax < 1e-3) return scientific(x, digits);
  const rounded = Number(ax.toPrecision(digits));
  if (digits >= 4 && rounded < 10 ** digits && rounded >= 1000 && Number.isInteger(rounded)) {
    return (x < 0 ? '-' : '') + rounded.toLocaleString('en-US');
  }
  for (const [size, suffix] of SUFFIXES) {
    // Round first so 999,950 prints as 1M, not 1000k.
    if (rounded >= size) return significant(x / size, digits) + suffix;
  }
  return significant(x, digits);
}

const SCIENTIFIC_UNITS = new Set(['FLOP', 'FLOP/min', 'FLOP/s']);

/** A number as its unit wants it, without the unit's name: 1.08e25 for FLOP, $0.79 for USD. */
export function formatValue(x: number, unit: string, digits = 3): string {
  if (unit === 'USD' || unit.startsWith('USD/')) {
    const sign = x < 0 ? '-' : '';
    const ax = Math.abs(x);
    if (Number.isNaN(x)) return formatNumber(x);
    const body = ax >= 0.01 && ax < 1000 ? ax.toFixed(2) : formatNumber(ax, digits);
    return `${sign}$${body}`;
  }
  return SCIENTIFIC_UNITS.has(unit) && Math.abs(x) >= 1e6 ? scientific(x, digits) : formatNumber(x, digits);
}

/** A number with its unit: 1.08e25 FLOP, 4.21k GPUs, 15.3M min, $0.79, $12.3M, $0.79/min. */
export function formatQuantity(x: number, unit: string): string {
  const body = formatValue(x, unit);
  if (unit === 'USD') return body;
  if (unit.startsWith('USD/')) return `${body}${unit.slice(3)}`;
  if (unit === '×') return `${body}×`;
  return unit ? `${body} ${unit}` : body;
}

/**
 * Text from a user's file or command line, safe to print: control characters (an ANSI escape
 * in a scenario name would reach the terminal and act), DEL, C1 controls and the bidirectional
 * overrides are written as escapes (\x1b, \u202e); a newline as \n, so one problem stays one line.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A size in bytes with decimal units, as disks are sold: 741 MB, 7.41 TB, 82.1 GB. */
export function formatBytes(bytes: number): string {
  const units: readonly [number, string][] = [[1e12, 'TB'], [1e9, 'GB'], [1e6, 'MB'], [1e3, 'kB']];
  for (const [size, unit] of units) if (bytes >= size) return `${significant(bytes / size, 3)} ${unit}`;
  return `${bytes} bytes`;
}
