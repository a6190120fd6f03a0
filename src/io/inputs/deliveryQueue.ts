/**
 * The deliveries of a `replay` run, handed out in plan order, and their bytes. The memory habits
 * that keep a 100,000-file run flat live here and nowhere else:
 * - the payloads stay (they label the results) but hold no bytes once their last copy is read;
 * - each worker reads files into its own reused buffer (ScratchReader), so no Buffer is left per
 *   file, and the bytes stay valid until that worker reads again, i.e. until its delivery is answered;
 * - bytes the scan kept (small runs, stdin) are let go once the last copy has been read.
 */
import { deliveryAt } from '../../core/replay/replayPlan.js';
import type { ReplayItem } from './replayInputs.js';
import { ScratchReader } from './scratchReader.js';

const WORKER_BUFFER = 8 * 1024;

export interface Delivery {
  /** 0-based, in plan order. */
  index: number;
  /** 1-based, with --times. */
  copy: number;
  item: ReplayItem;
}

export class DeliveryQueue {
  readonly planned: number;
  private readonly items: readonly ReplayItem[];
  private next = 0;
  private readonly readers: ScratchReader[] = [];

  /** Takes the items over: the caller must not keep the array. `maxBytes` is `--max-input`. */
  constructor(
    items: ReplayItem[],
    readonly times: number,
    private readonly maxBytes: number,
  ) {
    this.items = items;
    this.planned = items.length * times;
  }

  /** The payloads in plan order. */
  get payloads(): readonly ReplayItem[] {
    return this.items;
  }

  /** The next delivery, or undefined when every one has been taken. */
  take(): Delivery | undefined {
    if (this.next >= this.planned) return undefined;
    const index = this.next++;
    const { at, copy } = deliveryAt(index, this.times);
    return { index, copy, item: this.items[at] };
  }

  /** The stored bytes of a delivery, valid until `worker` reads again. Throws when the file cannot be read. */
  read(delivery: Delivery, worker: number): Buffer {
    const { item } = delivery;
    const bytes = item.bytes ?? this.reader(worker).read(item.path as string, item.name, item);
    // The scan's copy of a file goes with its last delivery (stdin's bytes are the reader's to keep).
    if (delivery.copy === this.times && item.path !== undefined && item.bytes !== undefined) item.bytes = undefined;
    return bytes;
  }

  /**
   * Every payload not yet taken, once each, without taking it: for checks before sending. The
   * bytes are valid until the next one; payloads that cannot be read are left to the run to report.
   */
  *peek(): Generator<{ item: ReplayItem; bytes: Buffer }> {
    const reader = new ScratchReader(this.maxBytes);
    for (let at = deliveryAt(this.next, this.times).at; at < this.items.length; at++) {
      const item = this.items[at];
      if (item.problem) continue;
      let bytes: Buffer;
      try {
        bytes = item.bytes ?? reader.read(item.path as string, item.name, item);
      } catch {
        continue;
      }
      yield { item, bytes };
    }
  }

  /** Takes nothing more (after Ctrl-C), and lets go of the bytes the scan kept. */
  clear(): void {
    for (const item of this.items) if (item.bytes !== undefined) item.bytes = undefined;
    this.next = this.planned;
  }

  private reader(worker: number): ScratchReader {
    // Small to start (it grows to the largest file read): there is one per worker, up to 1,000.
    return (this.readers[worker] ??= new ScratchReader(this.maxBytes, WORKER_BUFFER));
  }
}
