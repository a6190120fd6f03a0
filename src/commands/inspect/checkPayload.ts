/**
 * `POST /api/check`: the page's JSON editor sends what is typed so far (the request body is the
 * payload itself) and shows the findings as the user types: `validate`'s checks, with paths, and
 * where malformed JSON breaks.
 */
import { isKnownTrigger } from '../../core/payload/triggers.js';
import { parseJsonBytes } from '../../core/payload/json.js';
import { apiError, type ApiReply } from '../../io/http/inspector/inspectorTypes.js';
import { findingsOf } from './deliveryDetail.js';

export function checkPayload(body: Buffer | null, params: URLSearchParams): ApiReply {
  const trigger = params.get('trigger') || undefined;
  if (trigger !== undefined && !isKnownTrigger(trigger)) return apiError(400, `unknown trigger ${JSON.stringify(trigger)}: see GET /api/meta for the list`);
  const bytes = body ?? Buffer.alloc(0);
  const parsed = parseJsonBytes(bytes);
  return {
    status: 200,
    json: {
      json: parsed.ok,
      parseError: parsed.ok ? null : { message: parsed.message, line: parsed.line, column: parsed.column },
      ...findingsOf(bytes, null, { trigger, strict: /^(1|true)$/i.test(params.get('strict') ?? '') }),
    },
  };
}
