/**
 * The results of a `replay` run, one row per planned delivery, in typed arrays. A result object
 * per delivery, its numbers boxed, was the bulk of what a 100,000-delivery run kept (issue 13);
 * here a row is 29 bytes, and rows become DeliveryResult objects only while a report reads them.
 */
import type { DeliveryResult } from './replayReport.js';

/** What labels a payload's deliveries in the report. */
export interface PayloadLabels {
  readonly name: string;
  readonly trigger: string | null;
  readonly eventId: number | string | null;
}

/** A delivery that was sent (with its retries). */
export interface SentOutcome {
  status: number | null;
  attempts: number;
  ms: number;
  totalMs: number;
  ok: boolean;
  bytes: number;
  /** As sent: differs from the payload's with --new-ids. */
  eventId: number | string | null;
  error?: string;
  answer?: string;
  changed: string[];
}

/** A delivery that was not sent: the input could not be read, or the change cannot apply. */
export type NotSent = { error: string } | { cannotChange: string };

const NONE = 0;
const NOT_SENT = 1;
const SENT = 2;
const OK = 4;

interface Notes {
  error?: string;
  cannotChange?: string;
  answer?: string;
}

export class ResultTable implements Iterable<DeliveryResult> {
  private readonly state: Uint8Array;
  private readonly status: Int16Array;
  private readonly attempts: Uint16Array;
  private readonly ms: Float64Array;
  private readonly totalMs: Float64Array;
  private readonly bytes: Float64Array;
  /** The rare words (errors, answers), by delivery index. */
  private readonly notes = new Map<number, Notes>();
  /** Made on the first delivery that needs one: changed paths (--set, --new-ids) and new event ids. */
  private changed: (string[] | undefined)[] | undefined;
  private eventIds: (number | string | null | undefined)[] | undefined;
  /** One array per distinct list of changed paths: every delivery of a --set run has the same. */
  private readonly changedLists = new Map<string, string[]>();
  private recorded = 0;

  /** `payloads` in plan order; delivery i is copy (i % times) + 1 of payload floor(i / times). */
  constructor(
    private readonly payloads: readonly PayloadLabels[],
    private readonly times: number,
  ) {
    const planned = payloads.length * times;
    this.state = new Uint8Array(planned);
    this.status = new Int16Array(planned);
    this.attempts = new Uint16Array(planned);
    this.ms = new Float64Array(planned);
    this.totalMs = new Float64Array(planned);
    this.bytes = new Float64Array(planned);
  }

  /** Deliveries with a result (those not started before Ctrl-C have none). */
  get length(): number {
    return this.recorded;
  }

  notSent(index: number, why: NotSent): void {
    this.record(index, NOT_SENT);
    this.notes.set(index, why);
  }

  sent(index: number, o: SentOutcome): void {
    this.record(index, SENT | (o.ok ? OK : 0));
    this.status[index] = o.status ?? -1;
    this.attempts[index] = o.attempts;
    this.ms[index] = o.ms;
    this.totalMs[index] = o.totalMs;
    this.bytes[index] = o.bytes;
    if (o.error !== undefined || o.answer !== undefined) this.notes.set(index, { error: o.error, answer: o.answer });
    if (o.changed.length) (this.changed ??= new Array(this.state.length))[index] = this.shared(o.changed);
    if (o.eventId !== this.payloadOf(index).eventId) (this.eventIds ??= new Array(this.state.length))[index] = o.eventId;
  }

  /** The results in plan order, each made when it is reached. */
  *[Symbol.iterator](): Iterator<DeliveryResult> {
    for (let i = 0; i < this.state.length; i++) if (this.state[i] !== NONE) yield this.result(i);
  }

  private record(index: number, state: number): void {
    if (this.state[index] === NONE) this.recorded++;
    this.state[index] = state;
  }

  private shared(changed: string[]): string[] {
    const key = JSON.stringify(changed);
    const known = this.changedLists.get(key);
    if (known) return known;
    this.changedLists.set(key, changed);
    return changed;
  }

  private payloadOf(index: number): PayloadLabels {
    return this.payloads[Math.floor(index / this.times)];
  }

  /** The keys in the order the JSON report has always had them. */
  private result(i: number): DeliveryResult {
    const p = this.payloadOf(i);
    const state = this.state[i];
    const sent = (state & SENT) !== 0;
    const override = this.eventIds?.[i];
    const r: DeliveryResult = {
      index: i,
      file: p.name,
      copy: (i % this.times) + 1,
      trigger: p.trigger,
      eventId: override === undefined ? p.eventId : override,
      status: sent && this.status[i] !== -1 ? this.status[i] : null,
      attempts: sent ? this.attempts[i] : 0,
      ms: sent ? this.ms[i] : null,
      ok: (state & OK) !== 0,
    };
    if (sent) {
      r.totalMs = this.totalMs[i];
      r.bytes = this.bytes[i];
    }
    const notes = this.notes.get(i);
    if (notes?.error !== undefined) r.error = notes.error;
    if (notes?.cannotChange !== undefined) r.cannotChange = notes.cannotChange;
    if (notes?.answer !== undefined) r.answer = notes.answer;
    const changed = this.changed?.[i];
    if (changed) r.changed = changed;
    return r;
  }
}
