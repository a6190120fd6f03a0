import { setImmediate as nextTurn } from 'node:timers/promises';
import { Interrupted } from '../../core/errors.js';
import { ScratchReader, type ReadHow } from './scratchReader.js';
import { tooLarge } from './regularFile.js';

export interface ReaderOptions {
  /** The most bytes read from one file or from stdin (`--max-input`). */
  maxBytes: number;
  /** Aborted on SIGINT/SIGTERM: the next read throws Interrupted. */
  signal: AbortSignal;
  stdin: NodeJS.ReadableStream;
}

// Reads of regular files are synchronous (fastest for thousands of small files), so a long run
// would never let a signal's handler run; it gets a turn of the event loop this often.
const YIELD_EVERY_MS = 20;

// Date.now(), not a monotonic clock: it is asked once per file, and process.hrtime() (an array a
// call) cost validate of 10,000 files ~5 ms where this costs ~1; `performance` loads perf_hooks.
// A clock set back shows as a negative time since the last turn, which takes a turn at once.
const nowMs = (): number => Date.now();

/**
 * Reads the payloads a command was given: files through one scratch buffer, stdin once (kept, so
 * selecting and then checking read the same bytes), every read bounded and interruptible.
 */
export class InputReader {
  private readonly scratch: ScratchReader;
  private stdinBytes: Promise<Buffer> | undefined;
  private lastTurn = nowMs();

  constructor(private readonly opts: ReaderOptions) {
    this.scratch = new ScratchReader(opts.maxBytes);
  }

  get maxBytes(): number {
    return this.opts.maxBytes;
  }

  get signal(): AbortSignal {
    return this.opts.signal;
  }

  /** The bytes of a file (valid until the next read), of a payload made in memory, or of stdin (`path` absent). */
  async read(input: { name: string; path?: string; bytes?: Buffer } & ReadHow): Promise<Buffer> {
    await this.checkpoint();
    if (input.bytes) return input.bytes;
    if (input.path === undefined) return this.readStdin();
    return this.scratch.read(input.path, input.name, input);
  }

  /**
   * A file's bytes without a promise (valid until the next read), for a bulk reader that calls
   * checkpoint() itself whenever turnDue() says so; throws Interrupted once a signal has arrived.
   */
  readFileNow(input: { name: string; path: string } & ReadHow): Buffer {
    if (this.opts.signal.aborted) throw new Interrupted();
    return this.scratch.read(input.path, input.name, input);
  }

  /** Whether the event loop is due a turn, which only an awaited read() or checkpoint() gives it. */
  turnDue(): boolean {
    const since = nowMs() - this.lastTurn;
    return since >= YIELD_EVERY_MS || since < 0;
  }

  /** Lets signals in now and then; throws Interrupted once one has arrived. */
  async checkpoint(): Promise<void> {
    if (this.turnDue()) {
      await nextTurn();
      this.lastTurn = nowMs();
    }
    if (this.opts.signal.aborted) throw new Interrupted();
  }

  readStdin(): Promise<Buffer> {
    this.stdinBytes ??= readStream(this.opts.stdin, 'stdin', this.opts.maxBytes, this.opts.signal);
    return this.stdinBytes;
  }
}

/** All of a stream, refused past `maxBytes`, given up on a signal (a stdin that never ends). */
function readStream(stream: NodeJS.ReadableStream, name: string, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (err: Error | null) => {
      stream.off('data', onData).off('end', onEnd).off('error', onError);
      signal.removeEventListener('abort', onAbort);
      if (err) {
        // Let go of the stream, or the process would wait for its end before exiting.
        (stream as { destroy?: () => void }).destroy?.();
        reject(err);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      if (size > maxBytes) return finish(tooLarge(name, maxBytes));
      chunks.push(b);
    };
    const onEnd = () => finish(null);
    const onError = (err: Error) => finish(err);
    const onAbort = () => finish(new Interrupted('interrupted while reading stdin'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);
    stream.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
