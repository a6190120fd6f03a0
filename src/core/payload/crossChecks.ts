import type { Finding } from './findings.js';
import { describeValue } from './findings.js';
import { KNOWN_VALUES, triggerInfo } from './triggers.js';
import { quote } from '../text/printable.js';

/**
 * Checks no schema tool makes: consistency between the parts of one payload, and values outside
 * what Coperniq is known to send. Warnings, because a payload can be odd and still be what Coperniq
 * really sent; run only on payloads whose shape already passed (types are then as expected).
 */
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

const warn = (path: string, code: string, message: string): Finding => ({ level: 'warning', path, code, message });

// Pragmatic, not RFC 5322: one @, no spaces, a dot in the domain. Catches "elon.musk@", "n/a".
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
// Coperniq sends E.164 (`+16505555000`).
const E164 = /^\+[1-9]\d{6,14}$/;

export function crossCheck(payload: Obj, triggerKey: string): Finding[] {
  const out: Finding[] = [];
  const event = obj(payload.event) ?? {};
  const record = obj(payload.record);
  const workOrder = obj(payload.workOrder);
  const info = triggerInfo(triggerKey);

  if (record && event.recordId !== undefined && record.id !== undefined && event.recordId !== record.id) {
    out.push(warn('event.recordId', 'record-id-mismatch', `event.recordId is ${String(event.recordId)} but record.id is ${String(record.id)}`));
  }
  if (workOrder && event.workOrderId !== undefined && event.workOrderId !== workOrder.id) {
    out.push(warn('event.workOrderId', 'work-order-id-mismatch', `event.workOrderId is ${String(event.workOrderId)} but workOrder.id is ${String(workOrder.id)}`));
  }
  if (workOrder && record && workOrder.recordId != null && workOrder.recordId !== record.id) {
    out.push(warn('workOrder.recordId', 'parent-id-mismatch', `workOrder.recordId is ${String(workOrder.recordId)} but record.id is ${String(record.id)}`));
  }
  if (info && !info.workOrder && workOrder) {
    out.push(warn('workOrder', 'unexpected-work-order', `${triggerKey} does not carry a workOrder; Coperniq sends it only on TASK_* triggers`));
  }

  const cur = obj(event.currentStage);
  const prev = obj(event.previousStage);
  const recStage = obj(record?.stage);
  if (cur && recStage && (cur.id !== recStage.id || cur.name !== recStage.name)) {
    out.push(warn('event.currentStage', 'stage-mismatch', `currentStage is "${String(cur.name)}" (${String(cur.id)}) but record.stage is "${String(recStage.name)}" (${String(recStage.id)})`));
  }
  if (cur && prev && cur.id === prev.id) {
    out.push(warn('event.previousStage', 'no-movement', `previous and current stage are the same ("${String(cur.name)}")`));
  }
  if (typeof event.currentStatus === 'string' && event.currentStatus === event.previousStatus) {
    out.push(warn('event.previousStatus', 'no-movement', `previous and current status are the same (${event.currentStatus})`));
  }
  if (typeof event.dueDate === 'string' && event.dueDate === event.previousDueDate) {
    out.push(warn('event.previousDueDate', 'no-movement', 'previous and new due date are the same'));
  }

  if (typeof event.firedAt === 'string' && typeof record?.createdAt === 'string' && isBefore(event.firedAt, record.createdAt)) {
    out.push(warn('event.firedAt', 'fired-before-created', `fired at ${event.firedAt}, before the record was created (${record.createdAt})`));
  }
  if (typeof workOrder?.startDate === 'string' && typeof workOrder.endDate === 'string' && isBefore(workOrder.endDate, workOrder.startDate)) {
    out.push(warn('workOrder.endDate', 'ends-before-start', `ends (${workOrder.endDate}) before it starts (${workOrder.startDate})`));
  }

  if (record) checkRecord(record, info?.recordType, out);
  enumWarn(out, 'workOrder.status', workOrder?.status, KNOWN_VALUES.workOrderStatus, 'work-order status');
  if (info?.eventFields.includes('currentStatus')) {
    enumWarn(out, 'event.currentStatus', event.currentStatus, KNOWN_VALUES.workOrderStatus, 'work-order status');
    enumWarn(out, 'event.previousStatus', event.previousStatus, KNOWN_VALUES.workOrderStatus, 'work-order status');
  }
  if (info?.eventFields.includes('phaseInstanceId')) enumWarn(out, 'event.status', event.status, KNOWN_VALUES.phaseStatus, 'phase status');
  enumWarn(out, 'event.currentStage.type', cur?.type, KNOWN_VALUES.stageType, 'stage type');
  return out;
}

