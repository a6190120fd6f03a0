/**
 * TypeScript types of Coperniq webhook payloads, matching schemas.ts (which is what `parseWebhook`
 * enforces at run time). Objects may carry more fields than listed: Coperniq does not publish all.
 */
import type { TriggerKey } from './triggers.js';

type Nullish<T> = T | null | undefined;
/** ISO-8601 date-time with a zone, e.g. `2025-01-21T06:15:23.687Z`. */
export type Timestamp = string;

export interface CoperniqRecord {
  id: number;
  uid?: Nullish<number>;
  createdAt?: Nullish<Timestamp>;
  updatedAt?: Nullish<Timestamp>;
  title?: Nullish<string>;
  address?: Nullish<string[]>;
  /** `["37.394817,-122.150309"]` */
  geoLocation?: Nullish<string[]>;
  jurisdiction?: Nullish<{ id: number; name: string }>;
  /** Only on projects of the older stage-based workflows. */
  stage?: Nullish<{ id: number; name: string }>;
  /** `PROJECT`, `DEAL` or `ACCOUNT`. */
  type?: Nullish<string>;
  dealValue?: Nullish<number>;
  ownerId?: Nullish<number>;
  city?: Nullish<string>;
  state?: Nullish<string>;
  trades?: Nullish<string[]>;
  status?: Nullish<string>;
  requestStatus?: Nullish<string>;
  primaryEmail?: Nullish<string>;
  /** E.164, e.g. `+16505555000`. */
  primaryPhone?: Nullish<string>;
  [field: string]: unknown;
}

export interface WorkOrder {
  id: number;
  uid?: Nullish<number>;
  title?: Nullish<string>;
  description?: Nullish<string>;
  startDate?: Nullish<Timestamp>;
  endDate?: Nullish<Timestamp>;
  createdAt?: Nullish<Timestamp>;
  modifiedAt?: Nullish<Timestamp>;
  priority?: Nullish<number>;
  recordId?: Nullish<number>;
  completionDate?: Nullish<Timestamp>;
  status?: Nullish<string>;
  assigneeId?: Nullish<number>;
  isField?: Nullish<boolean>;
  startDateAllDay?: Nullish<boolean>;
  [field: string]: unknown;
}

export interface Stage {
  id: number;
  name: string;
  type?: Nullish<string>;
}

/**
 * The fields every event has. No index signature: a handler for one trigger cannot read another
 * trigger's fields by mistake (read an unlisted one through `Record<string, unknown>`).
 */
export interface EventBase<K extends string = string> {
  eventId: number;
  recordId: number;
  triggerKey: K;
  triggerName: string;
  firedAt: Timestamp;
}

interface StageMove { currentStage: Stage; previousStage: Stage | null }
interface StatusMove { workOrderId: number; currentStatus: string; previousStatus: string | null }
interface Phase { phaseInstanceId: number; phaseTemplateId: number; phaseType: string; status: string }
interface Sla { overdueAt: Timestamp; slaType: string; phaseTemplateId: number }
interface Appointment { appointmentId: number; dueDate: Timestamp }

/** The trigger's own event fields, beyond EventBase. */
export interface TriggerEventFields {
  PROJECT_MOVEMENT: StageMove;
  TASK_CREATED: StatusMove;
  TASK_COMPLETED: { workOrderId: number };
  TASK_STATUS_MOVEMENT: StatusMove;
  PROJECT_CREATED: object;
  REQUEST_CREATED: object;
  PROJECT_STATUS_MOVEMENT: object;
  DEAL_STATUS_MOVEMENT: object;
  PROJECT_PROPERTY_UPDATED: object;
  DEAL_PROPERTY_UPDATED: object;
  CALL_UPSERTED: object;
  PROJECT_PHASE_STARTED: Phase;
  PROJECT_PHASE_COMPLETED: Phase;
  REQUEST_PHASE_STARTED: Phase;
  REQUEST_PHASE_COMPLETED: Phase;
  PROJECT_PHASE_SLA_VIOLATION: Sla;
  DEAL_PHASE_SLA_VIOLATION: Sla;
  APPOINTMENT_CREATED: Appointment;
  APPOINTMENT_RESCHEDULED: Appointment & { previousDueDate: Timestamp | null };
}

type WithWorkOrder = 'TASK_CREATED' | 'TASK_COMPLETED' | 'TASK_STATUS_MOVEMENT';

/** A payload of one known trigger; `event.triggerKey` discriminates the union. */
export type WebhookPayloadOf<K extends TriggerKey> = {
  record?: CoperniqRecord;
  event: EventBase<K> & TriggerEventFields[K];
} & (K extends WithWorkOrder ? { workOrder: WorkOrder } : { workOrder?: WorkOrder });

export type KnownWebhookPayload = { [K in TriggerKey]: WebhookPayloadOf<K> }[TriggerKey];

/** A payload whose trigger this version does not know: only the common envelope is guaranteed. */
export interface UnknownTriggerPayload {
  record?: CoperniqRecord;
  event: EventBase & { [field: string]: unknown };
  workOrder?: WorkOrder;
}
