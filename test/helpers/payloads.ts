import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SAMPLES } from './cli.js';

export type Json = Record<string, any>;

export function sample(key: string): Json {
  return JSON.parse(readFileSync(path.join(SAMPLES, `${key}.json`), 'utf8')) as Json;
}

export function sampleKeys(): string[] {
  return readdirSync(SAMPLES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));
}

/** A deep copy of a sample with one change applied: the faulty payloads of the tests. */
export function faulty(key: string, change: (p: Json) => void): Json {
  const p = sample(key);
  change(p);
  return p;
}

/** Named faults, each with the path the validator must name and whether it is an error. */
export const FAULTS: { name: string; key: string; change: (p: Json) => void; path: string; code: string; level: 'error' | 'warning' }[] = [
  { name: 'eventId as a string', key: 'PROJECT_MOVEMENT', change: (p) => (p.event.eventId = '432563'), path: 'event.eventId', code: 'invalid-type', level: 'error' },
  { name: 'firedAt not ISO', key: 'PROJECT_MOVEMENT', change: (p) => (p.event.firedAt = '01/21/2025 06:15'), path: 'event.firedAt', code: 'invalid-format', level: 'error' },
  { name: 'firedAt without zone', key: 'PROJECT_MOVEMENT', change: (p) => (p.event.firedAt = '2025-01-21T06:15:23.687'), path: 'event.firedAt', code: 'invalid-format', level: 'error' },
  { name: 'missing triggerName', key: 'REQUEST_CREATED', change: (p) => delete p.event.triggerName, path: 'event.triggerName', code: 'required', level: 'error' },
  { name: 'missing recordId', key: 'PROJECT_CREATED', change: (p) => delete p.event.recordId, path: 'event.recordId', code: 'required', level: 'error' },
  { name: 'missing currentStage', key: 'PROJECT_MOVEMENT', change: (p) => delete p.event.currentStage, path: 'event.currentStage', code: 'required', level: 'error' },
  { name: 'missing workOrder on a task', key: 'TASK_STATUS_MOVEMENT', change: (p) => delete p.workOrder, path: 'workOrder', code: 'required', level: 'error' },
  { name: 'missing workOrderId', key: 'TASK_COMPLETED', change: (p) => delete p.event.workOrderId, path: 'event.workOrderId', code: 'required', level: 'error' },
  { name: 'phase id as string', key: 'PROJECT_PHASE_STARTED', change: (p) => (p.event.phaseInstanceId = '77120'), path: 'event.phaseInstanceId', code: 'invalid-type', level: 'error' },
  { name: 'dealValue as string', key: 'PROJECT_MOVEMENT', change: (p) => (p.record.dealValue = '1250000'), path: 'record.dealValue', code: 'invalid-type', level: 'error' },
  { name: 'trades not an array', key: 'PROJECT_MOVEMENT', change: (p) => (p.record.trades = 'Solar'), path: 'record.trades', code: 'invalid-type', level: 'error' },
  { name: 'workOrder.isField as string', key: 'TASK_CREATED', change: (p) => (p.workOrder.isField = 'yes'), path: 'workOrder.isField', code: 'invalid-type', level: 'error' },
  { name: 'fractional id', key: 'APPOINTMENT_CREATED', change: (p) => (p.event.appointmentId = 1.5), path: 'event.appointmentId', code: 'invalid-type', level: 'error' },
  { name: 'unknown record field', key: 'PROJECT_MOVEMENT', change: (p) => (p.record.customColor = 'red'), path: 'record.customColor', code: 'unknown-field', level: 'warning' },
  { name: 'recordId mismatch', key: 'PROJECT_MOVEMENT', change: (p) => (p.event.recordId = 1), path: 'event.recordId', code: 'record-id-mismatch', level: 'warning' },
  { name: 'workOrderId mismatch', key: 'TASK_COMPLETED', change: (p) => (p.event.workOrderId = 2), path: 'event.workOrderId', code: 'work-order-id-mismatch', level: 'warning' },
  { name: 'currentStage vs record.stage', key: 'PROJECT_MOVEMENT', change: (p) => (p.record.stage = { id: 2013, name: 'Site Survey' }), path: 'event.currentStage', code: 'stage-mismatch', level: 'warning' },
  { name: 'no stage movement', key: 'PROJECT_MOVEMENT', change: (p) => (p.event.previousStage = { ...p.event.currentStage }), path: 'event.previousStage', code: 'no-movement', level: 'warning' },
  { name: 'no status movement', key: 'TASK_STATUS_MOVEMENT', change: (p) => (p.event.previousStatus = p.event.currentStatus), path: 'event.previousStatus', code: 'no-movement', level: 'warning' },
  { name: 'fired before created', key: 'PROJECT_MOVEMENT', change: (p) => (p.event.firedAt = '2020-01-01T00:00:00.000Z'), path: 'event.firedAt', code: 'fired-before-created', level: 'warning' },
  // Times compare as text only when both are UTC of one length; any other form is read as a time.
  { name: 'fired before created, at an offset', key: 'PROJECT_MOVEMENT', change: (p) => (p.event.firedAt = '2024-12-20T15:00:00+02:00'), path: 'event.firedAt', code: 'fired-before-created', level: 'warning' },
  { name: 'fired before created, fewer decimals', key: 'PROJECT_MOVEMENT', change: (p) => (p.event.firedAt = '2024-12-20T14:22:31.12Z'), path: 'event.firedAt', code: 'fired-before-created', level: 'warning' },
  { name: 'work order ends before it starts', key: 'TASK_COMPLETED', change: (p) => (p.workOrder.endDate = '2025-03-04T15:59:59.999Z'), path: 'workOrder.endDate', code: 'ends-before-start', level: 'warning' },
  { name: 'bad geoLocation', key: 'PROJECT_MOVEMENT', change: (p) => (p.record.geoLocation = ['Palo Alto']), path: 'record.geoLocation[0]', code: 'bad-geolocation', level: 'warning' },
  { name: 'latitude out of range', key: 'PROJECT_MOVEMENT', change: (p) => (p.record.geoLocation = ['137.39,-122.15']), path: 'record.geoLocation[0]', code: 'bad-geolocation', level: 'warning' },
  { name: 'bad email', key: 'REQUEST_CREATED', change: (p) => (p.record.primaryEmail = 'maria.lopez@'), path: 'record.primaryEmail', code: 'bad-email', level: 'warning' },
  { name: 'bad phone', key: 'REQUEST_CREATED', change: (p) => (p.record.primaryPhone = '(650) 555-0182'), path: 'record.primaryPhone', code: 'bad-phone', level: 'warning' },
  { name: 'unknown project status', key: 'PROJECT_MOVEMENT', change: (p) => (p.record.status = 'PAUSED'), path: 'record.status', code: 'unknown-value', level: 'warning' },
  { name: 'unknown work-order status', key: 'TASK_STATUS_MOVEMENT', change: (p) => (p.event.currentStatus = 'ON_THE_WAY'), path: 'event.currentStatus', code: 'unknown-value', level: 'warning' },
  { name: 'unknown record type', key: 'CALL_UPSERTED', change: (p) => (p.record.type = 'CLIENT'), path: 'record.type', code: 'unknown-value', level: 'warning' },
  { name: 'workOrder on a project trigger', key: 'PROJECT_CREATED', change: (p) => (p.workOrder = sample('TASK_CREATED').workOrder), path: 'workOrder', code: 'unexpected-work-order', level: 'warning' },
];
