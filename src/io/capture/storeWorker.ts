/**
 * The capture store's writer thread. At its start it reads the index (while the main thread lists
 * the directory: two cores, half the wait); then it takes batches of jobs and commits whatever is
 * waiting as one group (groupCommit.ts), and answers once per group. Synchronous calls are fine
 * here: this thread does nothing else, and the main thread never waits on them; one hand-off per
 * batch instead of several libuv requests per delivery is what lets `listen` keep up with a bare
 * server.
 */
import { ftruncateSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { GroupCommit } from './groupCommit.js';
import { summarizeIndex } from './indexScan.js';
import type { StoreConfig, StoreJob, StoreNoteEvents, StoreReady } from './storeMessages.js';

const cfg = workerData as StoreConfig;
const earlier = summarizeIndex(cfg.indexFd);
// A cut-off last line can only come from a crash mid-write; it never described an acknowledged delivery.
if (earlier.wholeEnd < earlier.size) ftruncateSync(cfg.indexFd, earlier.wholeEnd);
const store = new GroupCommit(cfg, earlier.wholeEnd, earlier.seen);

const pending: StoreJob[] = [];
let running = false;
let closing = false;

async function pump(): Promise<void> {
  while (pending.length > 0) parentPort!.postMessage(await store.commit(pending.splice(0)));
  running = false;
  if (closing) finish();
}

function finish(): void {
  // The index fd is the main thread's to close: it opened it (Node warns when a worker closes one).
  store.close();
  parentPort!.postMessage('closed');
}

// Handed over, not copied: at a million deliveries the table is 32 MB.
const indexed = earlier.indexed.toState();
const ready: StoreReady = { ready: { count: earlier.count, maxSeq: earlier.maxSeq, indexed } };
parentPort!.postMessage(ready, [indexed.keys.buffer as ArrayBuffer, indexed.values.buffer as ArrayBuffer]);
parentPort!.on('message', (msg: StoreJob[] | StoreNoteEvents | 'close') => {
  if (msg === 'close') {
    closing = true;
    if (!running) finish();
    return;
  }
  if (!Array.isArray(msg)) {
    for (const [eventId, seq] of msg.note) earlier.seen.note(eventId, seq);
    return;
  }
  for (const job of msg) pending.push(job);
  if (running) return;
  running = true;
  // After the messages already queued have arrived, so that they join this group.
  setImmediate(() => void pump());
});
