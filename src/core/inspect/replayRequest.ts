/**
 * The body of `POST /api/deliveries/:seq/replay`, checked field by field so a page or a script
 * gets one clear message instead of a half-sent replay.
 */
import { parseHeaderArg } from '../replay/replayOptions.js';
import { UsageError } from '../errors.js';

export interface ReplayRequest {
  /** Target URL; absent: the inspector's default (listen's --forward-to, else the last one used). */
  to?: string;
  /** The exact text to send instead of the stored bytes (an edit); absent: the bytes as stored. */
  body?: string;
  /** A fresh event.eventId and event.firedAt, as `replay --new-ids`. */
  newIds: boolean;
  /** Extra headers, as `replay --header`. */
  headers: [string, string][];
  /** The user said yes to sending to a host that is not this machine. */
  confirm: boolean;
}

export class RequestError extends Error {}

const FIELDS = new Set(['to', 'body', 'newIds', 'headers', 'confirm']);

export function parseReplayRequest(text: string): ReplayRequest {
  let v: unknown;
  try {
    v = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new RequestError('the request body is not JSON: send {"to": "http://...", "body"?: "...", "newIds"?: true, "headers"?: {...}}');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new RequestError('the request body must be a JSON object');
  const o = v as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !FIELDS.has(k));
  if (unknown.length) throw new RequestError(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}: use to, body, newIds, headers, confirm`);
  if (o.to !== undefined && typeof o.to !== 'string') throw new RequestError('"to" must be a URL string');
  if (o.body !== undefined && typeof o.body !== 'string') throw new RequestError('"body" must be a string: the exact text to send');
  for (const k of ['newIds', 'confirm']) if (o[k] !== undefined && typeof o[k] !== 'boolean') throw new RequestError(`"${k}" must be true or false`);
  return {
    ...(o.to !== undefined && o.to.trim() !== '' ? { to: o.to } : {}),
    ...(o.body !== undefined ? { body: o.body } : {}),
    newIds: o.newIds === true,
    headers: headerList(o.headers),
    confirm: o.confirm === true,
  };
}

function headerList(v: unknown): [string, string][] {
  if (v === undefined || v === null) return [];
  if (typeof v !== 'object' || Array.isArray(v)) throw new RequestError('"headers" must be an object of header names and string values');
  return Object.entries(v as Record<string, unknown>).map(([name, value]) => {
    if (typeof value !== 'string') throw new RequestError(`header ${JSON.stringify(name)}: the value must be a string`);
    try {
      return parseHeaderArg(`${name}: ${value}`);
    } catch (err) {
      if (err instanceof UsageError) throw new RequestError(err.message.replace(/^--header /, 'header '));
      throw err;
    }
  });
}
