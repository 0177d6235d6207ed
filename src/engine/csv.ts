/**
 * Every draw as CSV, assumptions then outputs, canonical names as the header. Chunks are
 * written in order on one thread; numbers in JavaScript's shortest round-trip form, so a
 * reader gets back the exact doubles.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ChunkRunner, chunkCount, type SimulationPlan } from './chunks.js';
import { ASSUMPTION_NAMES } from '../model/assumptions.js';
import { OUTPUT_NAMES } from '../model/outputs.js';

export const CSV_HEADER = [...ASSUMPTION_NAMES, ...OUTPUT_NAMES].join(',');

/** Rows the size estimate serializes: enough for a stable mean length, a few milliseconds. */
const PILOT_ROWS = 2048;

/**
 * The CSV's size in bytes, estimated before writing from the length of its first rows (their
 * numbers' lengths vary little from row to row); exact when the run is no longer than the pilot.
 */
export function estimateCsvBytes(plan: Omit<SimulationPlan, 'summarized'>): number {
  const runner = new ChunkRunner({ ...plan, summarized: [] });
  const { n, inputs, outputs } = runner.sample(0);
  const rows = Math.min(n, PILOT_ROWS);
  const columns = [...ASSUMPTION_NAMES.map((name) => inputs[name]), ...OUTPUT_NAMES.map((name) => outputs[name])];
  let bytes = 0;
  for (let i = 0; i < rows; i++) bytes += columns.map((c) => c[i]).join(',').length + 1;
  return CSV_HEADER.length + 1 + Math.round((bytes / rows) * plan.samples);
}

export async function writeSamplesCsv(path: string, plan: Omit<SimulationPlan, 'summarized'>, onProgress?: (done: number, total: number) => void): Promise<void> {
  const runner = new ChunkRunner({ ...plan, summarized: [] });
  const out = createWriteStream(path, { flags: 'w' });
  // A write can fail at any time (a full disk): the first error ends the writing, as a rejection.
  let failed: Error | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', (error) => reject((failed = error)));
  });
  finished.catch(() => {});
  const write = async (text: string): Promise<void> => {
    if (failed) throw failed;
    if (!out.write(text)) await Promise.race([once(out, 'drain'), finished]);
    if (failed) throw failed;
  };
  await write(CSV_HEADER + '\n');
  for (let chunk = 0; chunk < chunkCount(plan.samples); chunk++) {
    const { n, inputs, outputs } = runner.sample(chunk);
    const columns = [...ASSUMPTION_NAMES.map((name) => inputs[name]), ...OUTPUT_NAMES.map((name) => outputs[name])];
    const lines: string[] = new Array(n);
    for (let i = 0; i < n; i++) lines[i] = columns.map((c) => c[i]).join(',');
    await write(lines.join('\n') + '\n');
    onProgress?.(chunk + 1, chunkCount(plan.samples));
  }
  out.end();
  await finished;
}
