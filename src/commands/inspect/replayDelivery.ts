/**
 * `POST /api/deliveries/:seq/replay`: one delivery, as stored or edited, sent with replay's own
 * sender and delivery loop; the answer is a row of `replay --format json` plus what the target
 * answered (headers, the start of the body), which the page shows.
 */
import { redactHeaders, redactUrl, urlSecrets } from '../../core/capture/redact.js';
import type { IndexEntry } from '../../core/capture/captureFormat.js';
import { UsageError } from '../../core/errors.js';
import { isLoopbackHost } from '../../core/http/loopback.js';
import { parseReplayRequest, RequestError, type ReplayRequest } from '../../core/inspect/replayRequest.js';
import { preparer } from '../../core/replay/prepareDelivery.js';
import { headerPlan, newIdSource } from '../../core/replay/replayChanges.js';
import { parseExpect, parseTarget } from '../../core/replay/replayOptions.js';
import type { DeliveryResult } from '../../core/replay/replayReport.js';
import { readPayload } from '../../io/capture/payloadReader.js';
import { rateGate } from '../../io/http/rateGate.js';
import { Sender, type Attempt } from '../../io/http/sender.js';
import { DeliveryQueue } from '../../io/inputs/deliveryQueue.js';
import type { ReplayItem } from '../../io/inputs/replayInputs.js';
import { apiError, type ApiReply } from '../../io/http/inspector/inspectorTypes.js';
import { runDeliveries } from '../replay/replayRun.js';
import { entryAt, storedFileReply } from './deliveryEntry.js';
import type { InspectorState } from './inspectorApi.js';
import { defaultTarget } from './replayTarget.js';

const TIMEOUT_MS = 30_000;

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
  const result = await send(state, target, entry, stored, req);
  const json = { ...result.row, to: shown, response: result.response };
  // Not sent: the change asked for cannot apply (replay's "not sent (cannot change)").
  if (result.row.cannotChange) return apiError(422, result.row.cannotChange, { code: 'cannot-change', ...json });
  state.publish('replay', { seq, ...json });
  return { status: 200, json };
}

/**
 * One delivery through replay's own pieces: its header plan, its preparation (new ids, the gzip
 * label), its queue, its delivery loop and its sender; an edited body goes as the stored bytes would.
 */
async function send(state: InspectorState, target: URL, entry: IndexEntry, stored: Buffer, req: ReplayRequest): Promise<{ row: DeliveryResult; response: unknown }> {
  const edited = req.body !== undefined;
  const bytes = edited ? Buffer.from(req.body as string, 'utf8') : stored;
  const prepare = preparer({
    headers: headerPlan(target, req.headers.map(([name, value]) => `${name}: ${value}`), { userAgent: `coperniq-hooks/${state.version}`, keep: false }),
    sets: [],
    nextId: req.newIds ? newIdSource(1, [entry.eventId]) : undefined,
    now: () => new Date(),
  });
  // An edited body is plain text, whatever the capture's encoding was.
  const item: ReplayItem = {
    name: entry.file, capture: entry, fromIndex: true, firedAt: null, trigger: entry.trigger, eventId: entry.eventId, bytes,
    ...(!edited && entry.encoding ? { encoding: entry.encoding } : {}),
  };
  // A signal of its own: the sender listens to it, and the inspector's outlives many replays.
  const own = new AbortController();
  const stop = () => own.abort();
  state.closing.addEventListener('abort', stop, { once: true });
  const secrets = state.showSecrets ? [] : urlSecrets(target.href);
  const sender = new WatchedSender(target, { connections: 1, timeoutMs: TIMEOUT_MS, signal: own.signal, secrets });
  try {
    const [row] = await runDeliveries({
      queue: new DeliveryQueue([item], 1, bytes.length), concurrency: 1, retries: 0, expect: parseExpect('2xx'), sender,
      prepare, gate: rateGate(undefined, own.signal), signal: own.signal, onDone: () => undefined,
    });
    if (edited) row.changed = ['body', ...(row.changed ?? [])];
    const last = sender.last;
    const response = last && last.status !== null ? { headers: redactHeaders(last.headers ?? {}), bodyStart: last.bodyStart ?? '' } : null;
    return { row, response };
  } finally {
    state.closing.removeEventListener('abort', stop);
    await sender.close();
  }
}
