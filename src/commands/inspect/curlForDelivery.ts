/** `GET /api/deliveries/:seq/curl?to=&reveal=1`: "copy as curl" for the page, secrets redacted. */
import path from 'node:path';
import { redactUrl } from '../../core/capture/redact.js';
import { UsageError } from '../../core/errors.js';
import { curlCommand } from '../../core/inspect/curlCommand.js';
import { buildHeaders } from '../../core/replay/replayChanges.js';
import { parseTarget } from '../../core/replay/replayOptions.js';
import { apiError, type ApiReply } from '../../io/http/inspector/inspectorTypes.js';
import { entryAt } from './deliveryEntry.js';
import type { InspectorState } from './inspectorApi.js';
import { defaultTarget } from './replayTarget.js';

export async function curlForDelivery(state: InspectorState, seq: number, params: URLSearchParams): Promise<ApiReply> {
  const at = await entryAt(state.follower, seq);
  if (!('entry' in at)) return at;
  const { entry } = at;
  let target: string | null = null;
  const to = params.get('to');
  if (to) {
    try {
      const url = parseTarget(to);
      // A URL the caller typed may be shown back as typed; the default target stays redacted.
      target = /^(1|true)$/i.test(params.get('reveal') ?? '') ? url.href : redactUrl(url.href);
    } catch (err) {
      if (err instanceof UsageError) return apiError(400, err.message.replace('--to', '"to"'));
      throw err;
    }
  } else {
    const t = defaultTarget(state);
    if (t) target = redactUrl(t.url.href, { show: state.showSecrets });
  }
  const headers = buildHeaders({ userAgent: `coperniq-hooks/${state.version}`, keep: false, extra: [] }, entry.headers);
  if (entry.encoding) headers['content-encoding'] = entry.encoding;
  const command = curlCommand({ target, headers, file: path.join(state.follower.dir, entry.file) });
  return { status: 200, json: { command, target, redacted: target !== null && target.includes('***') } };
}
