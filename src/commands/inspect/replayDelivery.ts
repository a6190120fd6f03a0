/**
 * `POST /api/deliveries/:seq/replay`: one delivery, as stored or edited, sent with replay's own
 * sender and delivery loop; the answer is a row of `replay --format json` plus what the target
 * answered (headers, the start of the body), which the page shows.
 */
import { redactHeaders, redactUrl } from '../../core/capture/redact.js';
import { UsageError } from '../../core/errors.js';
import { parseReplayRequest, RequestError, type ReplayRequest } from '../../core/inspect/replayRequest.js';
import { parseJsonBytes } from '../../core/payload/json.js';
import { applyNewIds, buildHeaders, newIdSource } from '../../core/replay/replayChanges.js';
import { isLoopbackHost } from '../../core/http/loopback.js';
import { parseExpect, parseTarget } from '../../core/replay/replayOptions.js';
import type { DeliveryResult } from '../../core/replay/replayPlan.js';
import type { IndexEntry } from '../../core/capture/captureFormat.js';
import { readPayload } from '../../io/capture/payloadReader.js';
import { rateGate } from '../../io/http/rateGate.js';
import { Sender, type Attempt } from '../../io/http/sender.js';
import type { ReplayItem } from '../../io/inputs/replayInputs.js';
import { apiError, type ApiReply } from '../../io/http/inspector/inspectorTypes.js';
import { runDeliveries, type Prepared } from '../replay/replayRun.js';
import { entryAt, storedFileReply } from './deliveryEntry.js';
import type { InspectorState } from './inspectorApi.js';
import { defaultTarget } from './replayTarget.js';

const TIMEOUT_MS = 30_000;
const nextId = newIdSource(Date.now());

/** Remembers the last answer, read in full up to its start whatever its status, for the page. */
class WatchedSender extends Sender {
  last: Attempt | null = null;

  override async post(body: Uint8Array, headers: Record<string, string | string[]>): Promise<Attempt> {
    this.last = await super.post(body, headers, () => false);
    return this.last;
  }
}

function chooseTarget(state: InspectorState, req: ReplayRequest): URL | ApiReply {
  if (req.to !== undefined) {
    try {
      return parseTarget(req.to);
    } catch (err) {
      if (err instanceof UsageError) return apiError(400, err.message.replace('--to', '"to"'));
      throw err;
    }
  }
  return defaultTarget(state)?.url ?? apiError(400, 'no target: give "to" (listen --forward-to sets a default)', { code: 'no-target' });
}

/** What goes on the wire: replay's headers for a captured delivery, the stored or the edited bytes. */
function prepare(entry: IndexEntry, stored: Buffer, req: ReplayRequest, version: string): Prepared {
  const headers = buildHeaders({ userAgent: `coperniq-hooks/${version}`, keep: false, extra: req.headers }, entry.headers);
  const changed: string[] = req.body !== undefined ? ['body'] : [];
  let body: Buffer = req.body !== undefined ? Buffer.from(req.body, 'utf8') : stored;
  // A gzip capture goes out as stored, labelled as it arrived; an edited body is plain text.
  if (req.body === undefined && entry.encoding) headers['content-encoding'] = entry.encoding;
  if (!req.newIds) return { body, headers, changed, eventId: entry.eventId };
  if (req.body === undefined && entry.encoding) return { problem: 'cannot give new ids to a gzip capture here: edit it first' };
  const parsed = parseJsonBytes(body);
  if (!parsed.ok) return { problem: `cannot give new ids: ${parsed.message}` };
  const id = nextId();
  const problem = applyNewIds(parsed.value, id, new Date());
  if (problem) return { problem };
  body = Buffer.from(JSON.stringify(parsed.value));
  delete headers['content-encoding'];
  return { body, headers, changed: [...changed, 'event.eventId', 'event.firedAt'], eventId: id };
}

export async function replayDelivery(state: InspectorState, seq: number, requestBody: Buffer | null): Promise<ApiReply> {
  let req: ReplayRequest;
  try {
    req = parseReplayRequest((requestBody ?? Buffer.alloc(0)).toString('utf8'));
  } catch (err) {
    if (err instanceof RequestError) return apiError(400, err.message);
    throw err;
  }
  const target = chooseTarget(state, req);
  if (!(target instanceof URL)) return target;
  const shown = redactUrl(target.href, { show: state.showSecrets });
  if (!isLoopbackHost(target.hostname) && !req.confirm) {
    return apiError(409, `${redactUrl(target.origin)} is not this machine: send again with "confirm": true to replay there`, { code: 'confirm-required', to: shown });
  }
  const at = await entryAt(state.follower, seq);
  if (!('entry' in at)) return at;
  const { entry } = at;
  let stored: Buffer;
  try {
    stored = (await readPayload(state.follower.dir, entry)).stored;
  } catch (err) {
    return storedFileReply(err);
  }
  state.lastTarget = target;
  const prepared = prepare(entry, stored, req, state.version);
  if ('problem' in prepared) return apiError(422, prepared.problem);
  const result = await send(target, entry, prepared, state.closing);
  const json = { ...result.row, to: shown, response: result.response };
  state.publish('replay', { seq, ...json });
  return { status: 200, json };
}

async function send(target: URL, entry: IndexEntry, prepared: Exclude<Prepared, { problem: string }>, closing: AbortSignal): Promise<{ row: DeliveryResult; response: unknown }> {
  // A signal of its own: the sender listens to it, and the inspector's outlives many replays.
  const own = new AbortController();
  const stop = () => own.abort();
  closing.addEventListener('abort', stop, { once: true });
  const signal = own.signal;
  const sender = new WatchedSender(target, { connections: 1, timeoutMs: TIMEOUT_MS, signal });
  const item: ReplayItem = { name: entry.file, capture: entry, fromIndex: true, firedAt: null, trigger: entry.trigger, eventId: entry.eventId, bytes: prepared.body as Buffer };
  try {
    const [row] = await runDeliveries({
      items: [item], times: 1, concurrency: 1, retries: 0, expect: parseExpect('2xx'), sender,
      prepare: () => prepared, gate: rateGate(undefined, signal), signal, onDone: () => undefined,
    });
    const last = sender.last;
    const response = last && last.status !== null ? { headers: redactHeaders(last.headers ?? {}), bodyStart: last.bodyStart ?? '' } : null;
    return { row, response };
  } finally {
    closing.removeEventListener('abort', stop);
    await sender.close();
  }
}
