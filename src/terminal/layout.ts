/**
 * Tables that fit the width they print to. A table that fits is printed as a table (always,
 * without a width: the stable piped layout); one that does not is stacked: each row's title
 * cells on a line of their own, its other cells beneath as a narrower table, or, when even that
 * is too wide, one `header: value` line each.
 */
import { printable } from '../format.js';
import { paint, visible, wrap, type Layout } from './width.js';

export function table(header: string[], rows: string[][], rightAligned: (col: number) => boolean): string {
  const widths = header.map((h, c) => Math.max(visible(h), ...rows.map((r) => visible(r[c]))));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => {
        const pad = ' '.repeat(widths[c] - visible(cell));
        return rightAligned(c) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const widest = (text: string): number => Math.max(0, ...text.split('\n').map(visible));

export interface StackOptions {
  /** The columns that make a row's title line when stacked; the rest go beneath it. */
  title: readonly number[];
  /** A row's title from its title cells (default: joined by a space). */
  titleText?: (cells: string[]) => string;
  /** The header's title line (default: the title columns' headers joined). */
  header?: string;
  /** A layout for widths too narrow for the stacked table, instead of `header: value` lines. */
  narrow?: () => string;
}

/** `table`, or, when wider than `width`, the same rows stacked (see the module comment). */
export function fitTable(header: string[], rows: string[][], rightAligned: (col: number) => boolean, width: number | undefined, stack: StackOptions): string {
  const flat = table(header, rows, rightAligned);
  if (width === undefined || widest(flat) <= width) return flat;
  const rest = header.map((_, c) => c).filter((c) => !stack.title.includes(c));
  const titleOf = (cells: string[]): string => (stack.titleText ?? ((t) => t.filter(Boolean).join(' ')))(cells);
  const titles = rows.map((r) => titleOf(stack.title.map((c) => r[c])));
  const sub = table(
    rest.map((c) => header[c]),
    rows.map((r) => rest.map((c) => r[c])),
    (k) => rightAligned(rest[k]),
  )
    .split('\n')
    .map((l) => (l ? `  ${l}` : l));
  if (widest(sub.join('\n')) <= width) {
    // Header, rule, then each row's title above its cells.
    const lines = [...wrap(stack.header ?? titleOf(stack.title.map((c) => header[c])), width, '    '), ...sub.slice(0, 2)];
    titles.forEach((t, i) => lines.push(...wrap(t, width, '    '), sub[i + 2]));
    return lines.join('\n');
  }
  if (stack.narrow) return stack.narrow();
  const lines: string[] = [];
  rows.forEach((r, i) => {
    if (i) lines.push('');
    lines.push(...wrap(titles[i], width, '    '));
    for (const c of rest) if (r[c]) lines.push(...wrap(`  ${header[c] ? `${header[c]}: ` : ''}${r[c]}`, width, '      '));
  });
  return lines.join('\n');
}

/** Lines of prose wrapped to the width (unchanged without one). */
export function paragraph(text: string, width: number | undefined, indent = ''): string[] {
  return wrap(text, width, indent);
}

/**
 * The finished text: every line made printable (names and paths come from files and the
 * command line), then, on a colour terminal, table headers bold and their rules dim, and
 * words matched by `highlight` styled. Colour is added last, so it never counts as width.
 */
export function finish(lines: readonly string[], layout: Layout, highlight: readonly [RegExp, 'green' | 'yellow' | 'bold'][] = []): string {
  const plain = lines.join('\n').split('\n').map(printable);
  if (!layout.colour) return plain.join('\n') + '\n';
  const style = paint(layout);
  const rule = /^ *-[- ]*$/;
  return (
    plain
      .map((line, i) => {
        if (rule.test(line)) return style.dim(line);
        if (rule.test(plain[i + 1] ?? '')) return style.bold(line);
        let out = line;
        for (const [pattern, how] of highlight) out = out.replace(pattern, (m) => style[how](m));
        return out;
      })
      .join('\n') + '\n'
  );
}
