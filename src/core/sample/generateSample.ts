/**
 * Consistent sample payloads: `coperniq-hooks sample`, `replay --sample` and `samplePayload` in
 * `coperniq-hooks/testing` all come from here. A bundled sample (samples/<KEY>.json) is the
 * template; the options move the ids, stage, status and time together, so `event`, `record` and
 * `workOrder` still agree (WEBHOOKS.md: `event.recordId` = `record.id`, `workOrderId` =
 * `workOrder.id`, `previousStage` -> `currentStage` = `record.stage`, times in order).
 */
import { triggerInfo } from '../payload/triggers.js';

export interface SampleOptions {
  /** `event.eventId`. */
  eventId?: number;
  /** `record.id`, `event.recordId` and `workOrder.recordId`. */
  recordId?: number;
  /**
   * The stage the record is in now: PROJECT_MOVEMENT moves `event.currentStage` there (the old
   * current stage becomes `previousStage`); every trigger sets `record.stage`. Any name works:
   * Coperniq workflows are user-defined.
   */
  stage?: string;
  /** The status the trigger is about: the work order's (TASK_*), the phase's (*_PHASE_*), else the record's. */
  status?: string;
  /** `event.firedAt`; the record's and work order's last change move with it. */
  firedAt?: string | Date;
  /**
   * Position in a scenario (replay --sample given several times): the event id grows by one and
   * `firedAt` by a minute per step, so each is a new event, in order.
   */
  sequence?: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const STEP_MS = 60_000;

/** A stable id for a stage name the template does not know (workflows are user-defined). */
function stageId(name: string, avoid: number[]): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  let id = 3000 + (h % 6000);
  while (avoid.includes(id)) id++;
  return id;
}

function moveStage(payload: Obj, event: Obj, name: string): void {
  const record = isObj(payload.record) ? payload.record : undefined;
  const current = isObj(event.currentStage) ? event.currentStage : undefined;
  const previous = isObj(event.previousStage) ? event.previousStage : undefined;
  const known = [current, previous, isObj(record?.stage) ? record.stage : undefined].find((s) => s?.name === name);
  const id = typeof known?.id === 'number' ? known.id : stageId(name, [current?.id, previous?.id].filter((x): x is number => typeof x === 'number'));
  if (current && current.name !== name) {
    event.previousStage = { ...current };
    event.currentStage = { ...current, id, name };
  }
  if (record) record.stage = { id, name };
}

function setStatus(payload: Obj, event: Obj, trigger: string, status: string): void {
  const workOrder = isObj(payload.workOrder) ? payload.workOrder : undefined;
  if (trigger.startsWith('TASK_')) {
    if (typeof event.currentStatus === 'string' && event.currentStatus !== status) {
      if (event.previousStatus !== null) event.previousStatus = event.currentStatus;
      event.currentStatus = status;
    }
    if (workOrder) workOrder.status = status;
  } else if (trigger.includes('_PHASE_') && typeof event.status === 'string') {
    event.status = status;
  } else if (isObj(payload.record)) {
    payload.record.status = status;
  }
}

/** Moves a timestamp by `delta` ms, keeping the template's millisecond-and-Z form. */
const shift = (iso: unknown, delta: number): unknown =>
  typeof iso === 'string' && !Number.isNaN(Date.parse(iso)) ? new Date(Date.parse(iso) + delta).toISOString() : iso;

function moveTime(payload: Obj, event: Obj, firedAt: number): void {
  const delta = firedAt - Date.parse(String(event.firedAt));
  if (!Number.isFinite(delta) || delta === 0) return;
  event.firedAt = new Date(firedAt).toISOString();
  for (const [holder, field] of [[payload.record, 'updatedAt'], [payload.workOrder, 'modifiedAt']] as const) {
    if (!isObj(holder)) continue;
    holder[field] = shift(holder[field], delta);
    // The last change cannot come before the creation.
    if (typeof holder.createdAt === 'string' && String(holder[field]) < holder.createdAt) holder.createdAt = holder[field];
  }
}

/** A new payload from a template (left untouched): the trigger's sample with `options` applied. */
export function generateSample(template: unknown, options: SampleOptions = {}): Obj {
  const payload = structuredClone(template) as Obj;
  const event = isObj(payload.event) ? payload.event : undefined;
  if (!event || typeof event.triggerKey !== 'string' || !triggerInfo(event.triggerKey)) {
    throw new TypeError('generateSample: the template is not a payload of a known trigger');
  }
  const trigger = event.triggerKey;
  for (const name of ['eventId', 'recordId', 'sequence'] as const) {
    const v = options[name];
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) throw new TypeError(`generateSample: ${name} must be a whole number >= 0, got ${String(v)}`);
  }
  const step = options.sequence ?? 0;
  if (options.eventId !== undefined || step) event.eventId = (options.eventId ?? (event.eventId as number)) + step;
  if (options.recordId !== undefined) {
    event.recordId = options.recordId;
    if (isObj(payload.record)) payload.record.id = options.recordId;
    if (isObj(payload.workOrder)) payload.workOrder.recordId = options.recordId;
  }
  if (options.stage !== undefined) moveStage(payload, event, options.stage);
  if (options.status !== undefined) setStatus(payload, event, trigger, options.status);
  const base = options.firedAt === undefined ? Date.parse(String(event.firedAt)) : new Date(options.firedAt).getTime();
  if (Number.isNaN(base)) throw new TypeError(`generateSample: firedAt ${JSON.stringify(String(options.firedAt))} is not a date`);
  moveTime(payload, event, base + step * STEP_MS);
  return payload;
}
