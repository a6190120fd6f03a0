import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { CoperniqWebhooks, MemoryStore, WebhookError, type DedupeStore, type HandlerContext } from '../../../../src/index.js';
import { faulty, sample, type Json } from '../../../helpers/payloads.js';

const TOKEN = 's3cret';
const URL_OK = `/hooks?token=${TOKEN}`;
const body = (p: Json) => JSON.stringify(p);
const parse = (a: { body: string }) => JSON.parse(a.body) as Record<string, unknown>;

function kit(options: ConstructorParameters<typeof CoperniqWebhooks>[0] = {}) {
  const errors: WebhookError[] = [];
  const webhooks = new CoperniqWebhooks({ token: TOKEN, ...options }).onError((e) => void errors.push(e));
  return { webhooks, errors };
}

describe('CoperniqWebhooks: the token', () => {
  it('accepts it as ?token= or as the last path segment, and nothing else', () => {
    const w = new CoperniqWebhooks({ token: TOKEN });
    expect(w.verify(`/hooks?token=${TOKEN}`)).toBe(true);
    expect(w.verify(`/hooks/${TOKEN}`)).toBe(true);
    expect(w.verify(`https://example.com/hooks/${TOKEN}?x=1`)).toBe(true);
    expect(w.verify('/hooks?token=s3cre')).toBe(false);
    expect(w.verify(`/hooks?tokens=${TOKEN}`)).toBe(false);
    expect(w.verify('/hooks')).toBe(false);
  });

  it('takes several tokens during a rotation', () => {
    const w = new CoperniqWebhooks({ token: ['old', 'new'] });
    expect(w.verify('/h?token=old') && w.verify('/h/new')).toBe(true);
    expect(w.verify('/h?token=other')).toBe(false);
  });

  it('refuses an empty or undefined token (an unset environment variable) with a clear message', () => {
    expect(() => new CoperniqWebhooks({ token: undefined })).toThrow(/token is empty or undefined \(is its environment variable set\?\); pass token: false/);
    expect(() => new CoperniqWebhooks({ token: '' })).toThrow(TypeError);
    expect(() => new CoperniqWebhooks({ token: [] })).toThrow(TypeError);
    expect(new CoperniqWebhooks({ token: false }).verify('/anything')).toBe(true);
    expect(new CoperniqWebhooks().verify('/anything')).toBe(true);
  });

  it('answers 401 without reading the body, and runs nothing', async () => {
    const { webhooks } = kit();
    const handler = vi.fn();
    webhooks.on('*', handler);
    const a = await webhooks.receive('not even json', { url: '/hooks?token=nope' });
    expect(a.status).toBe(401);
    expect(a.body).not.toContain(TOKEN);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('CoperniqWebhooks: answers that fit Coperniq retries', () => {
  it('200 once every handler finished; the PROJECT_MOVEMENT handler and * both run', async () => {
    const { webhooks } = kit();
    const seen: string[] = [];
    webhooks.on('PROJECT_MOVEMENT', async ({ event, record }) => {
      await Promise.resolve();
      seen.push(`${record?.id} ${event.previousStage?.name} -> ${event.currentStage.name}`);
    });
    webhooks.on('*', ({ event }) => void seen.push(`any ${event.triggerKey}`));
    const a = await webhooks.receive(body(sample('PROJECT_MOVEMENT')), { url: URL_OK });
    expect(a).toMatchObject({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(parse(a)).toEqual({ ok: true, eventId: 432563 });
    expect(seen.sort()).toEqual(['396776 Site Survey -> Engineering', 'any PROJECT_MOVEMENT']);
  });

  it('a handler that throws gives 500 and onError hears of it; the retry runs it again and gets 200', async () => {
    const { webhooks, errors } = kit();
    let calls = 0;
    webhooks.on('TASK_COMPLETED', () => {
      if (++calls === 1) throw new Error('CRM down');
    });
    const payload = body(sample('TASK_COMPLETED'));
    const first = await webhooks.receive(payload, { url: URL_OK });
    expect(first.status).toBe(500);
    expect(first.body).not.toContain('CRM down');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'handler', eventId: 441935, triggerKey: 'TASK_COMPLETED' });
    expect(errors[0].message).toMatch(/1 of 1 handler failed for TASK_COMPLETED event 441935: CRM down/);
    expect(Buffer.from(errors[0].rawBody!).toString()).toBe(payload);
    expect((await webhooks.receive(payload, { url: URL_OK })).status).toBe(200);
    expect(calls).toBe(2);
  });

  it('a duplicate of a handled event gets 200 without running anything', async () => {
    const { webhooks } = kit();
    const handler = vi.fn();
    webhooks.on('PROJECT_CREATED', handler);
    const payload = body(sample('PROJECT_CREATED'));
    await webhooks.receive(payload, { url: URL_OK });
    const again = await webhooks.receive(payload, { url: URL_OK });
    expect(again.status).toBe(200);
    expect(parse(again)).toEqual({ ok: true, eventId: 420017, duplicate: true });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('50 concurrent deliveries of one event run the handler once; the others get 503 with Retry-After or 200', async () => {
    const { webhooks } = kit();
    let running = 0;
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    webhooks.on('PROJECT_MOVEMENT', async () => {
      calls++;
      running++;
      await gate;
      running--;
    });
    const payload = body(sample('PROJECT_MOVEMENT'));
    const pending = Array.from({ length: 50 }, () => webhooks.receive(payload, { url: URL_OK }));
    const early = await Promise.all(pending.slice(1));
    expect(early.every((a) => a.status === 503 && a.headers['retry-after'] === '2')).toBe(true);
    release();
    expect((await pending[0]).status).toBe(200);
    expect(calls).toBe(1);
    expect(running).toBe(0);
    expect((await webhooks.receive(payload, { url: URL_OK })).status).toBe(200);
    expect(calls).toBe(1);
  });

  it('with several handlers, a retry after a partial failure runs only the one that failed', async () => {
    const { webhooks } = kit();
    const calls = { a: 0, b: 0, any: 0 };
    webhooks.on('PROJECT_MOVEMENT', () => void calls.a++);
    webhooks.on('PROJECT_MOVEMENT', () => {
      if (++calls.b === 1) throw new Error('flaky');
    });
    webhooks.on('*', () => void calls.any++);
    const payload = body(sample('PROJECT_MOVEMENT'));
    expect((await webhooks.receive(payload, { url: URL_OK })).status).toBe(500);
    expect((await webhooks.receive(payload, { url: URL_OK })).status).toBe(200);
    expect((await webhooks.receive(payload, { url: URL_OK })).status).toBe(200);
    expect(calls).toEqual({ a: 1, b: 2, any: 1 });
  });

  it("each handler's context: the event id, its own handlerKey, the decoded body, the headers", async () => {
    const { webhooks } = kit();
    const seen: { handler: string; context: HandlerContext }[] = [];
    const keep = (handler: string) => (_payload: unknown, context: HandlerContext) => void seen.push({ handler, context });
    webhooks.on('PROJECT_MOVEMENT', keep('a')).on('PROJECT_MOVEMENT', keep('b')).on('*', keep('any'));
    const text = body(sample('PROJECT_MOVEMENT'));
    expect((await webhooks.receive(gzipSync(text), { url: URL_OK, headers: { 'Content-Encoding': 'gzip', 'X-Trace': 't1' } })).status).toBe(200);
    expect(seen.map((s) => [s.handler, s.context.handlerKey])).toEqual([
      ['a', '432563:PROJECT_MOVEMENT#0'],
      ['b', '432563:PROJECT_MOVEMENT#1'],
      ['any', '432563:*#0'],
    ]);
    for (const { context } of seen) {
      expect(context.eventId).toBe(432563);
      expect(Buffer.from(context.rawBody).toString('utf8')).toBe(text);
      expect(context.headers['x-trace']).toBe('t1');
      expect(context.findings).toEqual([]);
    }
    // One handler alone gets the same key as the first of several.
    const single = kit().webhooks;
    const keys: string[] = [];
    single.on('PROJECT_MOVEMENT', (_p, context) => void keys.push(context.handlerKey));
    await single.receive(body(faulty('PROJECT_MOVEMENT', (x) => (x.event.eventId = 'evt-7'))), { url: URL_OK });
    expect(keys).toEqual(['evt-7:PROJECT_MOVEMENT#0']);
  });

  it('an event with no handler is acknowledged (200), so Coperniq does not retry what nobody wants', async () => {
    const { webhooks } = kit();
    webhooks.on('TASK_CREATED', () => {});
    const a = await webhooks.receive(body(sample('CALL_UPSERTED')), { url: URL_OK });
    expect(a.status).toBe(200);
    expect(parse(a)).toEqual({ ok: true, eventId: 436802, unhandled: 'CALL_UPSERTED' });
  });

  it('a trigger this version does not know reaches * handlers', async () => {
    const { webhooks } = kit();
    const keys: string[] = [];
    webhooks.on('*', ({ event }) => void keys.push(event.triggerKey));
    const p = faulty('PROJECT_MOVEMENT', (x) => ((x.event.triggerKey = 'DEAL_MOVEMENT'), delete x.event.currentStage, delete x.event.previousStage));
    expect((await webhooks.receive(body(p), { url: URL_OK })).status).toBe(200);
    expect(keys).toEqual(['DEAL_MOVEMENT']);
  });

  it('a payload whose trigger is "*" runs each * handler once, and no handler of a trigger', async () => {
    const { webhooks } = kit();
    const ran: string[] = [];
    webhooks.on('PROJECT_MOVEMENT', () => void ran.push('PROJECT_MOVEMENT')).on('*', () => void ran.push('*'));
    const p = faulty('PROJECT_MOVEMENT', (x) => (x.event.triggerKey = '*'));
    expect((await webhooks.receive(body(p), { url: URL_OK })).status).toBe(200);
    expect(ran).toEqual(['*']);
  });

  it('400 for bodies that are not Coperniq webhooks at all', async () => {
    const { webhooks } = kit();
    for (const [raw, message] of [
      ['', /empty body/],
      ['{"event":', /JSON/],
      [Buffer.from([0xff, 0x7b]), /not valid UTF-8/],
      ['[1,2]', /event.eventId and event.triggerKey are required|expected a JSON object/],
    ] as const) {
      const a = await new CoperniqWebhooks({ token: TOKEN, validation: 'off' }).receive(raw, { url: URL_OK });
      expect(a.status, String(raw)).toBe(400);
      expect(String(parse(a).error)).toMatch(message);
      expect((await webhooks.receive(raw, { url: URL_OK })).status).toBe(400);
    }
  });

  it('413 over maxBody, before and after gzip decoding', async () => {
    const { webhooks } = kit({ maxBody: 2000 });
    const big = body(faulty('PROJECT_MOVEMENT', (p) => (p.record.title = 'x'.repeat(3000))));
    expect((await webhooks.receive(big, { url: URL_OK })).status).toBe(413);
    const zipped = gzipSync(big);
    expect(zipped.length).toBeLessThan(2000);
    const a = await webhooks.receive(zipped, { url: URL_OK, headers: { 'Content-Encoding': 'gzip' } });
    expect(a.status).toBe(413);
    expect(parse(a).error).toBe('body over the 2000-byte limit');
  });

  it('stops inflating a gzip bomb one byte past maxBody: 413, never the whole bomb in memory', async () => {
    const { webhooks } = kit({ maxBody: 1024 * 1024 });
    // 70 MiB of zeros in about 70 KiB: past the readers' 64 MiB cap too, which is a 413 here, not a 400.
    const bomb = gzipSync(Buffer.alloc(70 * 1024 * 1024));
    const before = process.memoryUsage().arrayBuffers;
    const a = await webhooks.receive(bomb, { url: URL_OK, headers: { 'content-encoding': 'gzip' } });
    expect(a.status).toBe(413);
    expect(parse(a).error).toBe('body over the 1048576-byte limit');
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('decodes gzip (headers as Fetch Headers too) and hands the decoded bytes to handlers', async () => {
    const { webhooks } = kit();
    const payload = body(sample('TASK_CREATED'));
    let raw = '';
    webhooks.on('TASK_CREATED', (_p, ctx) => void (raw = Buffer.from(ctx.rawBody).toString()));
    const a = await webhooks.receive(gzipSync(payload), { url: URL_OK, headers: new Headers({ 'content-encoding': 'gzip' }) });
    expect(a.status).toBe(200);
    expect(raw).toBe(payload);
    expect((await webhooks.receive(Buffer.from('nope'), { url: URL_OK, headers: { 'content-encoding': 'gzip' } })).status).toBe(400);
  });
});

describe('CoperniqWebhooks: validation', () => {
  const invalid = () => body(faulty('PROJECT_MOVEMENT', (p) => (p.record.dealValue = '1250000')));

  it("'reject' answers 422 with the findings and runs nothing; onError gets the body to park", async () => {
    const { webhooks, errors } = kit({ validation: 'reject' });
    const handler = vi.fn();
    webhooks.on('PROJECT_MOVEMENT', handler);
    const a = await webhooks.receive(invalid(), { url: URL_OK });
    expect(a.status).toBe(422);
    expect(parse(a)).toMatchObject({ eventId: 432563, findings: [expect.stringMatching(/^record\.dealValue: /)] });
    expect(handler).not.toHaveBeenCalled();
    expect(errors).toMatchObject([{ kind: 'invalid', eventId: 432563, findings: [{ path: 'record.dealValue', code: 'invalid-type' }] }]);
    expect(errors[0].message).toMatch(/answered 422/);
  });

  it("'warn' (the default) handles it, with the findings in the context, and reports it", async () => {
    const { webhooks, errors } = kit();
    let findings: string[] = [];
    webhooks.on('PROJECT_MOVEMENT', (_p, ctx) => void (findings = ctx.findings.map((f) => f.path)));
    expect((await webhooks.receive(invalid(), { url: URL_OK })).status).toBe(200);
    expect(findings).toEqual(['record.dealValue']);
    expect(errors).toMatchObject([{ kind: 'invalid' }]);
    expect(errors[0].message).toMatch(/handled anyway/);
  });

  it("'off' does not look, and unknown fields are never a reason to refuse", async () => {
    const off = kit({ validation: 'off' });
    off.webhooks.on('PROJECT_MOVEMENT', () => {});
    expect((await off.webhooks.receive(invalid(), { url: URL_OK })).status).toBe(200);
    expect(off.errors).toEqual([]);
    const strict = kit({ validation: 'reject' });
    strict.webhooks.on('PROJECT_MOVEMENT', (_p, ctx) => expect(ctx.findings.map((f) => f.code)).toEqual(['unknown-field']));
    const extra = body(faulty('PROJECT_MOVEMENT', (p) => (p.record.customColor = 'red')));
    expect((await strict.webhooks.receive(extra, { url: URL_OK })).status).toBe(200);
  });

  it('refuses bad options and unknown trigger names with "did you mean"', () => {
    expect(() => new CoperniqWebhooks({ validation: 'strict' as 'warn' })).toThrow(/validation must be 'reject', 'warn', 'off'/);
    expect(() => new CoperniqWebhooks({ maxBody: 0 })).toThrow(/maxBody/);
    // @ts-expect-error not a trigger key
    expect(() => new CoperniqWebhooks().on('PROJECT_MOVMENT', () => {})).toThrow(/unknown trigger "PROJECT_MOVMENT"; did you mean PROJECT_MOVEMENT\?/);
  });
});

// A store may answer with a promise (Redis, Postgres) or at once (MemoryStore), and so may fail.
describe.each(['rejects', 'throws'] as const)('CoperniqWebhooks: a failing dedupe store that %s', (how) => {
  const broken = (): Promise<never> => {
    if (how === 'throws') throw new Error('redis down');
    return Promise.reject(new Error('redis down'));
  };
  const failing = (fail: keyof DedupeStore): DedupeStore => {
    const inner = new MemoryStore();
    return {
      claim: (k, o) => (fail === 'claim' ? broken() : inner.claim(k, o)),
      complete: (k, o) => (fail === 'complete' ? broken() : inner.complete(k, o)),
      release: (k, o) => (fail === 'release' ? broken() : inner.release(k, o)),
    };
  };

  it('a claim that fails answers 503 (Coperniq retries) and runs nothing', async () => {
    const { webhooks, errors } = kit({ dedupe: failing('claim') });
    const handler = vi.fn();
    webhooks.on('*', handler);
    const a = await webhooks.receive(body(sample('PROJECT_CREATED')), { url: URL_OK });
    expect(a).toMatchObject({ status: 503, headers: { 'retry-after': '2' } });
    expect(handler).not.toHaveBeenCalled();
    expect(errors).toMatchObject([{ kind: 'store', message: expect.stringMatching(/claim failed/) }]);
  });

  it('a completion that fails after the handlers finished still answers 200 (the work is done) and reports it', async () => {
    const { webhooks, errors } = kit({ dedupe: failing('complete') });
    webhooks.on('*', () => {});
    expect((await webhooks.receive(body(sample('PROJECT_CREATED')), { url: URL_OK })).status).toBe(200);
    expect(errors).toMatchObject([{ kind: 'store', message: expect.stringMatching(/recording the outcome/) }]);
  });

  it('a release that fails after a handler failed still answers 500, and both failures are reported', async () => {
    const { webhooks, errors } = kit({ dedupe: failing('release') });
    webhooks.on('*', async () => {
      throw new Error('handler broke');
    });
    expect((await webhooks.receive(body(sample('PROJECT_CREATED')), { url: URL_OK })).status).toBe(500);
    expect(errors).toMatchObject([{ kind: 'store' }, { kind: 'handler', message: expect.stringMatching(/handler broke/) }]);
  });
});

describe('CoperniqWebhooks: stores and handlers', () => {
  it('dedupe: false runs the handlers for every delivery', async () => {
    const { webhooks } = kit({ dedupe: false });
    const handler = vi.fn();
    webhooks.on('*', handler);
    const payload = body(sample('PROJECT_CREATED'));
    await webhooks.receive(payload, { url: URL_OK });
    await webhooks.receive(payload, { url: URL_OK });
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it('an onError handler that throws does not change the answer', async () => {
    const webhooks = new CoperniqWebhooks({ token: TOKEN }).onError(() => {
      throw new Error('logger broke');
    });
    webhooks.on('*', () => {
      throw new Error('handler broke');
    });
    expect((await webhooks.receive(body(sample('PROJECT_CREATED')), { url: URL_OK })).status).toBe(500);
  });
});
