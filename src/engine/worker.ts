/** A worker thread (ThreadWorker in workers.ts): one ChunkRunner serving the main thread's run and collect requests. */
import { parentPort, workerData } from 'node:worker_threads';
import { importTables, type RawTable } from '../families/inversion.js';
import { ChunkRunner, type Flags, type SimulationPlan } from './chunks.js';
import { claimer } from './workers.js';

/** What a thread is started with, in workerData or (a thread started early: warmThreads) in its first message. */
interface Start {
  plan: SimulationPlan;
  counter: SharedArrayBuffer;
  total: number;
  tables: Record<string, RawTable>;
}

let started: { runner: ChunkRunner; counter: SharedArrayBuffer; total: number } | null = null;
function start({ plan, counter, total, tables }: Start): void {
  importTables(tables);
  started = { runner: new ChunkRunner(plan), counter, total };
}
if (workerData) start(workerData as Start);
const port = parentPort!;

type Request =
  | ({ type: 'start' } & Start)
  | { type: 'run'; flags: Flags | null }
  | { type: 'grouped'; ps: number[][]; budget: number; margin: number }
  | { type: 'collect'; wanted: number[][]; sizes: number[][] };

const progress = (): void => port.postMessage({ type: 'progress' });

port.on('message', (message: Request) => {
  if (message.type === 'start') return start(message);
  const { runner, counter, total } = started!;
  if (message.type === 'run' || message.type === 'grouped') {
    const result =
      message.type === 'run' ? runner.run(claimer(counter, total), message.flags, progress) : runner.runGrouped(message.ps, message.budget, message.margin, progress);
    port.postMessage({ type: 'pass', result }, [
      ...result.histograms.map((h) => h.counts.buffer as ArrayBuffer),
      ...result.fine.map((f) => f.buffer as ArrayBuffer),
      ...result.gathered.map((g) => g.buffer as ArrayBuffer),
      ...result.moments.map((m) => m.buffer as ArrayBuffer),
    ]);
  } else {
    const collected = runner.collect(message.wanted, message.sizes, progress);
    port.postMessage(
      { type: 'collected', collected },
      collected.flatMap((c) => c.values.map((v) => v.buffer as ArrayBuffer)),
    );
  }
});
