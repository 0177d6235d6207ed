/**
 * Jobs (one model evaluation and its selections each) dealt round-robin over the main thread
 * and worker threads that share the draws' memory. A job's result depends only on the job, so
 * results never depend on the thread count or the dealing.
 */
import { startWorker } from '../engine/start-worker.js';
import type { ColumnStore, Job, JobResult } from './columns.js';

/** Below this many jobs, starting workers costs more than it saves. */
export const MIN_JOBS_PER_WORKER = 32;

function inWorker(store: ColumnStore, jobs: Job[]): Promise<JobResult[]> {
  const worker = startWorker(import.meta.url, 'compare-worker', { columns: store.share(), jobs });
  return new Promise<JobResult[]>((resolve, reject) => {
    worker.once('message', (results: JobResult[]) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`compare worker exited with code ${code} before answering`)));
  }).finally(() => worker.terminate());
}

/** Results in job order. `store` must be drawn into shared memory when threads > 1. */
export async function runJobs(store: ColumnStore, jobs: readonly Job[], threads: number): Promise<JobResult[]> {
  const lanes = Math.max(1, Math.min(threads, Math.floor(jobs.length / MIN_JOBS_PER_WORKER)));
  const dealt: number[][] = Array.from({ length: lanes }, () => []);
  jobs.forEach((_, i) => dealt[i % lanes].push(i));
  const results = new Array<JobResult>(jobs.length);
  // Workers first, so they run while the main thread takes lane 0.
  const pending = dealt.slice(1).map(async (indices) => {
    const answers = await inWorker(store, indices.map((i) => jobs[i]));
    indices.forEach((i, k) => (results[i] = answers[k]));
  });
  const settled = Promise.allSettled(pending);
  for (const i of dealt[0]) results[i] = store.run(jobs[i]);
  for (const outcome of await settled) if (outcome.status === 'rejected') throw outcome.reason;
  return results;
}
