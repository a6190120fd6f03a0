/**
 * The Coperniq trigger catalogue (shared/coperniq/WEBHOOKS.md, "Triggers"). Only PROJECT_MOVEMENT's
 * name ("Project stage updated") is published; the other names are illustrative.
 */
export type Confidence = 'confirmed' | 'confirmed key, transcribed fields' | 'transcribed';

export type RecordType = 'PROJECT' | 'DEAL' | 'ACCOUNT';

export interface TriggerInfo {
  key: string;
  /** The trigger's name in Coperniq's Automation editor (`event.triggerName`). */
  name: string;
  /** Only "Project stage updated" is published (WEBHOOKS.md); the other names are illustrative. */
  nameIs: 'published' | 'illustrative';
  /** The parent record's `type`; `parent` when it is whatever the work order or call belongs to. */
  recordType: RecordType | 'parent' | 'any';
  /** The trigger's own fields in `event`, beyond the base ones. */
  eventFields: readonly string[];
  workOrder: boolean;
  confidence: Confidence;
}

const PHASE = ['phaseInstanceId', 'phaseTemplateId', 'phaseType', 'status'] as const;
const SLA = ['overdueAt', 'slaType', 'phaseTemplateId'] as const;
const TASK_MOVE = ['workOrderId', 'currentStatus', 'previousStatus'] as const;

export const TRIGGERS = [
  { key: 'PROJECT_MOVEMENT', name: 'Project stage updated', nameIs: 'published', recordType: 'PROJECT', eventFields: ['currentStage', 'previousStage'], workOrder: false, confidence: 'confirmed' },
  { key: 'TASK_CREATED', name: 'Work order created', nameIs: 'illustrative', recordType: 'parent', eventFields: TASK_MOVE, workOrder: true, confidence: 'confirmed key, transcribed fields' },
  { key: 'TASK_COMPLETED', name: 'Work order completed', nameIs: 'illustrative', recordType: 'parent', eventFields: ['workOrderId'], workOrder: true, confidence: 'confirmed key, transcribed fields' },
  { key: 'TASK_STATUS_MOVEMENT', name: 'Work order status updated', nameIs: 'illustrative', recordType: 'parent', eventFields: TASK_MOVE, workOrder: true, confidence: 'confirmed key, transcribed fields' },
  { key: 'PROJECT_CREATED', name: 'Project created', nameIs: 'illustrative', recordType: 'PROJECT', eventFields: [], workOrder: false, confidence: 'transcribed' },
  { key: 'REQUEST_CREATED', name: 'Request created', nameIs: 'illustrative', recordType: 'DEAL', eventFields: [], workOrder: false, confidence: 'transcribed' },
  { key: 'PROJECT_STATUS_MOVEMENT', name: 'Project status updated', nameIs: 'illustrative', recordType: 'PROJECT', eventFields: [], workOrder: false, confidence: 'transcribed' },
  { key: 'DEAL_STATUS_MOVEMENT', name: 'Request status updated', nameIs: 'illustrative', recordType: 'DEAL', eventFields: [], workOrder: false, confidence: 'transcribed' },
  { key: 'PROJECT_PROPERTY_UPDATED', name: 'Project property updated', nameIs: 'illustrative', recordType: 'PROJECT', eventFields: [], workOrder: false, confidence: 'transcribed' },
  { key: 'DEAL_PROPERTY_UPDATED', name: 'Request property updated', nameIs: 'illustrative', recordType: 'DEAL', eventFields: [], workOrder: false, confidence: 'transcribed' },
  { key: 'CALL_UPSERTED', name: 'Call created or updated', nameIs: 'illustrative', recordType: 'any', eventFields: [], workOrder: false, confidence: 'transcribed' },
  { key: 'PROJECT_PHASE_STARTED', name: 'Project phase started', nameIs: 'illustrative', recordType: 'PROJECT', eventFields: PHASE, workOrder: false, confidence: 'transcribed' },
  { key: 'PROJECT_PHASE_COMPLETED', name: 'Project phase completed', nameIs: 'illustrative', recordType: 'PROJECT', eventFields: PHASE, workOrder: false, confidence: 'transcribed' },
  { key: 'REQUEST_PHASE_STARTED', name: 'Request phase started', nameIs: 'illustrative', recordType: 'DEAL', eventFields: PHASE, workOrder: false, confidence: 'transcribed' },
  { key: 'REQUEST_PHASE_COMPLETED', name: 'Request phase completed', nameIs: 'illustrative', recordType: 'DEAL', eventFields: PHASE, workOrder: false, confidence: 'transcribed' },
  { key: 'PROJECT_PHASE_SLA_VIOLATION', name: 'Project phase SLA violated', nameIs: 'illustrative', recordType: 'PROJECT', eventFields: SLA, workOrder: false, confidence: 'transcribed' },
  { key: 'DEAL_PHASE_SLA_VIOLATION', name: 'Request phase SLA violated', nameIs: 'illustrative', recordType: 'DEAL', eventFields: SLA, workOrder: false, confidence: 'transcribed' },
  { key: 'APPOINTMENT_CREATED', name: 'Appointment created', nameIs: 'illustrative', recordType: 'DEAL', eventFields: ['appointmentId', 'dueDate'], workOrder: false, confidence: 'transcribed' },
  { key: 'APPOINTMENT_RESCHEDULED', name: 'Appointment rescheduled', nameIs: 'illustrative', recordType: 'DEAL', eventFields: ['appointmentId', 'dueDate', 'previousDueDate'], workOrder: false, confidence: 'transcribed' },
] as const satisfies readonly TriggerInfo[];

export type TriggerKey = (typeof TRIGGERS)[number]['key'];

export const TRIGGER_KEYS: readonly TriggerKey[] = TRIGGERS.map((t) => t.key);

const byKey = new Map<string, TriggerInfo>(TRIGGERS.map((t) => [t.key, t]));

export function triggerInfo(key: string): TriggerInfo | undefined {
  return byKey.get(key);
}

export function isKnownTrigger(key: unknown): key is TriggerKey {
  return typeof key === 'string' && byKey.has(key);
}

/** Values Coperniq is known to send. Others are warnings, never errors (they may just be unpublished). */
export const KNOWN_VALUES = {
  recordType: ['PROJECT', 'DEAL', 'ACCOUNT'],
  projectStatus: ['ACTIVE', 'ON_HOLD', 'CANCELLED', 'COMPLETED'],
  workOrderStatus: ['QUEUED', 'ASSIGNED', 'SCHEDULED', 'WORKING', 'WAITING', 'COMPLETED', 'CANCELLED'],
  phaseStatus: ['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED'],
  stageType: ['PRODUCTION'],
  requestStatus: ['PRIORITY'],
} as const;
