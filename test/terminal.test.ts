/** Layout for the terminal: widths, wrapping, stacked tables, colour and escaping. */
import { describe, expect, it } from 'vitest';
import { formatBytes, formatNumber, formatValue, printable } from '../src/format.js';
import { finish, fitTable, table } from '../src/terminal/layout.js';
import { layoutFor, wrap } from '../src/terminal/width.js';
import { jsonText } from '../src/io/json.js';
import { smallSampleNote } from '../src/summary/small-samples.js';

const longest = (text: string): number => Math.max(...text.split('\n').map((l) => [...l].length));

describe('layoutFor', () => {
  it('takes a terminal its own width, and colour unless NO_COLOR or TERM=dumb', () => {
    expect(layoutFor({ isTTY: true, columns: 80 }, {})).toEqual({ width: 80, colour: true });
    expect(layoutFor({ isTTY: true, columns: 80 }, { NO_COLOR: '1' })).toEqual({ width: 80, colour: false });
    expect(layoutFor({ isTTY: true, columns: 80 }, { TERM: 'dumb' })).toEqual({ width: 80, colour: false });
  });

  it('lays piped output out at full width, or for COLUMNS when set, never in colour', () => {
    expect(layoutFor({}, {})).toEqual({ colour: false });
    expect(layoutFor({}, { COLUMNS: '80' })).toEqual({ width: 80, colour: false });
    expect(layoutFor({}, { COLUMNS: 'wide' })).toEqual({ colour: false });
  });
});

describe('wrap', () => {
  it('breaks at spaces within the width, indenting what follows, and keeps a leading indent', () => {
    expect(wrap('aaa bbb ccc ddd', 8, '  ')).toEqual(['aaa bbb', '  ccc', '  ddd']);
    expect(wrap('  aaa bbb ccc', 9, '    ')).toEqual(['  aaa bbb', '    ccc']);
    expect(wrap('a_word_longer_than_the_line b', 10)).toEqual(['a_word_longer_than_the_line', 'b']);
    expect(wrap('anything at all', undefined)).toEqual(['anything at all']);
  });

  it('counts ∞ and × as one column each', () => {
    expect(wrap('∞∞∞∞ ××××', 9)).toEqual(['∞∞∞∞ ××××']);
  });
});

describe('fitTable', () => {
  const header = ['output', 'unit', 'P5', 'P95'];
  const rows = [
    ['video_minutes_per_gpu_hour_ideal', 'min/GPU-h', '0.595', '24.6'],
    ['gpus_peak', 'GPUs', '211k', '14M'],
  ];
  const stack = { title: [0, 1], titleText: ([n, u]: string[]) => `${n} [${u}]`, header: 'output [unit]' };

  it('is the plain table when it fits, or without a width', () => {
    const flat = table(header, rows, (c) => c >= 2);
    expect(fitTable(header, rows, (c) => c >= 2, undefined, stack)).toBe(flat);
    expect(fitTable(header, rows, (c) => c >= 2, 80, stack)).toBe(flat);
  });

  it('stacks each title above its cells when the table is wider than the width', () => {
    const text = fitTable(header, rows, (c) => c >= 2, 48, stack);
    expect(text.split('\n')).toEqual([
      'output [unit]',
      '     P5   P95',
      '  -----  ----',
      'video_minutes_per_gpu_hour_ideal [min/GPU-h]',
      '  0.595  24.6',
      'gpus_peak [GPUs]',
      '   211k   14M',
    ]);
  });

  it('falls back to one header: value line each when even that is too wide', () => {
    const wide = [['x', 'u', 'a'.repeat(30), 'b'.repeat(30)]];
    const text = fitTable(header, wide, () => false, 40, stack);
    expect(text.split('\n')).toEqual(['x [u]', `  P5: ${'a'.repeat(30)}`, `  P95: ${'b'.repeat(30)}`]);
    expect(longest(text)).toBeLessThanOrEqual(40);
  });
});

describe('finish', () => {
  it('escapes control characters, then colours headers and marks only on a colour terminal', () => {
    const lines = ['name \x1b[2J', table(['a', 'b'], [['1', 'reproduced']], () => false)];
    expect(finish(lines, { colour: false })).toBe('name \\x1b[2J\na  b\n-  ----------\n1  reproduced\n');
    const coloured = finish(lines, { colour: true }, [[/reproduced$/, 'green']]);
    expect(coloured).toContain('\x1b[1ma  b\x1b[22m');
    expect(coloured).toContain('\x1b[32mreproduced\x1b[39m');
    expect(coloured).toContain('name \\x1b[2J');
  });
});

describe('numbers that are not finite, and sizes', () => {
  it('prints ∞ and n/a, never NaN, in every unit', () => {
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatValue(Infinity, 'FLOP')).toBe('∞');
    expect(formatValue(Infinity, 'USD')).toBe('$∞');
    expect(formatValue(NaN, 'USD/min')).toBe('n/a');
  });

  it('writes infinities in JSON as strings that parse back, and finite numbers as JSON.stringify does', () => {
    const value = { a: Infinity, b: [1e21, 0.1, -0], c: NaN };
    expect(JSON.parse(jsonText(value))).toEqual({ a: 'Infinity', b: [1e21, 0.1, 0], c: 'n/a' });
    expect(jsonText({ b: [1e21, 0.1] })).toBe(JSON.stringify({ b: [1e21, 0.1] }, null, 2) + '\n');
  });

  it('sizes in decimal units', () => {
    expect(formatBytes(741e6)).toBe('741 MB');
    expect(formatBytes(7.41e12)).toBe('7.41 TB');
    expect(formatBytes(512)).toBe('512 bytes');
  });

  it('escapes what a terminal would act on', () => {
    expect(printable('a\x1b[31mb\u202ec\nd\te\u0085')).toBe('a\\x1b[31mb\\u202ec\\nd\\te\\x85');
  });
});

describe('smallSampleNote', () => {
  it('speaks below 1,000 samples and is silent from there on', () => {
    expect(smallSampleNote(1)).toMatch(/^1 sample: every percentile is that one draw/);
    expect(smallSampleNote(199)).toMatch(/P5 and P95 rest on fewer than 10 draws/);
    expect(smallSampleNote(200)).toMatch(/P1 and P99 rest on fewer than 10 draws/);
    expect(smallSampleNote(999)).toBeDefined();
    expect(smallSampleNote(1000)).toBeUndefined();
  });
});
