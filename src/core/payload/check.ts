import { runCheck, runCheckBody, type CheckOptions, type CheckResult, type ShapeCheck } from './checkCore.js';
import { fromZodIssues } from './findings.js';
import { schemas } from './schemas.js';

const zodShape: ShapeCheck = (subject, key, known) => {
  const s = schemas('closed');
  const schema = known ? s.byTrigger[key as keyof typeof s.byTrigger] : s.envelope;
  const parsed = schema.safeParse(subject);
  return parsed.success ? [] : fromZodIssues(parsed.error.issues, subject);
};

/** Validates one parsed payload: its trigger's schema (or the common envelope), then cross-checks. */
export function checkValue(value: unknown, opts: CheckOptions = {}): CheckResult {
  return runCheck(value, opts, zodShape)!;
}

/** Validates raw bytes as received: empty, non-UTF-8 and malformed JSON are findings, not crashes. */
export function checkBody(bytes: Uint8Array, opts: CheckOptions = {}): CheckResult {
  return runCheckBody(bytes, opts, zodShape)!;
}
