/** Finding one delivery's index entry, and the API's answer when its file cannot be read. */
import type { IndexEntry } from '../../core/capture/captureFormat.js';
import type { IndexFollower } from '../../io/capture/indexFollower.js';
import { StoredFileError } from '../../io/capture/storedFile.js';
import { apiError, type ApiReply } from '../../io/http/inspector/inspectorTypes.js';

/** The entry at `seq`, or the reply saying why there is none. */
export async function entryAt(follower: IndexFollower, seq: number): Promise<{ entry: IndexEntry; position: number } | ApiReply> {
  const position = follower.catalog.find(seq);
  const [found] = position < 0 ? [] : await follower.entries([position]);
  return found ?? apiError(404, `no delivery #${seq} in the index`);
}

export function storedFileReply(err: unknown): ApiReply {
  if (!(err instanceof StoredFileError)) throw err;
  const status = err.code === 'missing' ? 404 : err.code === 'refused' ? 403 : err.code === 'too-large' ? 413 : 500;
  return apiError(status, err.message);
}
