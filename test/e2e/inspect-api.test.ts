/**
 * `inspect` over an archived capture directory of a few thousand deliveries, through its HTTP API:
 * paging, filters, body search with its scan budget, detail, raw, meta, check and curl.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../src/core/capture/captureFormat.js';
import { tempDir } from '../helpers/cli.js';
import { appendCapture, call, delivery, startInspect, type Inspecting, type Stored } from '../helpers/inspect.js';

const N = 3000;
const TRIGGERS = ['PROJECT_MOVEMENT', 'TASK_CREATED', 'DEAL_STATUS_MOVEMENT'];
let dir: string;
let cleanup: () => Promise<void>;
let ins: Inspecting;
let entries: IndexEntry[];
/** What each generated delivery is, known from how it was made (not from the inspector's own code). */
const made: { kind: 'valid' | 'invalid' | 'not-json' | 'empty' | 'gzip'; trigger: string | null; record: number | null; duplicate: boolean; title?: string }[] = [];

function generate(): Stored[] {
  const items: Stored[] = [];
  for (let i = 1; i <= N; i++) {
    const trigger = TRIGGERS[i % 3];
    const record = 1000 + (i % 50);
    // Every 100th repeats the event id of the one before: a duplicate.
    const eventId = i % 100 === 0 ? 500_000 + i - 1 : 500_000 + i;
    const title = `Home ${i}${i === 1234 ? ' Zebra-Needle' : ''}`;
    if (i % 250 === 0) {
      items.push({ body: Buffer.from('{"event": {"eventId": 1,') });
      made.push({ kind: 'not-json', trigger: null, record: null, duplicate: false });
    } else if (i % 333 === 0) {
      items.push({ body: Buffer.alloc(0) });
      made.push({ kind: 'empty', trigger: null, record: null, duplicate: false });
    } else if (i % 97 === 0) {
      const v = JSON.parse(delivery(trigger, eventId, { recordId: record, title }).toString()) as { event: { firedAt: unknown } };
      v.event.firedAt = 12;
      items.push({ body: Buffer.from(JSON.stringify(v)) });
      made.push({ kind: 'invalid', trigger, record, duplicate: i % 100 === 0, title });
    } else {
      const gzip = i % 41 === 0;
      items.push({ body: delivery(trigger, eventId, { recordId: record, title }), gzip });
      made.push({ kind: gzip ? 'gzip' : 'valid', trigger, record, duplicate: i % 100 === 0, title });
    }
  }
  return items;
}

const api = (target: string) => call(ins.origin, target, { token: ins.token });

async function allPages(query: string, limit = 500): Promise<{ seqs: number[]; pages: number }> {
  const seqs: number[] = [];
  let before: number | null = null;
  let pages = 0;
  for (;;) {
    const r = await api(`/api/deliveries?${query}&limit=${limit}${before === null ? '' : `&before=${before}`}`);
    expect(r.status).toBe(200);
    const page = r.json<{ deliveries: IndexEntry[]; next: number | null; partial: boolean }>();
    seqs.push(...page.deliveries.map((d) => d.seq));
    pages++;
    if (page.next === null) return { seqs, pages };
    before = page.next;
  }
}

const expected = (keep: (m: (typeof made)[number], seq: number) => boolean) =>
  made.map((m, i) => (keep(m, i + 1) ? i + 1 : 0)).filter(Boolean).reverse();

beforeAll(async () => {
  const t = await tempDir('inspect-api-');
  dir = path.join(t.dir, 'captures');
  cleanup = t.cleanup;
  entries = appendCapture(dir, generate());
  ins = await startInspect(dir);
});

afterAll(async () => {
  await ins?.run.stop();
  await cleanup?.();
});

