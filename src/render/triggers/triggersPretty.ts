import type { TriggerInfo } from '../../core/payload/triggers.js';
import type { Paint } from '../paint.js';
import { drawTable, fitColumns, widest, type Column } from '../table.js';
import { wrap } from '../width.js';

const ILLUSTRATIVE = '*';

interface Row {
  key: string;
  name: string;
  record: string;
  fields: string | null;
  workOrder: string;
  sure: string;
}

export function renderTriggersPretty(triggers: readonly TriggerInfo[], p: Paint, width: number): string {
  const rows: Row[] = triggers.map((t) => ({
    key: t.key,
    name: t.nameIs === 'published' ? t.name : `${t.name}${ILLUSTRATIVE}`,
    record: t.recordType === 'parent' ? 'parent record' : t.recordType,
    fields: t.eventFields.length ? t.eventFields.join(', ') : null,
    workOrder: t.workOrder ? 'yes' : 'no',
    sure: t.confidence,
  }));
  const notes = [
    'Every event also has eventId, recordId, triggerKey, triggerName and firedAt.',
    `${ILLUSTRATIVE} Illustrative name: Coperniq publishes only "Project stage updated" (PROJECT_MOVEMENT); check the name your Automation editor shows.`,
  ];
  const body = asTable(rows, p, width) ?? stacked(rows, p, width);
  return `${body}\n${notes.flatMap((n) => wrap(n, width)).join('\n')}\n`;
}

function asTable(rows: Row[], p: Paint, width: number): string | null {
  const columns: Column[] = [
    { head: 'Trigger key', natural: widest(rows.map((r) => r.key)) },
    { head: 'Name in Coperniq', natural: widest(rows.map((r) => r.name)) },
    { head: 'Record', natural: widest(rows.map((r) => r.record)) },
    { head: 'Own event fields', natural: widest(rows.map((r) => r.fields ?? 'none published')), wrapDownTo: 24 },
    { head: 'workOrder', natural: 3 },
    { head: 'How sure', natural: widest(rows.map((r) => r.sure)) },
  ];
  const widths = fitColumns(columns, width);
  if (!widths) return null;
  const cells = rows.map((r) => [
    r.key,
    r.name,
    r.record,
    r.fields ?? p.dim('none published'),
    r.workOrder === 'yes' ? r.workOrder : p.dim(r.workOrder),
    r.sure === 'confirmed' ? p.green(r.sure) : r.sure,
  ]);
  return drawTable(columns, widths, cells, p);
}

function stacked(rows: Row[], p: Paint, width: number): string {
  const out: string[] = [];
  for (const r of rows) {
    out.push(...wrap(r.name, width, `${p.bold(r.key)}  `, '    '));
    out.push(...wrap(`record ${r.record}, workOrder ${r.workOrder}, ${r.sure}`, width, '  ', '    '));
    out.push(...wrap(`event fields: ${r.fields ?? 'none published'}`, width, '  ', '    '));
  }
  return out.join('\n');
}
