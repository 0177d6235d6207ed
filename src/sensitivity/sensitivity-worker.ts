/** A worker thread: analyses its share of a sensitivity run's outputs. */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeOutputs, type SensitivityJob } from './analyze.js';

parentPort!.postMessage(analyzeOutputs(workerData as SensitivityJob));
