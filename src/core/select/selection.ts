/**
 * The selection options `validate`, `replay` and `diff` share (`--trigger`, `--seq`, `--verdict`,
 * `--record`, `--since`, `--until`) and the one rule that decides whether a payload is picked.
 * Each option narrows (AND); the values of one option widen (OR). What a payload's facts are (a
 * capture's index line, or the payload itself) is the reader's business; this is only the rule.
 */
import { UsageError } from '../errors.js';
import { inSeqRanges, parseSeqRanges, type SeqRange } from './seqRanges.js';
import { parseTimeBound } from './timeBound.js';

export const VERDICTS = ['valid', 'invalid', 'warnings'] as const;
export type VerdictName = (typeof VERDICTS)[number];

/** The options as commander gives them: lists for the repeatable ones. */
export interface SelectionFlags {
  trigger?: string[];
  seq?: string[];
  verdict?: string[];
  record?: string[];
  since?: string;
  until?: string;
}

export interface Selection {
  /** Upper-cased trigger keys. */
  triggers: string[] | null;
  seqs: SeqRange[] | null;
  verdicts: VerdictName[] | null;
  records: string[] | null;
  /** Epoch ms, inclusive. */
  since: number | null;
  /** Epoch ms, exclusive. */
  until: number | null;
  /** The options as given, for messages. */
  text: string;
}

/**
 * What the rule looks at. `at` is when the delivery arrived (`receivedAt` of a capture's index)
 * or, for a plain file, when Coperniq fired the event (`event.firedAt`).
 */
export interface SelectFacts {
  trigger: string | null;
  seq: number | null;
  recordId: number | string | null;
  at: number | null;
}

/** What `--verdict` looks at: the findings of the check (a body that is not JSON counts as an error). */
export interface VerdictCounts {
  errors: number;
  warnings: number;
}

const list = (values: readonly string[] | undefined): string[] | null => {
  const items = (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  return items.length ? [...new Set(items)] : null;
};

/** Null when no selection option was given: everything is picked and nothing needs reading. */
export function parseSelection(flags: SelectionFlags, now: number): Selection | null {
  const given = (['trigger', 'seq', 'verdict', 'record'] as const).filter((k) => flags[k]?.length);
  if (given.length === 0 && flags.since === undefined && flags.until === undefined) return null;
  for (const k of given) {
    if (list(flags[k]) === null) throw new UsageError(`--${k} needs a value`);
  }
  const verdicts = list(flags.verdict);
  for (const v of verdicts ?? []) {
    if (!(VERDICTS as readonly string[]).includes(v)) throw new UsageError(`--verdict takes ${VERDICTS.join(', ')}; got "${v}"`);
  }
  const sel: Selection = {
    triggers: list(flags.trigger)?.map((t) => t.toUpperCase()) ?? null,
    seqs: flags.seq?.length ? parseSeqRanges(flags.seq) : null,
    verdicts: verdicts as VerdictName[] | null,
    records: list(flags.record),
    since: flags.since === undefined ? null : parseTimeBound('--since', flags.since, now),
    until: flags.until === undefined ? null : parseTimeBound('--until', flags.until, now),
    text: describe(flags),
  };
  if (sel.since !== null && sel.until !== null && sel.since >= sel.until) {
    throw new UsageError(`--since ${flags.since} is not before --until ${flags.until}: nothing could be selected`);
  }
  return sel;
}

function describe(flags: SelectionFlags): string {
  const parts: string[] = [];
  for (const k of ['trigger', 'seq', 'verdict', 'record'] as const) {
    const items = list(flags[k]);
    if (items) parts.push(`--${k} ${items.join(',')}`);
  }
  if (flags.since !== undefined) parts.push(`--since ${flags.since}`);
  if (flags.until !== undefined) parts.push(`--until ${flags.until}`);
  return parts.join(' ');
}

/** Every option but `--verdict`, which needs the check run (see selectsVerdict). */
export function selectsFacts(sel: Selection, f: SelectFacts): boolean {
  if (sel.triggers && (f.trigger === null || !sel.triggers.includes(f.trigger.toUpperCase()))) return false;
  if (sel.seqs && (f.seq === null || !inSeqRanges(sel.seqs, f.seq))) return false;
  if (sel.records && (f.recordId === null || !sel.records.includes(String(f.recordId)))) return false;
  if ((sel.since !== null || sel.until !== null) && f.at === null) return false;
  if (sel.since !== null && (f.at as number) < sel.since) return false;
  if (sel.until !== null && (f.at as number) >= sel.until) return false;
  return true;
}

/** `valid`: no errors (warnings allowed, as validate's exit code has it); `invalid`: errors; `warnings`: any warning. */
export function selectsVerdict(sel: Selection, v: VerdictCounts): boolean {
  if (!sel.verdicts) return true;
  return sel.verdicts.some((name) => (name === 'valid' ? v.errors === 0 : name === 'invalid' ? v.errors > 0 : v.warnings > 0));
}