describe('inspect: GET /api/deliveries', () => {
  it('pages through every delivery newest first with the cursor, none twice, none missed', async () => {
    const first = (await api('/api/deliveries')).json();
    expect(first.deliveries).toHaveLength(50);
    expect(first.deliveries[0]).toEqual({ ...entries[N - 1], verdictClass: 'not-json', title: null, moved: null });
    expect(first.deliveries[1]).toEqual({ ...entries[N - 2], verdictClass: 'valid', title: `Home ${N - 1}`, moved: null }); // DEAL_STATUS_MOVEMENT says nothing of what moved
    expect(first).toMatchObject({ total: N, matched: N, partial: false, next: N - 49 });
    const { seqs, pages } = await allPages('');
    expect(pages).toBe(N / 500);
    expect(seqs).toEqual(expected(() => true));
  });

  it('filters by trigger, verdict, duplicates and record, alone and together', async () => {
    expect((await allPages('trigger=TASK_CREATED')).seqs).toEqual(expected((m) => m.trigger === 'TASK_CREATED'));
    expect((await allPages('trigger=TASK_CREATED,none')).seqs).toEqual(expected((m) => m.trigger === 'TASK_CREATED' || m.trigger === null));
    expect((await allPages('verdict=invalid,not-json')).seqs).toEqual(expected((m) => m.kind === 'invalid' || m.kind === 'not-json'));
    expect((await allPages('verdict=empty')).seqs).toEqual(expected((m) => m.kind === 'empty'));
    expect((await allPages('duplicates=1')).seqs).toEqual(expected((m) => m.duplicate));
    expect((await allPages('duplicates=0&verdict=valid')).seqs).toEqual(expected((m) => !m.duplicate && (m.kind === 'valid' || m.kind === 'gzip')));
    expect((await allPages('record=1007&trigger=PROJECT_MOVEMENT', 7)).seqs).toEqual(expected((m) => m.record === 1007 && m.trigger === 'PROJECT_MOVEMENT'));
    const r = (await api('/api/deliveries?record=1007')).json();
    expect(r.matched).toBe(expected((m) => m.record === 1007).length);
  });

  it('searches bodies on the server, ignoring case, gzip bodies included', async () => {
    const hit = (await api('/api/deliveries?q=zebra-needle')).json();
    expect(hit.deliveries.map((d: IndexEntry) => d.seq)).toEqual([1234]);
    expect(hit).toMatchObject({ partial: false, next: null, scanned: N });
    const gz = made.findIndex((m) => m.kind === 'gzip') + 1;
    const inGzip = (await api(`/api/deliveries?q=${encodeURIComponent(`"Home ${gz}"`)}`)).json();
    expect(inGzip.deliveries.map((d: IndexEntry) => d.seq)).toEqual([gz]);
    const filtered = (await api('/api/deliveries?q=zebra-needle&trigger=PROJECT_MOVEMENT')).json();
    expect(filtered.deliveries).toEqual([]);
    expect(filtered.scanned).toBe(expected((m) => m.trigger === 'PROJECT_MOVEMENT').length);
  });

  it('stops a search at its scan budget and continues from the cursor it returns', async () => {
    let before: number | null = null;
    let scanned = 0;
    const found: number[] = [];
    let partials = 0;
    for (;;) {
      const page: { scanned: number; deliveries: IndexEntry[]; partial: boolean; next: number | null } = (await api(`/api/deliveries?q=zebra-needle&scan=400${before === null ? '' : `&before=${before}`}`)).json();
      scanned += page.scanned;
      found.push(...page.deliveries.map((d: IndexEntry) => d.seq));
      if (page.partial) partials++;
      if (page.next === null) break;
      expect(page.scanned).toBe(400);
      before = page.next;
    }
    expect(found).toEqual([1234]);
    expect(scanned).toBe(N);
    expect(partials).toBe(Math.ceil(N / 400) - 1);
  });

  it('pages a search with many hits by limit', async () => {
    const { seqs } = await allPages('q=home%2012', 10);
    expect(seqs).toEqual(expected((m) => m.title !== undefined && m.title.toLowerCase().includes('home 12')));
  });

  it('answers a bad query with 400 and says what is wrong', async () => {
    for (const [q, msg] of [
      ['verdict=bogus', /verdict must be one or more of valid, warnings, invalid, not-json, empty, unchecked/],
      ['limit=0', /limit must be a whole number from 1 to 500/],
      ['before=x', /before must be a whole number/],
      ['duplicates=maybe', /duplicates must be 1/],
    ] as const) {
      const r = await api(`/api/deliveries?${q}`);
      expect(r.status).toBe(400);
      expect(r.json().error).toMatch(msg);
    }
  });
});

