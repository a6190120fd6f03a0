import Table from 'cli-table3';
import type { TriggerInfo } from '../../core/payload/triggers.js';
import { paint } from '../paint.js';

export function triggersPretty(triggers: readonly TriggerInfo[], opts: { color: boolean }): string {
  const c = paint(opts.color);
  const table = new Table({
    head: ['Trigger key', 'Record', 'Own event fields', 'workOrder', 'How sure'],
    style: { head: opts.color ? ['bold'] : [], border: opts.color ? ['grey'] : [] },
  });
  for (const t of triggers) {
    table.push([
      t.key,
      t.recordType === 'parent' ? 'parent record' : t.recordType,
      t.eventFields.length ? t.eventFields.join(', ') : c.dim('none published'),
      t.workOrder ? 'yes' : c.dim('no'),
      t.confidence === 'confirmed' ? c.green(t.confidence) : t.confidence,
    ]);
  }
  return `${table.toString()}\nEvery event also has eventId, recordId, triggerKey, triggerName and firedAt. Only "Project stage updated" (PROJECT_MOVEMENT) is a published trigger name.\n`;
}
