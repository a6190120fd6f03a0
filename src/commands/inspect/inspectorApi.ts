/**
 * The inspector's JSON API (README, "inspect"): the routes, each a call into core and the capture
 * reader. The page uses nothing else, and scripts can use all of it.
 */
import { parseDeliveryQuery, QueryError } from '../../core/inspect/deliveryQuery.js';
import { TRIGGERS } from '../../core/payload/triggers.js';
import { redactUrl } from '../../core/capture/redact.js';
import { isLoopbackHost } from '../../core/http/loopback.js';
import type { IndexFollower } from '../../io/capture/indexFollower.js';
import type { FactsCache } from '../../io/capture/payloadReader.js';
import { apiError, type ApiHandler, type ApiReply, type ApiRequest } from '../../io/http/inspector/inspectorTypes.js';
import { rawDelivery } from './rawDelivery.js';
import { defaultTarget, type ReplayTarget } from './replayTarget.js';
import { listDeliveries } from './listDeliveries.js';

export interface InspectorState {
  follower: IndexFollower;
  facts: FactsCache;
  version: string;
  /** `listen` in this process (rejections are counted), or a directory followed from outside. */
  source: 'listen' | 'directory';
  /** Requests `listen` refused (401, 413, 408...): not captured, only counted; null when unknown. */
  rejected: number | null;
  /** Resolves once the index has been read the first time. */
  loaded: Promise<void>;
  /** Replay's default target: listen's --forward-to, or COPERNIQ_HOOKS_TARGET for inspect. */
  replayTarget: ReplayTarget | null;
  /** The target of the last replay, the default when there is no other. */
  lastTarget: URL | null;
  /** listen --show-secrets: targets are shown as given. */
  showSecrets: boolean;
  /** Tells the page (SSE). */
  publish: (event: string, data: unknown) => void;
  /** Aborted when the inspector stops: replays in flight give up. */
  closing: AbortSignal;
}

type Route = (state: InspectorState, req: ApiRequest, seq: number) => Promise<ApiReply>;

const ROUTES: { method: string; pattern: RegExp; run: Route }[] = [
  { method: 'GET', pattern: /^\/meta$/, run: (s) => meta(s) },
  { method: 'GET', pattern: /^\/deliveries$/, run: (s, r) => list(s, r) },
  // The schemas (zod), the sender (undici) and the diff load on first use: the list comes up first.
  { method: 'GET', pattern: /^\/deliveries\/(\d+)$/, run: async (s, _r, seq) => (await import('./deliveryDetail.js')).deliveryDetail(s.follower, s.facts, seq) },
  { method: 'GET', pattern: /^\/deliveries\/(\d+)\/raw$/, run: (s, _r, seq) => rawDelivery(s.follower, seq) },
  { method: 'GET', pattern: /^\/deliveries\/(\d+)\/diff$/, run: async (s, r, seq) => (await import('./deliveryDiff.js')).deliveryDiff(s.follower, seq, r.params) },
  { method: 'POST', pattern: /^\/deliveries\/(\d+)\/replay$/, run: async (s, r, seq) => (await import('./replayDelivery.js')).replayDelivery(s, seq, r.body) },
  { method: 'GET', pattern: /^\/deliveries\/(\d+)\/curl$/, run: async (s, r, seq) => (await import('./curlForDelivery.js')).curlForDelivery(s, seq, r.params) },
  { method: 'POST', pattern: /^\/check$/, run: async (_s, r) => (await import('./checkPayload.js')).checkPayload(r.body, r.params) },
];

export function inspectorApi(state: InspectorState): ApiHandler {
  return async (req) => {
    const path = req.path.replace(/\/+$/, '') || '/';
    let known = false;
    for (const route of ROUTES) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      known = true;
      if (route.method !== req.method) continue;
      await state.loaded;
      const seq = m[1] === undefined ? 0 : Number(m[1]);
      if (m[1] !== undefined && !Number.isSafeInteger(seq)) return apiError(404, `no delivery #${m[1]}`);
      return route.run(state, req, seq);
    }
    return known ? apiError(405, `${req.method} is not allowed on ${path}`) : apiError(404, `no API route ${path}`);
  };
}

async function list(state: InspectorState, req: ApiRequest): Promise<ApiReply> {
  let query;
  try {
    query = parseDeliveryQuery(req.params);
  } catch (err) {
    if (err instanceof QueryError) return apiError(400, err.message);
    throw err;
  }
  return { status: 200, json: await listDeliveries(state.follower, state.facts, query, req.signal) };
}

async function meta(state: InspectorState): Promise<ApiReply> {
  const counts = state.follower.catalog.counts();
  return {
    status: 200,
    json: {
      tool: 'coperniq-hooks',
      version: state.version,
      dir: state.follower.dir,
      source: state.source,
      total: state.follower.catalog.size,
      rejected: state.rejected,
      badIndexLines: state.follower.badLines,
      indexProblem: state.follower.problem,
      counts,
      triggers: TRIGGERS.map((t) => ({ key: t.key, name: t.name, count: counts.triggers[t.key] ?? 0 })),
      replayTarget: replayTargetShown(state),
    },
  };
}

function replayTargetShown(state: InspectorState): { url: string; source: string; loopback: boolean } | null {
  const t = defaultTarget(state);
  return t ? { url: redactUrl(t.url.href, { show: state.showSecrets }), source: t.source, loopback: isLoopbackHost(t.url.hostname) } : null;
}
