/**
 * A lane runs a fixed set of chunks, on the main thread or in a worker thread. Chunks are
 * dealt round-robin, so lanes get equal work; results never depend on the dealing.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from './start-worker.js';
import { exportTables } from '../distributions/inversion.js';
import { ChunkRunner, type Collected, type PassResult, type SimulationPlan } from './chunks.js';

export interface Lane {
  run(onChunk: () => void): Promise<PassResult>;
  collect(wanted: number[][]): Promise<Collected>;
  close(): Promise<void>;
}

export function dealChunks(count: number, lanes: number): number[][] {
  const dealt: number[][] = Array.from({ length: lanes }, () => []);
  for (let c = 0; c < count; c++) dealt[c % lanes].push(c);
  return dealt;
}

export class MainThreadLane implements Lane {
  private readonly runner: ChunkRunner;
  constructor(
    plan: SimulationPlan,
    private readonly chunks: number[],
  ) {
    this.runner = new ChunkRunner(plan);
  }
  async run(onChunk: () => void): Promise<PassResult> {
    return this.runner.run(this.chunks, onChunk);
  }
  async collect(wanted: number[][]): Promise<Collected> {
    return this.runner.collect(this.chunks, wanted);
  }
  async close(): Promise<void> {}
}

export class WorkerLane implements Lane {
  private readonly worker: Worker;
  private pending: { resolve: (value: any) => void; reject: (error: Error) => void; onChunk?: () => void } | null = null;

  constructor(plan: SimulationPlan, chunks: number[]) {
    // The main thread has built the distributions' inversion tables already; workers take them over.
    this.worker = startWorker(import.meta.url, 'worker', { plan, chunks, tables: exportTables() });
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

  run(onChunk: () => void): Promise<PassResult> {
    return this.request({ type: 'run' }, onChunk);
  }
  collect(wanted: number[][]): Promise<Collected> {
    return this.request({ type: 'collect', wanted });
  }
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