describe('inspect: one delivery', () => {
  it('GET /api/deliveries/:seq gives the entry, the body as stored and every finding with its path', async () => {
    const seq = made.findIndex((m) => m.kind === 'invalid') + 1;
    const d = (await api(`/api/deliveries/${seq}`)).json();
    const file = path.join(dir, entries[seq - 1].file);
    expect(d.entry).toEqual(entries[seq - 1]);
    expect(d.body).toMatchObject({ text: readFileSync(file, 'utf8'), json: true, intact: true, encoding: null, bytes: entries[seq - 1].bytes });
    expect(d.findings.valid).toBe(false);
    expect(d.findings.errors).toContainEqual(expect.objectContaining({ path: 'event.firedAt', code: 'invalid-type' }));
    expect(d.previousOfRecord).toBe(seq - 50);
  });

  it('decodes a gzip capture and says so', async () => {
    const seq = made.findIndex((m) => m.kind === 'gzip') + 1;
    const d = (await api(`/api/deliveries/${seq}`)).json();
    expect(d.body.encoding).toBe('gzip');
    expect(d.body.note).toMatch(/^stored gzip-compressed as received \(\d+ bytes\); shown decoded \(\d+ bytes\)$/);
    expect(JSON.parse(d.body.text).record.title).toBe(`Home ${seq}`);
    expect(d.findings).toMatchObject({ valid: true, errors: [] });
  });

  it('locates malformed JSON', async () => {
    const d = (await api('/api/deliveries/250')).json();
    expect(d.body).toMatchObject({ json: false, parseError: { line: 1, column: 25 } });
    expect(d.findings.errors[0]).toMatchObject({ path: '', code: 'bad-json' });
  });

  it('GET /raw sends the stored bytes as a download', async () => {
    const seq = made.findIndex((m) => m.kind === 'gzip') + 1;
    const r = await api(`/api/deliveries/${seq}/raw`);
    expect(r.status).toBe(200);
    expect(r.body.equals(readFileSync(path.join(dir, entries[seq - 1].file)))).toBe(true);
    expect(r.headers['content-type']).toBe('application/gzip');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="${entries[seq - 1].file}"; filename*=UTF-8''${entries[seq - 1].file}`);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers 404 for a delivery that is not there, and for unknown routes; 405 for a wrong method', async () => {
    expect((await api('/api/deliveries/99999')).json()).toEqual({ error: 'no delivery #99999 in the index' });
    expect((await api('/api/deliveries/99999/raw')).status).toBe(404);
    expect((await api('/api/nothing')).status).toBe(404);
    expect((await call(ins.origin, '/api/deliveries/1', { token: ins.token, body: '{}' })).status).toBe(405);
  });

  it('GET /curl builds the command replay would run, body from the stored file', async () => {
    const r = (await api(`/api/deliveries/2/curl?to=${encodeURIComponent('http://127.0.0.1:3000/hook?key=s3cret')}`)).json();
    expect(r.command).toBe(
      `curl --fail-with-body 'http://127.0.0.1:3000/hook?key=***' \\\n  -H 'content-type: application/json' \\\n  -H 'user-agent: coperniq-hooks/0.1.0' \\\n  --data-binary @${path.join(dir, entries[1].file)}`,
    );
    const shown = (await api(`/api/deliveries/2/curl?reveal=1&to=${encodeURIComponent('http://127.0.0.1:3000/hook?key=s3cret')}`)).json();
    expect(shown.command).toContain(`'http://127.0.0.1:3000/hook?key=s3cret'`);
    const noTarget = (await api('/api/deliveries/2/curl')).json();
    expect(noTarget.command.split('\n')[0]).toBe('curl --fail-with-body "$COPERNIQ_HOOKS_TARGET" \\');
  });
});

describe('inspect: meta and check', () => {
  it('GET /api/meta counts deliveries by trigger and verdict', async () => {
    const m = (await api('/api/meta')).json();
    expect(m).toMatchObject({ tool: 'coperniq-hooks', dir, source: 'directory', total: N, rejected: null, replayTarget: null, badIndexLines: 0 });
    expect(m.counts.triggers.TASK_CREATED).toBe(made.filter((x) => x.trigger === 'TASK_CREATED').length);
    expect(m.counts.verdicts.invalid).toBe(made.filter((x) => x.kind === 'invalid').length);
    expect(m.counts.duplicates).toBe(made.filter((x) => x.duplicate).length);
    expect(m.triggers.find((t: { key: string }) => t.key === 'PROJECT_MOVEMENT')).toMatchObject({ name: 'Project stage updated' });
  });

  it('POST /api/check returns findings with paths, and where malformed JSON breaks', async () => {
    const ok = await call(ins.origin, '/api/check', { token: ins.token, body: delivery('PROJECT_MOVEMENT', 1) });
    expect(ok.json()).toMatchObject({ json: true, valid: true, trigger: 'PROJECT_MOVEMENT', errors: [], parseError: null });
    const v = JSON.parse(delivery('PROJECT_MOVEMENT', 1).toString());
    v.event.recordId = 'x';
    const bad = (await call(ins.origin, '/api/check', { token: ins.token, body: JSON.stringify(v) })).json();
    expect(bad.errors).toContainEqual(expect.objectContaining({ path: 'event.recordId', code: 'invalid-type' }));
    const broken = (await call(ins.origin, '/api/check', { token: ins.token, body: '{\n  "event": {,' })).json();
    expect(broken).toMatchObject({ json: false, valid: false, parseError: { line: 2, column: 13 } });
    const unknown = await call(ins.origin, '/api/check?trigger=NOPE', { token: ins.token, body: '{}' });
    expect(unknown.status).toBe(400);
  });
});
