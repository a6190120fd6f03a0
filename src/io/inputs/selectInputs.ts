/**
 * Applies a selection (core/select) to collected inputs. A capture directory's index line holds
 * the trigger, sequence number, record id, arrival time and verdict, so its payloads are picked
 * without being read; a plain file is read and parsed for them, and checked for `--verdict`.
 */
import type { IndexEntry } from '../../core/capture/captureFormat.js';
import { decodeStored } from '../../core/capture/storedBody.js';
import { Interrupted, UsageError } from '../../core/errors.js';
import { parseJsonBytes } from '../../core/payload/json.js';
import { payloadFacts } from '../../core/payload/payloadFacts.js';
import { firedAtMs } from '../../core/replay/replayPlan.js';
import { selectsFacts, selectsVerdict, type SelectFacts, type Selection, type VerdictCounts } from '../../core/select/selection.js';
import { type Seen } from '../../core/select/selectionText.js';
import { counted } from '../../core/text/plural.js';
import type { InputReader } from './inputReader.js';
import { encodingOf, type Input } from './inputs.js';

/** The check `--verdict` goes by, on decoded payload bytes. */
export type Judge = (bytes: Uint8Array) => Promise<VerdictCounts>;

export interface Selected {
  inputs: Input[];
  seen: Seen;
  notes: string[];
}

const seqOf = (i: Input): number | null => i.capture?.seq ?? i.unindexedSeq ?? null;

/**
 * `judge` decides `--verdict`. With `trustIndex`, a capture's recorded verdict (listen's check, with
 * no options) stands in for it; validate passes false, since its --strict, --as and --schema count.
 */
export async function selectInputs(inputs: Input[], sel: Selection, reader: InputReader, judge: Judge, trustIndex: boolean): Promise<Selected> {
  const notes = sel.seqs ? seqNotes(inputs) : [];
  const seen: Seen = { total: inputs.length, triggers: new Map() };
  const picked: Input[] = [];
  for (const input of inputs) {
    let verdict: Promise<VerdictCounts> | VerdictCounts | null = null;
    let facts: SelectFacts;
    if (input.capture) {
      facts = indexFacts(input.capture);
      verdict = trustIndex ? indexVerdict(input.capture) : null;
    } else {
      const read = await readFacts(input, reader, judge, sel);
      if ('problem' in read) {
        // Kept, so the command reports the problem where it reports every other one.
        notes.push(`cannot tell whether ${input.name} is selected (${read.problem}); it is kept`);
        picked.push(input);
        continue;
      }
      [facts, verdict] = [read.facts, read.verdict];
    }
    seen.triggers.set(facts.trigger, (seen.triggers.get(facts.trigger) ?? 0) + 1);
    if (!selectsFacts(sel, facts)) continue;
    if (sel.verdicts) {
      verdict ??= judgeInput(input, reader, judge);
      if (!selectsVerdict(sel, await verdict)) continue;
    }
    picked.push(input);
  }
  return { inputs: picked, seen, notes };
}

/** `--seq` numbers capture deliveries: plain files have none, which must not pass unsaid. */
function seqNotes(inputs: Input[]): string[] {
  const plain = inputs.filter((i) => seqOf(i) === null).length;
  if (plain === inputs.length) {
    throw new UsageError(
      '--seq picks deliveries of a capture directory (listen --dir) by sequence number, and none of the inputs is one;\n' +
        '  pick plain files with --trigger, --record, --since or --until, or name them',
    );
  }
  return plain ? [`--seq numbers capture deliveries only: ${counted(plain, 'input')} outside a capture directory left out`] : [];
}

function indexFacts(c: IndexEntry): SelectFacts {
  const at = Date.parse(c.receivedAt);
  return { trigger: c.trigger, seq: c.seq, recordId: c.recordId, at: Number.isNaN(at) ? null : at };
}

/** Null when the index cannot say (listen ran with --no-validate, or the body was JSON but no object). */
function indexVerdict(c: IndexEntry): VerdictCounts | null {
  const v = c.verdict;
  if (!v) return null;
  if (v.json === false) return { errors: 1, warnings: 0 };
  return v.valid === null ? null : { errors: v.errors, warnings: v.warnings };
}

type ReadFacts = { facts: SelectFacts; verdict: Promise<VerdictCounts> | VerdictCounts | null } | { problem: string };

async function readFacts(input: Input, reader: InputReader, judge: Judge, sel: Selection): Promise<ReadFacts> {
  const bytes = await readOrProblem(input, reader);
  if (typeof bytes === 'string') return { problem: bytes };
  const decoded = decodeStored(bytes, encodingOf(input));
  const parsed = decoded.ok ? parseJsonBytes(decoded.bytes) : null;
  const value = parsed?.ok ? parsed.value : undefined;
  const f = payloadFacts(value);
  const facts = { trigger: f.trigger, seq: seqOf(input), recordId: f.recordId, at: firedAtMs(value) };
  // Judged now, while the bytes are still in the reader's buffer, and only when it matters.
  const verdict = !sel.verdicts || !selectsFacts(sel, facts) ? null : decoded.ok ? await judge(decoded.bytes) : { errors: 1, warnings: 0 };
  return { facts, verdict };
}

async function judgeInput(input: Input, reader: InputReader, judge: Judge): Promise<VerdictCounts> {
  const bytes = await readOrProblem(input, reader);
  if (typeof bytes === 'string') return { errors: 1, warnings: 0 };
  const decoded = decodeStored(bytes, encodingOf(input));
  return decoded.ok ? judge(decoded.bytes) : { errors: 1, warnings: 0 };
}

/** The bytes, or why they could not be read; stdin's problems and Ctrl-C end the command. */
async function readOrProblem(input: Input, reader: InputReader): Promise<Buffer | string> {
  try {
    return await reader.read(input);
  } catch (err) {
    if (err instanceof Interrupted || input.path === undefined) throw err;
    return (err as Error).message;
  }
}