function checkRecord(record: Obj, expectedType: string | undefined, out: Finding[]): void {
  enumWarn(out, 'record.type', record.type, KNOWN_VALUES.recordType, 'record type');
  if (typeof record.type === 'string' && (expectedType === 'PROJECT' || expectedType === 'DEAL') && record.type !== expectedType) {
    out.push(warn('record.type', 'record-type-mismatch', `this trigger fires for ${expectedType} records, got ${record.type}`));
  }
  if (record.type === 'PROJECT') enumWarn(out, 'record.status', record.status, KNOWN_VALUES.projectStatus, 'project status');
  enumWarn(out, 'record.requestStatus', record.requestStatus, KNOWN_VALUES.requestStatus, 'request status');
  if (Array.isArray(record.geoLocation)) {
    record.geoLocation.forEach((g, i) => {
      if (typeof g === 'string' && !validLatLon(g)) out.push(warn(`record.geoLocation[${i}]`, 'bad-geolocation', `not a valid "lat,lon": ${describeValue(g)}`));
    });
  }
  if (typeof record.primaryEmail === 'string' && record.primaryEmail !== '' && !EMAIL.test(record.primaryEmail)) {
    out.push(warn('record.primaryEmail', 'bad-email', `not a valid email address: ${describeValue(record.primaryEmail)}`));
  }
  if (typeof record.primaryPhone === 'string' && record.primaryPhone !== '' && !E164.test(record.primaryPhone)) {
    out.push(warn('record.primaryPhone', 'bad-phone', `not an E.164 phone number (like +16505555000): ${describeValue(record.primaryPhone)}`));
  }
  if (typeof record.state === 'string' && record.state !== '' && !/^[A-Z]{2}$/.test(record.state)) {
    out.push(warn('record.state', 'bad-state', `expected a 2-letter state code (like CA), got ${describeValue(record.state)}`));
  }
}

// Coperniq's own form of a time (`2025-01-21T06:15:23.687Z`): two of the same length sort as
// they happen, so they compare as text. Date.parse took 0.2 µs a call, twice per delivery.
const UTC_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/;

/** Whether time `a` comes before `b`; false when either is not a time. */
function isBefore(a: string, b: string): boolean {
  if (a.length === b.length && UTC_TIME.test(a) && UTC_TIME.test(b)) return a < b && !Number.isNaN(Date.parse(a)) && !Number.isNaN(Date.parse(b));
  return Date.parse(a) < Date.parse(b);
}

/**
 * Whether `s` is "lat,lon" (`\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*`) with |lat| <= 90 and
 * |lon| <= 180. Read by hand: about half the 0.2 µs a regex with captures and Number() of both
 * took, on every payload validate and the kit check (issue 13). The range is decided on the
 * digits, so 90.0000000000000001 is out of it (Number() rounds it to 90).
 */
export function validLatLon(s: string): boolean {
  const latEnd = decimalWithin(s, skipSpaces(s, 0), 90);
  if (latEnd < 0) return false;
  const comma = skipSpaces(s, latEnd);
  if (s.charCodeAt(comma) !== 44) return false;
  const lonEnd = decimalWithin(s, skipSpaces(s, comma + 1), 180);
  return lonEnd >= 0 && skipSpaces(s, lonEnd) === s.length;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Where the decimal `-?\d+(\.\d+)?` at `i` ends, if there is one and its magnitude is at most `max`; else -1. */
function decimalWithin(s: string, i: number, max: number): number {
  if (s.charCodeAt(i) === 45) i++;
  const start = i;
  let whole = 0;
  for (; isDigit(s.charCodeAt(i)); i++) whole = whole * 10 + (s.charCodeAt(i) - 48);
  if (i === start) return -1;
  let fraction = false;
  if (s.charCodeAt(i) === 46) {
    const from = ++i;
    for (; isDigit(s.charCodeAt(i)); i++) if (s.charCodeAt(i) !== 48) fraction = true;
    if (i === from) return -1;
  }
  return whole < max || (whole === max && !fraction) ? i : -1;
}

/** Past the white space at `i`, as a regex's \s reads it. */
function skipSpaces(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function enumWarn(out: Finding[], path: string, value: unknown, known: readonly string[], what: string): void {
  if (typeof value === 'string' && !known.includes(value)) {
    out.push(warn(path, 'unknown-value', `${quote(value)} is not a known ${what} (known: ${known.join(', ')})`));
  }
}
