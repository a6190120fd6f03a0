import { z } from 'zod';
import { TRIGGERS, type TriggerKey } from './triggers.js';

/**
 * Zod schemas for Coperniq webhook payloads, per WEBHOOKS.md. Required only where Coperniq guarantees
 * a field; typed exactly; lenient where nothing is published (most record fields nullable or absent,
 * unpublished enums are open strings, checked against known values as warnings in crossChecks.ts).
 *
 * `closed` objects report unknown keys (zod's `unrecognized_keys`), which check.ts turns into
 * warnings (errors with --strict); `open` objects accept them silently, as the JSON Schema export does.
 */
export type Openness = 'closed' | 'open';

/** The building blocks every schema shares: one instance each, so the JSON Schema export can share them through $defs. */
interface Parts {
  timestamp: () => z.ZodType;
  id: () => z.ZodInt;
  obj: <S extends z.core.$ZodLooseShape>(shape: S) => z.ZodObject<S>;
}

function partsFor(openness: Openness): Parts {
  // Coperniq sends `2025-01-21T06:15:23.687Z`; any ISO-8601 date-time with a zone is accepted.
  const ts = z.iso.datetime({ offset: true });
  const int = z.int();
  return {
    timestamp: () => ts,
    id: () => int,
    obj: (shape) => (openness === 'closed' ? z.strictObject(shape) : z.looseObject(shape)) as never,
  };
}

function recordSchema({ id, timestamp, obj }: Parts) {
  return obj({
    id: id(),
    uid: id().nullish(),
    createdAt: timestamp().nullish(),
    updatedAt: timestamp().nullish(),
    title: z.string().nullish(),
    address: z.array(z.string()).nullish(),
    geoLocation: z.array(z.string()).nullish(),
    jurisdiction: obj({ id: id(), name: z.string() }).nullish(),
    // Only projects of the older stage-based workflows have a stage.
    stage: obj({ id: id(), name: z.string() }).nullish(),
    type: z.string().nullish(),
    dealValue: z.number().nullish(),
    ownerId: id().nullish(),
    city: z.string().nullish(),
    state: z.string().nullish(),
    trades: z.array(z.string()).nullish(),
    status: z.string().nullish(),
    requestStatus: z.string().nullish(),
    primaryEmail: z.string().nullish(),
    primaryPhone: z.string().nullish(),
  });
}

function workOrderSchema({ id, timestamp }: Parts) {
  // The published workOrder table continues past what could be read: always open to more fields.
  return z.looseObject({
    id: id(),
    uid: id().nullish(),
    title: z.string().nullish(),
    description: z.string().nullish(),
    startDate: timestamp().nullish(),
    endDate: timestamp().nullish(),
    createdAt: timestamp().nullish(),
    modifiedAt: timestamp().nullish(),
    priority: z.number().nullish(),
    recordId: id().nullish(),
    completionDate: timestamp().nullish(),
    status: z.string().nullish(),
    assigneeId: id().nullish(),
    isField: z.boolean().nullish(),
    startDateAllDay: z.boolean().nullish(),
  });
}

/** The fields every event has, whatever its trigger. */
function baseEventShape({ id, timestamp }: Parts) {
  return { eventId: id(), recordId: id(), triggerName: z.string(), firedAt: timestamp() };
}

/** Each trigger-specific event field (the names in TRIGGERS[].eventFields) and its schema. */
function ownEventFields({ id, timestamp, obj }: Parts): Record<string, z.core.$ZodLooseShape> {
  const stage = obj({ id: id(), name: z.string(), type: z.string().nullish() });
  return {
    currentStage: { currentStage: stage },
    previousStage: { previousStage: stage.nullable() },
    workOrderId: { workOrderId: id() },
    currentStatus: { currentStatus: z.string() },
    previousStatus: { previousStatus: z.string().nullable() },
    phaseInstanceId: { phaseInstanceId: id() },
    phaseTemplateId: { phaseTemplateId: id() },
    phaseType: { phaseType: z.string() },
    status: { status: z.string() },
    overdueAt: { overdueAt: timestamp() },
    slaType: { slaType: z.string() },
    appointmentId: { appointmentId: id() },
    dueDate: { dueDate: timestamp() },
    previousDueDate: { previousDueDate: timestamp().nullable() },
  };
}

export function buildSchemas(openness: Openness) {
  const parts = partsFor(openness);
  const { obj } = parts;
  const record = recordSchema(parts);
  const workOrder = workOrderSchema(parts);
  const baseEvent = baseEventShape(parts);
  const own = ownEventFields(parts);

  const byTrigger = {} as Record<TriggerKey, z.ZodType>;
  for (const t of TRIGGERS) {
    const event = obj({ ...baseEvent, triggerKey: z.literal(t.key), ...Object.assign({}, ...t.eventFields.map((f) => own[f])) });
    byTrigger[t.key] = t.workOrder
      ? obj({ record: record.optional(), event, workOrder })
      : obj({ record: record.optional(), event, workOrder: workOrder.optional() });
  }

  // An unknown trigger: the common envelope only; its own event fields are unknown to us, not wrong.
  const envelope = obj({
    record: record.optional(),
    event: z.looseObject({ ...baseEvent, triggerKey: z.string() }),
    workOrder: workOrder.optional(),
  });

  return { byTrigger, envelope, record, workOrder };
}

export type Schemas = ReturnType<typeof buildSchemas>;

let closed: Schemas | undefined;
let open: Schemas | undefined;

/** Built on first use: most runs of the CLI never need zod at all. */
export function schemas(openness: Openness = 'closed'): Schemas {
  if (openness === 'closed') return (closed ??= buildSchemas('closed'));
  return (open ??= buildSchemas('open'));
}
