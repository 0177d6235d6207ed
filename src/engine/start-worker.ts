/**
 * Starting a worker thread from a module beside the caller. Compiled, the worker is
 * `<stem>.js`; run from source (under vitest) it is `<stem>.ts`, and the worker registers
 * tsx's loader itself: loader flags in execArgv do not reach worker threads on Node 20.
 */
import { Worker } from 'node:worker_threads';

export function startWorker(callerUrl: string, stem: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${stem}.js`, callerUrl), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`./${stem}.ts`, callerUrl).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData });
}
