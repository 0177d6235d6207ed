/**
 * A lane runs chunks on the main thread or in a worker thread, claiming the next chunk from a
 * counter all lanes share until none is left: a lane that starts late (a worker loading its
 * modules) runs fewer. Results never depend on which lane ran which chunk.
 *
 * The pilot is the main lane's first chunks. Worker lanes do not wait for it: they run and
 * keep their chunks' outputs until the main lane posts the flags it decided, which they read
 * between chunks (receiveMessageOnPort: a worker busy in a loop never sees 'message' events).
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startWorker } from './start-worker.js';
import { exportTables } from '../distributions/inversion.js';
import { ChunkRunner, type Collected, type FlagSource, type Flags, type PassResult, type SimulationPlan } from './chunks.js';

/** A pass's flags: known in advance, or decided by the main lane from its first `chunks` (the pilot). */
export type FlagPlan =
  | { known: Flags | null }
  | { pilot: { chunks: number; decide: (histograms: { base: number; counts: Uint32Array }[]) => Flags } };

export interface Lane {
  collect(wanted: number[][]): Promise<Collected>;
  close(): Promise<void>;
}

/** The shared counter of the next chunk to run, starting at `first`. */
export function chunkCounter(first = 0): SharedArrayBuffer {
  const counter = new SharedArrayBuffer(4);
  new Int32Array(counter)[0] = first;
  return counter;
}

/** Flags sent to a worker while it runs: a port it polls, and a word to sleep on when it has nothing else to do. */
export interface FlagChannel {
  port: MessagePort;
  signal: SharedArrayBuffer;
}

/** A worker's FlagSource: the flags once the main lane has posted them. */
export function flagReader({ port, signal }: FlagChannel): FlagSource {
  const posted = new Int32Array(signal);
  return (wait) => {
    for (;;) {
      const received = receiveMessageOnPort(port);
      if (received) return (received.message as { flags: Flags }).flags;
      if (!wait) return undefined;
      Atomics.wait(posted, 0, 0, 50);
    }
  };
}

export function claimer(counter: SharedArrayBuffer, total: number): () => number {
  const next = new Int32Array(counter);
  return () => {
    const chunk = Atomics.add(next, 0, 1);
    return chunk < total ? chunk : -1;
  };
}

export class MainThreadLane implements Lane {
  private readonly runner: ChunkRunner;
  private readonly claim: () => number;
  constructor(plan: SimulationPlan, counter: SharedArrayBuffer, total: number) {
    this.runner = new ChunkRunner(plan);
    this.claim = claimer(counter, total);
  }
  /** Runs the pilot first if there is one, hands its flags to `publish`, then the rest. */
  async run(plan: FlagPlan, onChunk: () => void, publish: (flags: Flags) => void): Promise<PassResult> {
    if ('known' in plan) return this.runner.run(this.claim, () => plan.known, onChunk);
    const { chunks, decide } = plan.pilot;
    let next = 0;
    const claim = (): number => (next < chunks ? next++ : this.claim());
    let flags: Flags | undefined;
    const flagsOf = (): Flags | undefined => {
      if (!flags && this.runner.ran.length >= chunks) {
        flags = decide(this.runner.histograms());
        publish(flags);
      }
      return flags;
    };
    return this.runner.run(claim, flagsOf, onChunk);
  }
  async collect(wanted: number[][]): Promise<Collected> {
    return this.runner.collect(wanted);
  }
  async close(): Promise<void> {}
}

export class WorkerLane implements Lane {
  private readonly worker: Worker;
  private pending: { resolve: (value: any) => void; reject: (error: Error) => void; onChunk?: () => void } | null = null;

  constructor(plan: SimulationPlan, counter: SharedArrayBuffer, total: number) {
    // The main thread has built the distributions' inversion tables already; workers take them over.
    this.worker = startWorker(import.meta.url, 'worker', { plan, counter, total, tables: exportTables() });
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

  private request<T>(message: object, onChunk?: () => void, transfer: MessagePort[] = []): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending = { resolve, reject, onChunk };
      this.worker.postMessage(message, transfer);
    });
  }

  private channel: (FlagChannel & { sender: MessagePort }) | null = null;

  /** Runs with known flags, or (undefined) with those publish() will send. */
  run(flags: Flags | null | undefined, onChunk: () => void): Promise<PassResult> {
    if (flags !== undefined) return this.request({ type: 'run', flags }, onChunk);
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    this.channel = { port: port2, signal, sender: port1 };
    return this.request({ type: 'run', channel: { port: port2, signal } }, onChunk, [port2]);
  }

  publish(flags: Flags): void {
    const channel = this.channel!;
    channel.sender.postMessage({ flags });
    const posted = new Int32Array(channel.signal);
    Atomics.store(posted, 0, 1);
    Atomics.notify(posted, 0);
    channel.sender.close();
  }
  collect(wanted: number[][]): Promise<Collected> {
    return this.request({ type: 'collect', wanted });
  }
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
