/** A worker thread: evaluates its share of a comparison's jobs on the shared draws. */
import { parentPort, workerData } from 'node:worker_threads';
import { ColumnStore, type Job, type SharedColumns } from './columns.js';

const { columns, jobs } = workerData as { columns: SharedColumns; jobs: Job[] };
const store = ColumnStore.fromShared(columns);
parentPort!.postMessage(jobs.map((job) => store.run(job)));
