/**
 * One-line facts about a Coperniq payload, read defensively from any JSON value: what `listen`
 * prints per delivery and what `diff` puts in its headline.
 */
export interface PayloadFacts {
  trigger: string | null;
  eventId: number | string | null;
  recordId: number | string | null;
  title: string | null;
  /** What moved, e.g. `stage Site Survey -> Engineering` or `status WORKING -> COMPLETED`. */
  moved: string | null;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
const scalar = (v: unknown): string | number | null =>
  typeof v === 'string' || typeof v === 'number' ? v : null;
const label = (v: unknown): string | null => {
  const o = obj(v);
  if (o) return scalar(o.name) === null ? (scalar(o.id) === null ? null : `#${o.id}`) : String(o.name);
  const s = scalar(v);
  return s === null ? null : String(s);
};

/** Just the trigger and event id: what a bulk reader (replay's scan) needs of every payload. */
export function eventFacts(value: unknown): Pick<PayloadFacts, 'trigger' | 'eventId'> {
  const event = obj(obj(value)?.event);
  return { trigger: typeof event?.triggerKey === 'string' ? event.triggerKey : null, eventId: scalar(event?.eventId) };
}

export function payloadFacts(value: unknown): PayloadFacts {
  const root = obj(value);
  const event = obj(root?.event);
  const record = obj(root?.record);
  return {
    ...eventFacts(value),
    recordId: scalar(event?.recordId) ?? scalar(record?.id),
    title: typeof record?.title === 'string' ? record.title : null,
    moved: event ? describeMove(event) : null,
  };
}

function describeMove(event: Obj): string | null {
  const pairs: [string, unknown, unknown][] = [
    ['stage', event.previousStage, event.currentStage],
    ['status', event.previousStatus, event.currentStatus],
    ['due', event.previousDueDate, event.dueDate],
  ];
  for (const [what, prev, cur] of pairs) {
    if (cur === undefined && prev === undefined) continue;
    return `${what} ${label(prev) ?? '(none)'} -> ${label(cur) ?? '(none)'}`;
  }
  if (typeof event.phaseType === 'string' || event.phaseInstanceId !== undefined) {
    const status = label(event.status);
    return `phase ${label(event.phaseType) ?? `#${String(event.phaseInstanceId)}`}${status ? ` ${status}` : ''}`;
  }
  if (event.overdueAt !== undefined) return `SLA ${label(event.slaType) ?? ''} overdue ${String(event.overdueAt)}`.replace('  ', ' ');
  return null;
}
