/**
 * What `replay` does to a payload and its headers when asked. Unchanged payloads never come
 * through here: their stored bytes are sent as they are (DESIGN.md, "Lose nothing").
 */
import { REDACTED } from '../capture/redact.js';
import { endToEndHeaders } from '../http/hopByHop.js';
import type { PathSegment, SetChange } from './replayOptions.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

const describe = (segments: PathSegment[]) =>
  segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

/** Sets one value in place, creating missing objects on the way; returns an error message or null. */
export function applySet(root: unknown, change: SetChange): string | null {
  const { segments, value } = change;
  if (!isObj(root) && !Array.isArray(root)) return `cannot set ${change.path}: the payload is not a JSON object`;
  let node: Obj | unknown[] = root as Obj | unknown[];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const last = i === segments.length - 1;
    if (typeof seg === 'number') {
      if (!Array.isArray(node)) return `cannot set ${change.path}: ${describe(segments.slice(0, i)) || 'the payload'} is not an array`;
      if (seg > node.length) return `cannot set ${change.path}: index ${seg} is past the end (length ${node.length})`;
    } else if (!isObj(node)) {
      return `cannot set ${change.path}: ${describe(segments.slice(0, i)) || 'the payload'} is an array, not an object`;
    }
    const holder = node as Record<string | number, unknown>;
    if (last) {
      holder[seg] = value;
      return null;
    }
    let next = holder[seg];
    if (next === undefined || next === null) {
      next = typeof segments[i + 1] === 'number' ? [] : {};
      holder[seg] = next;
    }
    if (!isObj(next) && !Array.isArray(next)) {
      return `cannot set ${change.path}: ${describe(segments.slice(0, i + 1))} is ${typeof next === 'string' ? 'a string' : typeof next}, not an object`;
    }
    node = next as Obj | unknown[];
  }
  return null;
}

/**
 * A fresh `event.eventId` and `event.firedAt`, so the receiver treats the delivery as a new
 * event. The id keeps the original's type (Coperniq sends numbers).
 */
export function applyNewIds(root: unknown, eventId: number, firedAt: Date): string | null {
  const event = isObj(root) ? root.event : undefined;
  if (!isObj(event)) return 'cannot give new ids: the payload has no "event" object';
  event.eventId = typeof event.eventId === 'string' ? String(eventId) : eventId;
  event.firedAt = firedAt.toISOString();
  return null;
}

/**
 * New event ids for this run: above anything Coperniq has issued (6-7 digits today) and distinct
 * between runs, so they collide with neither real events nor earlier replays.
 */
export function newIdSource(nowMs: number, random: () => number = Math.random): () => number {
  let next = nowMs * 1000 + Math.floor(random() * 1000);
  return () => next++;
}

/**
 * Captured headers fit to send again: no hop-by-hop, host or length headers (the new connection
 * sets its own), and no value the capture store redacted, whole or in part (`/hooks/***`), since
 * "***" is not the secret.
 */
export function keptHeaders(captured: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(endToEndHeaders(captured))) {
    const values = (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string' && !v.includes(REDACTED));
    if (values.length === 0) continue;
    out[name] = values.length === 1 ? values[0] : values;
  }
  return out;
}

export interface HeaderPlan {
  userAgent: string;
  keep: boolean;
  extra: [string, string][];
}

/** Our defaults, then the captured headers (with --keep-headers), then every --header, in that order of strength. */
export function buildHeaders(plan: HeaderPlan, captured?: Record<string, string | string[]>): Record<string, string | string[]> {
  const contentType = captured?.['content-type'];
  const headers: Record<string, string | string[]> = {
    'content-type': typeof contentType === 'string' && contentType !== '***' ? contentType : 'application/json',
    'user-agent': plan.userAgent,
  };
  if (plan.keep && captured) Object.assign(headers, keptHeaders(captured));
  const given: Record<string, string[]> = {};
  for (const [name, value] of plan.extra) (given[name] ??= []).push(value);
  for (const [name, values] of Object.entries(given)) headers[name] = values.length === 1 ? values[0] : values;
  return headers;
}
