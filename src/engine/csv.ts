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

export async function writeSamplesCsv(path: string, plan: Omit<SimulationPlan, 'summarized'>): Promise<void> {
  const runner = new ChunkRunner({ ...plan, summarized: [] });
  const out = createWriteStream(path, { flags: 'wx' });
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(CSV_HEADER + '\n');
  for (let chunk = 0; chunk < chunkCount(plan.samples); chunk++) {
    const { n, inputs, outputs } = runner.sample(chunk);
    const columns = [...ASSUMPTION_NAMES.map((name) => inputs[name]), ...OUTPUT_NAMES.map((name) => outputs[name])];
    const lines: string[] = new Array(n);
    for (let i = 0; i < n; i++) lines[i] = columns.map((c) => c[i]).join(',');
    await write(lines.join('\n') + '\n');
  }
  out.end();
  await once(out, 'finish');
}
