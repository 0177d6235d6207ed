/**
 * A worker runs chunks, on the main thread or in a thread of its own (worker.ts), claiming the
 * next chunk from a counter all workers share until none is left: a worker that starts late (a
 * thread loading its modules) runs fewer. Results never depend on which worker ran which chunk.
 * ("Lane" is kept for SIMD lanes.)
 *
 * The pilot, when there is one, is the main thread's first chunks, run before any worker samples:
 * workers load their modules meanwhile (about as long as the pilot takes) and get the flags it
 * decided with their first request, so no worker runs ahead of the flags and nothing is replayed.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from './start-worker.js';
import { exportTables } from '../families/inversion.js';
import { ChunkRunner, type Collected, type Flags, type PassResult, type SimulationPlan } from './chunks.js';

export interface ChunkWorker {
  /** Runs chunks as claimed, counting or gathering by `flags`, until none is left. */
  run(flags: Flags | null, onChunk: () => void): Promise<PassResult>;
  /** Dealt evaluations: every chunk, a group of evaluations at a time (ChunkRunner.runGrouped). */
  runGrouped(ps: readonly (readonly number[])[], budget: number, margin: number, onChunk: () => void): Promise<PassResult>;
  collect(wanted: number[][], sizes: number[][], onChunk?: () => void): Promise<Collected>;
  close(): Promise<void>;
}

/** The shared counter of the next chunk to run, starting at `first`. */
export function chunkCounter(first = 0): SharedArrayBuffer {
  const counter = new SharedArrayBuffer(4);
  new Int32Array(counter)[0] = first;
  return counter;
}

export function claimer(counter: SharedArrayBuffer, total: number): () => number {
  const next = new Int32Array(counter);
  return () => {
    const chunk = Atomics.add(next, 0, 1);
    return chunk < total ? chunk : -1;
  };
}

export class MainThreadWorker implements ChunkWorker {
  private readonly runner: ChunkRunner;
  private readonly claim: () => number;
  constructor(plan: SimulationPlan, counter: SharedArrayBuffer, total: number) {
    this.runner = new ChunkRunner(plan);
    this.claim = claimer(counter, total);
  }
  /** Runs the pilot, chunks [0, chunks) (the counter starts past them), and returns its histograms. */
  pilot(chunks: number, onChunk: () => void): { base: number; counts: Uint32Array }[] {
    return this.runner.pilot(chunks, onChunk);
  }
  async run(flags: Flags | null, onChunk: () => void): Promise<PassResult> {
    return this.runner.run(this.claim, flags, onChunk);
  }
  async runGrouped(ps: readonly (readonly number[])[], budget: number, margin: number, onChunk: () => void): Promise<PassResult> {
    return this.runner.runGrouped(ps, budget, margin, onChunk);
  }
  async collect(wanted: number[][], sizes: number[][], onChunk?: () => void): Promise<Collected> {
    return this.runner.collect(wanted, sizes, onChunk);
  }
  async close(): Promise<void> {}
}

/** Threads started ahead of their simulation (warmThreads), idle until a ThreadWorker takes one. */
const warm: { worker: Worker; failed: boolean }[] = [];

/**
 * Starts `count` threads now for a simulation to take later: a thread takes a quarter of a second
 * to load its modules, which it then does while the main thread loads the scenarios, instead of
 * while the main thread samples its share (a thread that starts late has the same share of a
 * comparison's evaluations, and finishes that much later). Idle, they keep no process alive.
 */
export function warmThreads(count: number): void {
  while (warm.length < count) {
    const entry = { worker: startWorker(import.meta.url, 'worker', null), failed: false };
    entry.worker.unref();
    // A thread that failed to load is not handed out: a ThreadWorker starts its own, and sees why.
    entry.worker.on('error', () => (entry.failed = true));
    entry.worker.on('exit', () => (entry.failed = true));
    warm.push(entry);
  }
}

/** A warm thread given its simulation, or a new thread started with it. */
function threadFor(start: object): Worker {
  for (let entry = warm.shift(); entry; entry = warm.shift()) {
    if (entry.failed) continue;
    entry.worker.ref();
    entry.worker.postMessage({ type: 'start', ...start });
    return entry.worker;
  }
  return startWorker(import.meta.url, 'worker', start);
}

export class ThreadWorker implements ChunkWorker {
  private readonly worker: Worker;
  private pending: { resolve: (value: any) => void; reject: (error: Error) => void; onChunk?: () => void } | null = null;

  constructor(plan: SimulationPlan, counter: SharedArrayBuffer, total: number) {
    // The main thread has built the distributions' inversion tables already; workers take them over.
    this.worker = threadFor({ plan, counter, total, tables: exportTables() });
    this.worker.on('message', (message: { type: string; result?: PassResult; collected?: Collected }) => {
      if (message.type === 'progress') return this.pending?.onChunk?.();
      const pending = this.pending;
      this.pending = null;
      pending?.resolve(message.type === 'pass' ? message.result : message.collected);
    });
    this.worker.on('error', (error) => {
      const pending = this.pending;
      this.pending = null;
      pending?.reject(error);
    });
  }

  private request<T>(message: object, onChunk?: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending = { resolve, reject, onChunk };
      this.worker.postMessage(message);
    });
  }

  run(flags: Flags | null, onChunk: () => void): Promise<PassResult> {
    return this.request({ type: 'run', flags }, onChunk);
  }
  runGrouped(ps: readonly (readonly number[])[], budget: number, margin: number, onChunk: () => void): Promise<PassResult> {
    return this.request({ type: 'grouped', ps, budget, margin }, onChunk);
  }
  collect(wanted: number[][], sizes: number[][], onChunk?: () => void): Promise<Collected> {
    return this.request({ type: 'collect', wanted, sizes }, onChunk);
  }
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
