/**
 * `GET /api/deliveries/:seq/diff?against=&ignoreVolatile=1&shape=1`: the text `diff --format json`
 * prints for the two payload files (older first), from the same comparer and the same renderer.
 */
import { UsageError } from '../../core/errors.js';
import { parseJsonBytes } from '../../core/payload/json.js';
import { readPayload } from '../../io/capture/payloadReader.js';
import type { IndexFollower } from '../../io/capture/indexFollower.js';
import { apiError, type ApiReply } from '../../io/http/inspector/inspectorTypes.js';
import { renderDiffJson } from '../../render/diff/diffJson.js';
import { comparisonFor, twoValuesReport } from '../diff/diff.js';
import { entryAt, storedFileReply } from './deliveryEntry.js';

const flag = (params: URLSearchParams, name: string) => /^(1|true|yes)$/i.test(params.get(name) ?? '');

async function loadValue(follower: IndexFollower, seq: number): Promise<{ file: string; value: unknown } | ApiReply> {
  const at = await entryAt(follower, seq);
  if (!('entry' in at)) return at;
  let payload;
  try {
    payload = await readPayload(follower.dir, at.entry);
  } catch (err) {
    return storedFileReply(err);
  }
  if (payload.decoded === null) return apiError(422, `delivery #${seq} (${at.entry.file}): ${payload.note}`);
  // As `diff` reads a payload file: numbers beyond a double kept exact.
  const parsed = parseJsonBytes(payload.decoded, { exactNumbers: true });
  if (!parsed.ok) return apiError(422, `delivery #${seq} (${at.entry.file}) is not JSON: ${parsed.message}`);
  return { file: at.entry.file, value: parsed.value };
}

export async function deliveryDiff(follower: IndexFollower, seq: number, params: URLSearchParams): Promise<ApiReply> {
  const position = follower.catalog.find(seq);
  if (position < 0) return apiError(404, `no delivery #${seq} in the index`);
  let against: number;
  const given = params.get('against');
  if (given !== null && given !== '') {
    if (!/^\d+$/.test(given)) return apiError(400, `against must be a delivery number, got "${given}"`);
    against = Number(given);
  } else {
    const previous = follower.catalog.previousOfRecord(position);
    const record = follower.catalog.at(position).record;
    if (previous < 0) return apiError(404, record === null ? `delivery #${seq} has no record id: pick one to compare with (against=SEQ)` : `no earlier delivery of record ${record}: pick one to compare with (against=SEQ)`, { code: 'no-previous' });
    against = follower.catalog.seqAt(previous);
  }
  const shape = flag(params, 'shape');
  let comparison;
  try {
    comparison = comparisonFor({ ignore: params.getAll('ignore'), ignoreVolatile: flag(params, 'ignoreVolatile'), arrayKey: params.getAll('arrayKey'), shape });
  } catch (err) {
    if (err instanceof UsageError) return apiError(400, err.message);
    throw err;
  }
  const older = await loadValue(follower, against);
  if (!('value' in older)) return older;
  const newer = await loadValue(follower, seq);
  if (!('value' in newer)) return newer;
  const report = twoValuesReport(comparison, shape, older.file, newer.file, older.value, newer.value);
  return { status: 200, jsonText: renderDiffJson(report), headers: { 'x-diff-against': String(against) } };
}
