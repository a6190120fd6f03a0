/** What the inspector's server hands to the API and takes back: routing stays out of the handlers. */
export interface ApiRequest {
  method: string;
  /** Path after `/api`, e.g. `/deliveries/42/diff`. */
  path: string;
  params: URLSearchParams;
  /** The request body of a POST (JSON, checked by the server), else null. */
  body: Buffer | null;
  /** Aborted when the client goes away, so a long search stops. */
  signal: AbortSignal;
}

export interface ApiReply {
  status: number;
  /** Serialised with JSON.stringify... */
  json?: unknown;
  /** ...or JSON text rendered already (the diff renderer's), sent as is... */
  jsonText?: string;
  /** ...or bytes (raw payloads) with their own headers. */
  bytes?: Buffer;
  headers?: Record<string, string>;
}

export type ApiHandler = (req: ApiRequest) => Promise<ApiReply>;

export const apiError = (status: number, error: string, extra: Record<string, unknown> = {}): ApiReply => ({ status, json: { error, ...extra } });
