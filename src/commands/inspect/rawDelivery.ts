/** `GET /api/deliveries/:seq/raw`: the stored file, for download. */
import { readPayload } from '../../io/capture/payloadReader.js';
import type { IndexFollower } from '../../io/capture/indexFollower.js';
import type { ApiReply } from '../../io/http/inspector/inspectorTypes.js';
import { entryAt, storedFileReply } from './deliveryEntry.js';

const RAW_TYPES: [RegExp, string][] = [
  [/\.json$/, 'application/json'],
  [/\.gz$/, 'application/gzip'],
];

/** The stored bytes as stored, as a download: never rendered by the browser. */
export async function rawDelivery(follower: IndexFollower, seq: number): Promise<ApiReply> {
  const at = await entryAt(follower, seq);
  if (!('entry' in at)) return at;
  let payload;
  try {
    payload = await readPayload(follower.dir, { file: at.entry.file });
  } catch (err) {
    return storedFileReply(err);
  }
  const name = at.entry.file;
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return {
    status: 200,
    bytes: payload.stored,
    headers: {
      'content-type': RAW_TYPES.find(([re]) => re.test(name))?.[1] ?? 'application/octet-stream',
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'content-security-policy': "default-src 'none'; sandbox",
    },
  };
}
