/**
 * `--set` and `--set-new` on a parsed payload. `--set` changes only what exists, so that
 * `event.curentStage.name` is a typo reported with the nearest key rather than a new object sent
 * without a word (issue 9); `--set-new` creates missing objects on the way. Only own properties are
 * followed: an inherited `toString` or `__proto__` is not part of the payload.
 */
import { ExactNumber } from '../payload/exactNumber.js';
import { formatPath } from '../path/formatPath.js';
import { closest } from '../text/didYouMean.js';
import type { PlainSegment } from '../path/pathSegment.js';
import type { SetChange } from './replayOptions.js';

export type SetResult =
  | { ok: true }
  | {
      ok: false;
      /** `cannot set PATH: why`. */
      message: string;
      /** How many segments of the path exist in the payload: the deeper, the more telling the message. */
      depth: number;
      /** A path that does exist where the user's did not, as in `did you mean event.currentStage`. */
      suggestion?: string;
    };

type Container = Record<string, unknown> | unknown[];

// A number a double cannot hold is parsed as an ExactNumber: a value, not an object to walk into.
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof ExactNumber);
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null && !(v instanceof ExactNumber);

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof ExactNumber) return 'a number';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

const where = (segments: PlainSegment[], upTo: number) => (upTo === 0 ? 'the payload' : formatPath(segments.slice(0, upTo)));

/** Sets one value in place; on failure the payload may hold objects `--set-new` created on the way. */
export function applySet(root: unknown, change: SetChange): SetResult {
  const { segments } = change;
  const fail = (why: string, depth: number, suggestion?: string): SetResult => ({
    ok: false, message: `cannot set ${change.path}: ${why}`, depth, ...(suggestion ? { suggestion } : {}),
  });
  let node: unknown = root;
  let parent: Container | null = null;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    // `--set-new` treats a null on the way like a missing value: `previousStage: null` becomes an object.
    if (node === null && change.create && parent) node = create(parent, segments[i - 1], seg);
    if (!isContainer(node) || Array.isArray(node) !== (typeof seg === 'number')) {
      return fail(`${where(segments, i)} is ${kindOf(node)}, not ${typeof seg === 'number' ? 'an array' : 'an object'}`, i);
    }
    const holder = node as Record<string | number, unknown> & Container;
    if (Array.isArray(holder) && (seg as number) > holder.length) {
      return fail(`index ${seg} is past the end of ${where(segments, i)} (length ${holder.length})`, i);
    }
    const exists = Array.isArray(holder) ? (seg as number) < holder.length : Object.hasOwn(holder, seg);
    if (!exists && !change.create) {
      const near = isObject(holder) && typeof seg === 'string' ? closest(seg, Object.keys(holder)) : null;
      return fail(`${formatPath(segments.slice(0, i + 1))} does not exist`, i, near === null ? undefined : formatPath([...segments.slice(0, i), near]));
    }
    if (i === segments.length - 1) {
      // A copy: a later change into this value must not reach the next payload through it.
      holder[seg] = isContainer(change.value) ? structuredClone(change.value) : change.value;
      break;
    }
    parent = holder;
    node = exists ? holder[seg] : create(holder, seg, segments[i + 1]);
  }
  return { ok: true };
}

/** What `--set-new` puts where the path goes on through something missing. */
function create(holder: Container, seg: PlainSegment, next: PlainSegment): Container {
  const made: Container = typeof next === 'number' ? [] : {};
  (holder as Record<string | number, unknown>)[seg] = made;
  return made;
}
