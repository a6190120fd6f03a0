/** What the main thread and the capture store's writer thread say to each other. */
import type { NumberTableState } from '../../core/capture/numberTable.js';
import type { Identity } from './storeFiles.js';

export interface StoreJob {
  id: number;
  /** Payload file name in the capture directory. */
  file: string;
  /** The body, when this job writes the payload (a job without one indexes a payload written before). */
  body?: ArrayBuffer;
  /**
   * The delivery's index line (JSON, without the newline), appended only after the payload is in
   * place. Its `duplicateOf` is written as null and decided by the writer, at commit time, against
   * the deliveries actually stored. A string, not the entry object: cheaper to hand over.
   */
  line?: IndexLine;
}

export interface IndexLine {
  text: string;
  seq: number;
  eventId: number | string | null;
}

/** Every job up to `upto` is done, except those in `failed`; `duplicates` has [job id, duplicateOf] where that is not null. */
export interface StoreBatchDone {
  upto: number;
  failed: { id: number; error: string; code?: string }[];
  duplicates: [number, number][];
}

/** The thread's first message: it has read the index and is ready for jobs. */
export interface StoreReady {
  ready: {
    /** Index lines that are entries. */
    count: number;
    maxSeq: number;
    /** seq -> nameHash of the file its line names. */
    indexed: NumberTableState;
  };
}

/** Event ids of payloads that have no index line (renamed before a crash): [event id, seq]. */
export interface StoreNoteEvents {
  note: [number | string, number][];
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
