import { describe, expect, it } from 'vitest';
import { parseReplayRequest, RequestError } from '../../../../src/core/inspect/replayRequest.js';

describe('parseReplayRequest', () => {
  it('takes every field, and an empty body as all defaults', () => {
    expect(parseReplayRequest('')).toEqual({ newIds: false, headers: [], confirm: false });
    expect(parseReplayRequest('{"to":"http://x/","body":"{}","newIds":true,"headers":{"X-Env":" staging "},"confirm":true}')).toEqual({
      to: 'http://x/', body: '{}', newIds: true, headers: [['x-env', 'staging']], confirm: true,
    });
    expect(parseReplayRequest('{"to":"  "}')).toEqual({ newIds: false, headers: [], confirm: false });
  });

  it.each([
    ['{"headers":{"x":"a\\nb"}}', 'header x: the value may not contain line breaks'],
    ['{"headers":["x: y"]}', '"headers" must be an object of header names and string values'],
    ['{"headers":{"x":1}}', 'header "x": the value must be a string'],
    ['{"confirm":1}', '"confirm" must be true or false'],
    ['{"a":1,"b":2}', 'unknown fields "a", "b": use to, body, newIds, headers, confirm'],
    ['null', 'the request body must be a JSON object'],
  ])('%s is refused', (text, message) => {
    expect(() => parseReplayRequest(text)).toThrow(new RequestError(message));
  });
});
