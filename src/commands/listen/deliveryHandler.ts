import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { captureFileName, type ForwardResult, type IndexEntry } from '../../core/capture/captureFormat.js';
import { inspectBody, undecodable, type Inspected } from '../../core/capture/inspectBody.js';
import { redactHeaders, redactSecrets } from '../../core/capture/redact.js';
import { decodeStoredAsync } from '../../core/capture/storedBody.js';
import { payloadFacts } from '../../core/payload/payloadFacts.js';
import type { CaptureStore } from '../../io/capture/captureStore.js';
import type { Forwarder } from '../../io/http/forwarder.js';
import type { Answer, Incoming } from '../../io/http/httpReceiver.js';
import type { DeliveryView, ListenCounts } from '../../render/listen/listenLines.js';

const BODY_START = 200;

export interface DeliveryDeps {
  store: CaptureStore;
  forwarder?: Forwarder;
  /** Redacted forward URL, as recorded. */
  forwardShown?: string;
  /** The forward URL's secrets, hidden in the answer recorded (an error page may echo the URL). */
  forwardSecrets?: readonly string[];
  status: number;
  delayMs: number;
  validate: boolean;
  showSecrets: boolean;
  /** Hidden in every stored and printed header value too. */
  token?: string;
  redactTarget: (target: string) => string;
  counts: ListenCounts;
  stopping: AbortSignal;
  onCaptured: (view: DeliveryView) => void;
  onFailed: (message: string) => void;
}

const answerJson = (status: number, body: Record<string, unknown>): Answer => ({ status, body: JSON.stringify(body) });

/** Decoded with the readers' own decoder and cap, so the verdict here is the one `validate` gives the stored file. */
async function inspectGzip(body: Buffer, validate: boolean): Promise<Inspected> {
  const decoded = await decodeStoredAsync(body, 'gzip');
  if (!decoded.ok) return undecodable(`Content-Encoding gzip, but ${decoded.message}: stored, not decoded`, validate);
  return inspectBody(decoded.bytes, { validate });
}

async function forward(d: DeliveryDeps, forwarder: Forwarder, inc: Incoming, entry: IndexEntry): Promise<Answer> {
  const f = await forwarder.forward(inc.method, inc.headers, inc.body);
  const result: ForwardResult = { url: d.forwardShown ?? '', status: f.reached ? f.status : null, ms: f.ms };
  if (f.error) result.error = f.error;
  if (f.reached && (f.status < 200 || f.status >= 300)) {
    const start = f.body.subarray(0, BODY_START).toString('utf8');
    result.bodyStart = d.showSecrets ? start : redactSecrets(start, [...(d.forwardSecrets ?? []), ...(d.token ? [d.token] : [])]);
  }
  entry.forward = result;
  entry.status = f.status;
  if (!f.reached || f.status < 200 || f.status >= 300) d.counts.forwardFailed++;
  return { status: f.status, body: f.body, headers: f.contentType ? { 'content-type': f.contentType } : {} };
}

/**
 * One delivery: name it, store it (file, then index line, each synced unless --no-fsync), forward
 * it, and only then answer, so a 2xx always means the bytes are on disk. A failure to store answers
 * 500 so Coperniq retries, and leaves nothing of the delivery behind.
 */
export function makeDeliveryHandler(d: DeliveryDeps): (incoming: Incoming) => Promise<Answer> {
  return async (inc) => {
    const encoding = String(inc.headers['content-encoding'] ?? '').trim().toLowerCase();
    const gzip = encoding === 'gzip' || encoding === 'x-gzip';
    const { value, verdict } = gzip ? await inspectGzip(inc.body, d.validate) : inspectBody(inc.body, { validate: d.validate });
    const facts = payloadFacts(value);
    const seq = d.store.nextSeq();
    const file = captureFileName(seq, facts.trigger, facts.eventId, verdict.json, { gzip });
    const entry: IndexEntry = {
      seq,
      file,
      receivedAt: inc.receivedAt.toISOString(),
      method: inc.method,
      path: d.redactTarget(inc.target),
      headers: redactHeaders(inc.headers, { show: d.showSecrets, token: d.token }),
      remote: inc.remote,
      bytes: inc.body.length,
      sha256: createHash('sha256').update(inc.body).digest('hex'),
      trigger: facts.trigger,
      eventId: facts.eventId,
      recordId: facts.recordId,
      // Decided by the store as the line is written: the first stored delivery of this event.
      duplicateOf: null,
      verdict,
      status: d.status,
    };
    if (gzip) entry.encoding = 'gzip';

    let answer: Answer;
    try {
      if (d.forwarder) {
        // Forwarding waits for the payload to be on disk; the index line waits for the forward result.
        await d.store.writePayload(file, inc.body);
        answer = await forward(d, d.forwarder, inc, entry);
        entry.duplicateOf = await d.store.appendIndex(entry);
      } else {
        const ok = d.status >= 200 && d.status < 300;
        answer = answerJson(d.status, ok ? { ok: true, seq } : { ok: false, seq, note: `answering ${d.status} as asked (--status)` });
        entry.duplicateOf = await d.store.persist(file, inc.body, entry);
      }
    } catch (err) {
      d.counts.failed++;
      d.onFailed(`delivery #${seq} (${inc.body.length} bytes) NOT stored, answered 500 so the sender retries: ${(err as Error).message}`);
      return answerJson(500, { ok: false, error: 'could not store the delivery' });
    }

    d.counts.captured++;
    if (verdict.valid === false) d.counts.invalid++;
    if (entry.duplicateOf !== null) d.counts.duplicates++;
    d.onCaptured({ entry, title: facts.title, moved: facts.moved, validated: d.validate });
    if (d.delayMs > 0 && !d.stopping.aborted) await sleep(d.delayMs, undefined, { signal: d.stopping }).catch(() => undefined);
    return answer;
  };
}
