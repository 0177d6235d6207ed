/** A progress bar with an ETA on stderr, drawn only when stderr is a terminal. */
import type { WriteStream } from 'node:tty';

export function progressBar(stream: NodeJS.WriteStream, label: string): ((done: number, total: number) => void) & { end(): void } {
  const tty = (stream as WriteStream).isTTY;
  const start = performance.now();
  let last = 0;
  let drawn = false;
  const draw = (done: number, total: number): void => {
    const now = performance.now();
    if (!tty || (done < total && now - last < 100) || now - start < 300) return;
    last = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const elapsed = (now - start) / 1000;
    const eta = done > 0 ? (elapsed * (total - done)) / done : 0;
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor((done / total) * 100)}% ETA ${eta.toFixed(1)}s `);
    drawn = true;
  };
  return Object.assign(draw, {
    end(): void {
      if (drawn) stream.write('\r\x1b[K');
    },
  });
}
