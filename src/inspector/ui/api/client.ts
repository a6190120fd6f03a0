/**
 * Calls to the inspector's API. The session cookie rides along (same origin); a POST is always
 * `application/json`, which the server requires (a cross-site form cannot send it).
 */
import type { CheckResult, DeliveryPage, Detail, Meta, ReplayBody, ReplayResult } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

async function call(path: string, init: RequestInit = {}, signal?: AbortSignal): Promise<Response> {
  const res = await fetch(path, { ...init, signal, credentials: 'same-origin', headers: { accept: 'application/json', ...init.headers } });
  if (res.ok) return res;
  let message = `${res.status} ${res.statusText}`;
  let code: string | null = null;
  try {
    const body = (await res.json()) as { error?: string; code?: string };
    if (body.error) message = body.error;
    code = body.code ?? null;
  } catch {
    // Not JSON (a proxy's page): the status line says enough.
  }
  if (res.status === 401) message = 'the inspector no longer knows this tab: open the URL it printed again (with ?token=)';
  throw new ApiError(res.status, message, code);
}

const json = async <T>(path: string, signal?: AbortSignal): Promise<T> => (await call(path, {}, signal)).json() as Promise<T>;

const post = (path: string, body: string) => call(path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

export const api = {
  meta: (signal?: AbortSignal) => json<Meta>('/api/meta', signal),
  deliveries: (params: URLSearchParams, signal?: AbortSignal) => json<DeliveryPage>(`/api/deliveries?${params}`, signal),
  detail: (seq: number, signal?: AbortSignal) => json<Detail>(`/api/deliveries/${seq}`, signal),
  /** `diff --format json` text, parsed by the caller so big numbers stay exact. */
  diff: async (seq: number, params: URLSearchParams, signal?: AbortSignal) => {
    const res = await call(`/api/deliveries/${seq}/diff?${params}`, {}, signal);
    return { text: await res.text(), against: Number(res.headers.get('x-diff-against')) };
  },
  curl: (seq: number, params: URLSearchParams) => json<{ command: string; target: string | null; redacted: boolean }>(`/api/deliveries/${seq}/curl?${params}`),
  check: async (payload: string, signal?: AbortSignal) => {
    const res = await call('/api/check', { method: 'POST', body: payload, headers: { 'content-type': 'application/json' } }, signal);
    return (await res.json()) as CheckResult;
  },
  replay: async (seq: number, body: ReplayBody) => (await post(`/api/deliveries/${seq}/replay`, JSON.stringify(body))).json() as Promise<ReplayResult>,
  rawUrl: (seq: number) => `/api/deliveries/${seq}/raw`,
};
