/**
 * How wide terminal text may be, and whether it may be coloured. On a terminal, its own width;
 * piped, the full-width layout (stable, for scripts), unless COLUMNS names a width to lay out for
 * (COLUMNS=80 gives what an 80-column terminal shows). Colour only on a terminal that supports
 * it: never with NO_COLOR set (no-color.org), TERM=dumb, or when piped.
 */

export interface Layout {
  /** Columns to fit every line in; undefined for the full-width layout. */
  width?: number;
  colour: boolean;
}

interface Stream {
  isTTY?: boolean;
  columns?: number;
}

/** No table is laid out narrower than this; a narrower terminal wraps what does not fit. */
export const MIN_WIDTH = 40;

export function layoutFor(output: NodeJS.WritableStream | Stream, env: NodeJS.ProcessEnv = process.env): Layout {
  const stream = output as Stream;
  const fromEnv = /^\d+$/.test(env.COLUMNS ?? '') ? Number(env.COLUMNS) : undefined;
  const columns = stream.isTTY ? (stream.columns ?? fromEnv) : fromEnv;
  const width = columns !== undefined && columns > 0 ? Math.max(MIN_WIDTH, columns) : undefined;
  const colour = Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
  return { ...(width !== undefined ? { width } : {}), colour };
}

/** Visible length: code points, not UTF-16 units (∞, × and ÷ are one column each). */
export const visible = (text: string): number => [...text].length;

/**
 * `text` in lines of at most `width` columns, broken at spaces, every line after the first
 * starting with `indent`; a word longer than a line stays whole. Without a width, one line.
 */
export function wrap(text: string, width: number | undefined, indent = ''): string[] {
  if (width === undefined || visible(text) <= width) return [text];
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ').filter(Boolean)) {
    const fresh = line === lead || line === indent;
    const candidate = fresh ? line + word : `${line} ${word}`;
    if (fresh || visible(candidate) <= width) line = candidate;
    else {
      lines.push(line);
      line = indent + word;
    }
  }
  lines.push(line);
  return lines;
}

/** ANSI styles, applied only when colour is on. */
export function paint(layout: Layout) {
  const style = (open: number, close: number) => (text: string) => (layout.colour && text ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  return { bold: style(1, 22), dim: style(2, 22), green: style(32, 39), yellow: style(33, 39) };
}
