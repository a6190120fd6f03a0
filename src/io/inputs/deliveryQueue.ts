/**
 * The deliveries of a `replay` run, handed out in plan order, and their bytes. The memory habits
 * that keep a 100,000-file run flat live here and nowhere else:
 * - a payload is dropped from the queue as soon as its last copy is taken;
 * - each worker reads files into its own reused buffer (ScratchReader), so no Buffer is left per
 *   file, and the bytes stay valid until that worker reads again, i.e. until its delivery is answered;
 * - bytes the scan kept (small runs, stdin) are let go once the last copy has been read.
 */
import { deliveryAt } from '../../core/replay/replayPlan.js';
import type { ReplayItem } from './replayInputs.js';
import { ScratchReader } from './scratchReader.js';

export interface Delivery {
  /** 0-based, in plan order. */
  index: number;
  /** 1-based, with --times. */
  copy: number;
  item: ReplayItem;
}

export class DeliveryQueue {
  readonly planned: number;
  private items: (ReplayItem | undefined)[];
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

  /** The next delivery, or undefined when every one has been taken. */
  take(): Delivery | undefined {
    if (this.next >= this.planned) return undefined;
    const index = this.next++;
    const { at, copy } = deliveryAt(index, this.times);
    const item = this.items[at] as ReplayItem;
    if (copy === this.times) this.items[at] = undefined;
    return { index, copy, item };
  }

  /** The stored bytes of a delivery, valid until `worker` reads again. Throws when the file cannot be read. */
  read(delivery: Delivery, worker: number): Buffer {
    const { item } = delivery;
    const bytes = item.bytes ?? this.reader(worker).read(item.path as string, item.name);
    // Only items that kept bytes have the property; adding it to the others would grow each one.
    if (delivery.copy === this.times && item.path !== undefined && item.bytes !== undefined) item.bytes = undefined;
    return bytes;
  }

  /**
   * Every payload not yet taken, once each, without taking it: for checks before sending. The
   * bytes are valid until the next one; payloads that cannot be read are left to the run to report.
   */
  *peek(): Generator<{ item: ReplayItem; bytes: Buffer }> {
    const reader = new ScratchReader(this.maxBytes);
    for (let at = 0; at < this.items.length; at++) {
      const item = this.items[at];
      if (!item || item.problem) continue;
      let bytes: Buffer;
      try {
        bytes = item.bytes ?? reader.read(item.path as string, item.name);
      } catch {
        continue;
      }
      yield { item, bytes };
    }
  }

  /** Drops whatever was not taken (after Ctrl-C), so the report is built without the items. */
  clear(): void {
    this.items = [];
    this.next = this.planned;
  }

  private reader(worker: number): ScratchReader {
    return (this.readers[worker] ??= new ScratchReader(this.maxBytes));
  }
}
