import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffSandbox, movement } from '../helpers/diffFixtures.js';
import { applyPatch, type Op } from '../helpers/jsonPatchApply.js';

let box: Awaited<ReturnType<typeof diffSandbox>>;
beforeEach(async () => (box = await diffSandbox()));
afterEach(async () => box.cleanup());
const put = (rel: string, value: unknown) => box.put(rel, value);
const diff = (args: string[], opts?: { input?: string; env?: NodeJS.ProcessEnv }) => box.diff(args, opts);

describe('diff two files', () => {
  it('exits 0 for equal payloads whatever the key order', async () => {
    await put('a.json', '{"event":{"eventId":1,"triggerKey":"PROJECT_CREATED"},"record":{"id":1,"title":"x"}}');
    await put('b.json', '{"record":{"title":"x","id":1},"event":{"triggerKey":"PROJECT_CREATED","eventId":1}}');
    const r = await diff(['a.json', 'b.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('PROJECT_CREATED vs PROJECT_CREATED, record 1 "x"\nno differences\n');
    expect(r.stderr).toBe('');
  });

  it('exits 1 with a headline, one line per change and a count (pretty, no colour on a pipe)', async () => {
    await put('a.json', movement());
    await put('b.json', movement({ eventId: 432600, from: 'Engineering', to: 'Permitting', extra: { dealValue: '1250000', notes: 'n'.repeat(500) } }));
    const r = await diff(['a.json', 'b.json']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    // The headline wraps at 80 columns (a pipe is laid out for 80).
    expect(lines.slice(0, 2)).toEqual(['PROJECT_MOVEMENT (stage Site Survey -> Engineering) vs PROJECT_MOVEMENT (stage', '  Engineering -> Permitting), record 396776 "Elon Musk"']);
    expect(lines).toContain('! record.dealValue: 1250000 -> "1250000" (number -> string)');
    expect(lines).toContain('~ event.currentStage.name: "Engineering" -> "Permitting"');
    expect(lines).toContain('~ event.eventId: 432563 -> 432600');
    // Long values are shortened in pretty output.
    const notes = lines.find((l) => l.startsWith('+ record.notes: '))!;
    expect(notes.length).toBeLessThan(120);
    expect(notes.endsWith('…')).toBe(true);
    expect(lines.at(-1)).toBe('5 differences: 1 added, 3 changed, 1 type changed');
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('colours pretty output when asked (FORCE_COLOR), and --no-color wins', async () => {
    await put('a.json', { a: 1 });
    await put('b.json', { a: 2 });
    expect((await diff(['a.json', 'b.json'], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(/\u001b\[33m~ a\u001b\[39m/);
    expect((await diff(['a.json', 'b.json', '--no-color'], { env: { FORCE_COLOR: '1' } })).stdout).not.toMatch(/\u001b\[/);
  });

  it('--format json lists every change with whole values', async () => {
    await put('a.json', { record: { title: 'x', trades: ['Solar'], gone: null } });
    await put('b.json', { record: { title: 'y'.repeat(500), trades: ['Solar', 'Roofing'], uid: '206' } });
    const r = await diff(['a.json', 'b.json', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({
      a: 'a.json',
      b: 'b.json',
      equal: false,
      headline: null,
      changes: [
        { kind: 'changed', path: 'record.title', old: 'x', new: 'y'.repeat(500) },
        { kind: 'added', path: 'record.trades[1]', new: 'Roofing' },
        { kind: 'removed', path: 'record.gone', old: null },
        { kind: 'added', path: 'record.uid', new: '206' },
      ],
    });
  });

  it('--format json says equal with an empty list, exit 0', async () => {
    await put('a.json', { a: 1 });
    const r = await diff(['a.json', 'a.json', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ equal: true, changes: [] });
  });

  it('--format patch prints an RFC 6902 patch that turns a into b', async () => {
    const a = movement({ extra: { 'odd/key~': 1, trades: ['Solar', 'Battery Storage', 'Roofing'] } });
    const b = movement({ from: 'Engineering', to: 'Permitting', extra: { 'odd/key~': 2, trades: ['Battery Storage'], list: [{ deep: [null] }] } });
    delete (b.record as Record<string, unknown>).uid;
    await put('a.json', a);
    await put('b.json', b);
    const r = await diff(['a.json', 'b.json', '--format', 'patch']);
    expect(r.code).toBe(1);
    const ops = JSON.parse(r.stdout) as Op[];
    expect(ops).toContainEqual({ op: 'replace', path: '/record/odd~1key~0', value: 2 });
    expect(applyPatch(a, ops)).toEqual(b);
  });

  it('--ignore takes * and ** patterns; ignoring every difference exits 0', async () => {
    await put('a.json', movement());
    await put('b.json', movement({ updatedAt: 'later', eventId: 1 }));
    expect((await diff(['a.json', 'b.json', '--ignore', '**.updatedAt'])).code).toBe(1);
    const r = await diff(['a.json', 'b.json', '--ignore', '**.updatedAt', '--ignore', 'event.*Id']);
    // `*Id` is not a wildcard inside a name: the pattern is one level named "*Id", which matches nothing.
    expect(r.code).toBe(1);
    const ok = await diff(['a.json', 'b.json', '--ignore', '**.updatedAt', '--ignore', 'event.eventId']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/no differences/);
  });

  it('warns about an --ignore that matches nothing in any payload, naming it (issue 9)', async () => {
    await put('a.json', movement({ extra: { items: [{ id: 3, price: 1 }] } }));
    await put('b.json', movement({ to: 'Permitting', extra: { items: [{ id: 3, price: 1 }] } }));
    const r = await diff([
      'a.json', 'b.json',
      // A typo, a field that is not there, and a key that is not an array item's.
      '--ignore', 'event.curentStage', '--ignore', 'record.nope[0]', '--ignore', 'record.items[id=4]',
      // These match, though the values there are equal (the diff never looks at them).
      '--ignore', 'record.title', '--ignore', '**.price', '--ignore', 'record.items[id=3].price', '--ignore', 'record.trades[*]',
      '--ignore-volatile',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        'coperniq-hooks: warning: --ignore "event.curentStage" matched nothing in any payload',
        'coperniq-hooks: warning: --ignore "record.nope[0]" matched nothing in any payload',
        'coperniq-hooks: warning: --ignore "record.items[id=4]" matched nothing in any payload',
        '',
      ].join('\n'),
    );
    expect(r.stdout).toMatch(/~ event\.currentStage\.name/);
  });

  it('--ignore-volatile: two deliveries of the same change are equal', async () => {
    await put('a.json', movement());
    await put('b.json', movement({ eventId: 500000, firedAt: '2025-02-02T00:00:00.000Z', updatedAt: '2025-02-02T00:00:00.000Z' }));
    expect((await diff(['a.json', 'b.json'])).code).toBe(1);
    const r = await diff(['a.json', 'b.json', '--ignore-volatile']);
    expect(r.code).toBe(0);
  });

  it('--array-key pairs items by a field, so reordering is no difference', async () => {
    await put('a.json', { items: [{ id: 1, v: 'a' }, { id: 2, v: 'b' }] });
    await put('b.json', { items: [{ id: 2, v: 'B' }, { id: 1, v: 'a' }] });
    expect((await diff(['a.json', 'b.json'])).stdout).toMatch(/~ items\[0\]\.id: 1 -> 2/);
    const r = await diff(['a.json', 'b.json', '--array-key', 'id']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('~ items[id=2].v: "b" -> "B"\n1 difference: 1 changed\n');
  });

  it('--array-key notes arrays it could not pair (stderr) and compares them by index', async () => {
    await put('a.json', { items: [{ id: 1 }, { name: 'x' }] });
    await put('b.json', { items: [{ id: 1 }, { name: 'y' }] });
    const r = await diff(['a.json', 'b.json', '--array-key', 'id']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('coperniq-hooks: note: items: compared by index, as not every item has a unique "id"\n');
    expect(r.stdout).toMatch(/~ items\[1\]\.name/);
  });

  it('--shape compares keys and types only', async () => {
    await put('a.json', movement());
    await put('b.json', movement({ from: 'x', to: 'y', eventId: 9 }));
    expect((await diff(['a.json', 'b.json', '--shape'])).code).toBe(0);
    await put('c.json', movement({ extra: { dealValue: '1', phone: '+1' } }));
    const r = await diff(['a.json', 'c.json', '--shape', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).changes).toEqual([
      { kind: 'type-changed', path: 'record.dealValue', oldType: 'number', newType: 'string' },
      { kind: 'added', path: 'record.phone', newType: 'string', newPresence: { count: 1, of: 1 } },
    ]);
  });

  it('reads one side from stdin with -', async () => {
    await put('a.json', { a: 1 });
    const r = await diff(['a.json', '-'], { input: '{"a":2}' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^~ a: 1 -> 2$/m);
    expect((await diff(['-', 'a.json'], { input: '{"a":1}' })).code).toBe(0);
  });

  it('does not overflow on a document nested 5,000 levels deep', async () => {
    const depth = 5000;
    await put('a.json', '{"a":['.repeat(depth) + '1' + ']}'.repeat(depth));
    await put('b.json', '{"a":['.repeat(depth) + '2' + ']}'.repeat(depth));
    for (const format of ['pretty', 'json', 'patch']) {
      const r = await diff(['a.json', 'b.json', '--format', format]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
    }
    const r = await diff(['a.json', 'b.json', '--format', 'json']);
    expect(JSON.parse(r.stdout).changes[0]).toMatchObject({ kind: 'changed', old: 1, new: 2 });
  });
});
