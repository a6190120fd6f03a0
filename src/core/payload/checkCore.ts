import { crossCheck } from './crossChecks.js';
import type { Finding } from './finding.js';
import { describeValue } from './findings.js';
import { parseJsonBytes } from './json.js';
import { isKnownTrigger } from './triggers.js';
import { quote } from '../text/printable.js';

export interface CheckOptions {
  /** Warnings (unknown fields, unknown trigger, odd values) become errors. */
  strict?: boolean;
  /** Check as this trigger whatever `event.triggerKey` says. */
  trigger?: string;
}

export interface CheckResult {
  /** The bytes were JSON (always true for checkValue). */
  json: boolean;
  value?: unknown;
  trigger: string | null;
  known: boolean;
  valid: boolean;
  errors: Finding[];
  warnings: Finding[];
}

export type Obj = Record<string, unknown>;

/**
 * Checks the payload's shape against its trigger (or the envelope when `known` is false): the
 * findings, or null when this checker cannot decide (the fast pre-check on a payload with findings).
 */
export type ShapeCheck = (subject: Obj, key: string | null, known: boolean) => Finding[] | null;

const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Everything around the shape check, shared by the zod checker (check.ts) and the zod-free fast
 * pre-check (fastCheck.ts): trigger choice and --as, unknown triggers, cross-checks, --strict.
 */
export function runCheck(value: unknown, opts: CheckOptions, shape: ShapeCheck): CheckResult | null {
  const found: Finding[] = [];
  if (!isObject(value)) {
    return finish(value, null, false, [
      { level: 'error', path: '', code: 'not-object', message: `expected a JSON object with "event" (and usually "record"), got ${describeValue(value)}` },
    ], opts);
  }
  const event = isObject(value.event) ? value.event : undefined;
  const sent = typeof event?.triggerKey === 'string' ? event.triggerKey : null;
  let key = sent;
  let subject: Obj = value;
  if (opts.trigger) {
    key = opts.trigger;
    if (event && sent !== opts.trigger) {
      found.push({ level: 'warning', path: 'event.triggerKey', code: 'trigger-override', message: `payload says ${sent === null ? 'nothing' : sent}; checked as ${opts.trigger} (--as)` });
      subject = { ...value, event: { ...event, triggerKey: opts.trigger } };
    }
  }
  const known = isKnownTrigger(key);
  if (!known && key !== null) {
    found.push({ level: 'warning', path: 'event.triggerKey', code: 'unknown-trigger', message: `unknown trigger ${quote(key)}: only the common envelope was checked` });
  }
  const shaped = shape(subject, key, known);
  if (shaped === null) return null;
  found.push(...shaped);
  if (key !== null) found.push(...crossCheck(subject, key));
  return finish(value, key, known, found, opts);
}

/** Raw bytes as received: empty, non-UTF-8 and malformed JSON are findings, not crashes. */
export function runCheckBody(bytes: Uint8Array, opts: CheckOptions, shape: ShapeCheck): CheckResult | null {
  const parsed = parseJsonBytes(bytes);
  if (!parsed.ok) {
    const where = parsed.line === undefined ? {} : { line: parsed.line, column: parsed.column };
    const r = finish(undefined, null, false, [{ level: 'error', path: '', code: parsed.code, message: parsed.message, ...where }], opts);
    r.json = false;
    return r;
  }
  return runCheck(parsed.value, opts, shape);
}

function finish(value: unknown, trigger: string | null, known: boolean, found: Finding[], opts: CheckOptions): CheckResult {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  for (const f of found) {
    if (f.level === 'error') errors.push(f);
    else if (opts.strict) errors.push({ ...f, level: 'error' });
    else warnings.push(f);
  }
  return { json: true, value, trigger, known, valid: errors.length === 0, errors, warnings };
}
