/** What the main thread and the capture store's writer thread say to each other. */
import type { IndexSummary } from './indexScan.js';
import type { Identity } from './storeFiles.js';

export interface StoreJob {
  id: number;
  /** Payload file name in the capture directory. */
  file: string;
  /** The body, when this job writes the payload (a job without one indexes a payload written before). */
  body?: ArrayBuffer;
  /** Index line (without the newline), appended only after the payload is in place. */
  line?: string;
}

/** Every job up to `upto` is done, except those in `failed`. */
export interface StoreBatchDone {
  upto: number;
  failed: { id: number; error: string; code?: string }[];
}

/** The thread's first message: it has read the index and is ready for jobs. */
export interface StoreReady {
  ready: IndexSummary;
}

export interface StoreConfig {
  /** The capture directory, symlinks resolved. */
  dir: string;
  /** The directory as the user gave it, for messages. */
  shownDir: string;
  indexFile: string;
  lockFile: string;
  tmpPrefix: string;
  /** Opened (O_APPEND, never through a symlink) by the main thread, which closes it after this thread. */
  indexFd: number;
  fsync: boolean;
  /** What the directory, index and lock were when opened: a batch is refused once any has changed. */
  identity: { dir: Identity; index: Identity; lock: Identity };
}
