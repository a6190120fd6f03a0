import { crossCheck } from './crossChecks.js';
import { describeValue, fromZodIssues, type Finding } from './findings.js';
import { parseJsonBytes } from './json.js';
import { schemas } from './schemas.js';
import { isKnownTrigger } from './triggers.js';

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

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Validates one parsed payload: its trigger's schema (or the common envelope), then cross-checks. */
export function checkValue(value: unknown, opts: CheckOptions = {}): CheckResult {
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
      found.push({ level: 'warning', path: 'event.triggerKey', code: 'trigger-override', message: `payload says ${sent === null ? 'nothing' : sent}; checked as ${opts.trigger} (--trigger)` });
      subject = { ...value, event: { ...event, triggerKey: opts.trigger } };
    }
  }
  const known = isKnownTrigger(key);
  if (!known && key !== null) {
    found.push({ level: 'warning', path: 'event.triggerKey', code: 'unknown-trigger', message: `unknown trigger ${JSON.stringify(key)}: only the common envelope was checked` });
  }
  const s = schemas('closed');
  const schema = known ? s.byTrigger[key as keyof typeof s.byTrigger] : s.envelope;
  const parsed = schema.safeParse(subject);
  if (!parsed.success) found.push(...fromZodIssues(parsed.error.issues, subject));
  if (key !== null) found.push(...crossCheck(subject, key));
  return finish(value, key, known, found, opts);
}

/** Validates raw bytes as received: empty, non-UTF-8 and malformed JSON are findings, not crashes. */
export function checkBody(bytes: Uint8Array, opts: CheckOptions = {}): CheckResult {
  const parsed = parseJsonBytes(bytes);
  if (!parsed.ok) {
    const r = finish(undefined, null, false, [{ level: 'error', path: '', code: parsed.code, message: parsed.message }], opts);
    r.json = false;
    return r;
  }
  return checkValue(parsed.value, opts);
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
