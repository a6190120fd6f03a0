import { parentPort, workerData } from 'node:worker_threads';
import type { ValidateResult } from '../core/validateReport.js';
import { drain, type CheckSetup, type FileJob } from './validateFiles.js';

const { jobs, counter, setup } = workerData as { jobs: FileJob[]; counter: Int32Array; setup: CheckSetup };
const userCheck = setup.schemaPath ? (await import('../io/userSchema.js')).loadUserSchema(setup.schemaPath, setup.schemaShown ?? setup.schemaPath) : undefined;
let batch: [number, ValidateResult][] = [];
drain(jobs, counter, setup, userCheck, (i, r) => {
  batch.push([i, r]);
  if (batch.length >= 256) {
    parentPort!.postMessage(batch);
    batch = [];
  }
});
if (batch.length) parentPort!.postMessage(batch);
