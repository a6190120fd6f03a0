import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureFileName, type IndexEntry } from '../../src/core/capture/captureFormat.js';
import { diffSandbox, movement, taskMove } from '../helpers/diffFixtures.js';

let box: Awaited<ReturnType<typeof diffSandbox>>;
beforeEach(async () => (box = await diffSandbox()));
afterEach(async () => box.cleanup());
const put = (rel: string, value: unknown) => box.put(rel, value);
const diff = (args: string[]) => box.diff(args);

type Payload = { event: { eventId: number; triggerKey: string; recordId: number } };

/** A capture directory as `listen --dir` writes it: seq-named payload files and index.ndjson. */
async function putCapture(name: string, payloads: (Payload | string)[], opts: { unindexed?: number[] } = {}) {
  const lines: string[] = [];
  for (const [i, p] of payloads.entries()) {
    const seq = i + 1;
    const isJson = typeof p !== 'string';
    const file = captureFileName(seq, isJson ? p.event.triggerKey : null, isJson ? p.event.eventId : null, isJson);
    await put(`${name}/${file}`, isJson ? JSON.stringify(p) : p);
    if (opts.unindexed?.includes(seq)) continue;
    const entry: IndexEntry = {
      seq,
      file,
      receivedAt: new Date(0).toISOString(),
      method: 'POST',
      path: '/hook',
      headers: {},
      remote: '127.0.0.1',
      bytes: 1,
      sha256: '0',
      trigger: isJson ? p.event.triggerKey : null,
      eventId: isJson ? p.event.eventId : null,
      recordId: isJson ? p.event.recordId : null,
      duplicateOf: null,
      verdict: { json: isJson, valid: null, errors: 0, warnings: 0, first: [] },
      status: 200,
    };
    lines.push(JSON.stringify(entry));
  }
  await put(`${name}/index.ndjson`, lines.join('\n') + '\n');
}

describe('diff two folders', () => {
  it('pairs files by relative path, subfolders included, and reports files on one side', async () => {
    await put('old/project.json', movement());
    await put('old/tasks/done.json', taskMove(1, 'COMPLETED'));
    await put('old/gone.json', { a: 1 });
    await put('new/project.json', movement({ to: 'Permitting' }));
    await put('new/tasks/done.json', taskMove(1, 'COMPLETED'));
    await put('new/fresh.json', { a: 1 });
    const r = await diff(['old', 'new']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'old/project.json vs new/project.json',
        '  PROJECT_MOVEMENT (stage Site Survey -> Engineering) vs PROJECT_MOVEMENT (stage',
        '    Site Survey -> Permitting), record 396776 "Elon Musk"',
        '  ~ event.currentStage.name: "Engineering" -> "Permitting"',
        'only in a: old/gone.json',
        'only in b: new/fresh.json',
        '2 pairs compared (paired by path): 1 differs; 1 only in a, 1 only in b',
        '',
      ].join('\n'),
    );
  });

  it('exits 0 when every pair is equal and no file is on one side only', async () => {
    await put('old/x.json', { a: 1, b: 2 });
    await put('new/x.json', { b: 2, a: 1 });
    const r = await diff(['old', 'new']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1 pair compared (paired by path): no differences; 0 only in a, 0 only in b\n');
  });

  it('--format json gives every pair with its changes', async () => {
    await put('old/x.json', { a: 1 });
    await put('old/y.json', { a: 1 });
    await put('new/x.json', { a: 2 });
    await put('new/y.json', { a: 1 });
    const r = await diff(['old', 'new', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      a: 'old',
      b: 'new',
      equal: false,
      shape: false,
      pairedBy: 'path',
      onlyInA: [],
      onlyInB: [],
      pairs: [
        { a: 'old/x.json', b: 'new/x.json', equal: false, headline: null, changes: [{ kind: 'changed', path: 'a', old: 1, new: 2 }] },
        { a: 'old/y.json', b: 'new/y.json', equal: true, headline: null, changes: [] },
      ],
    });
  });

  it('pairs two capture directories by event id, not by file name', async () => {
    // Same events, different arrival order: by name, 00000001 would pair event 10 with event 20.
    await putCapture('cap-a', [movement({ eventId: 10 }), taskMove(20, 'COMPLETED'), movement({ eventId: 30 })]);
    await putCapture('cap-b', [taskMove(20, 'CANCELLED'), movement({ eventId: 10 }), 'not json at all', movement({ eventId: 40 })], { unindexed: [4] });
    const r = await diff(['cap-a', 'cap-b', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.pairedBy).toBe('event id');
    expect(out.pairs.map((p: { a: string; b: string; equal: boolean }) => [p.a, p.b, p.equal])).toEqual([
      ['cap-a/00000001-PROJECT_MOVEMENT-10.json', 'cap-b/00000002-PROJECT_MOVEMENT-10.json', true],
      ['cap-a/00000002-TASK_STATUS_MOVEMENT-20.json', 'cap-b/00000001-TASK_STATUS_MOVEMENT-20.json', false],
    ]);
    expect(out.onlyInA).toEqual(['cap-a/00000003-PROJECT_MOVEMENT-30.json']);
    // A payload the index does not list yet (as after a crash) is still paired by its event id.
    expect(out.onlyInB).toEqual(['cap-b/00000004-PROJECT_MOVEMENT-40.json']);
    expect(r.stderr).toBe('coperniq-hooks: note: cap-b: 1 captured non-JSON body skipped\n');
  });

  it('--ignore-volatile makes re-deliveries in two captures equal', async () => {
    await putCapture('cap-a', [movement({ eventId: 10 })]);
    await putCapture('cap-b', [movement({ eventId: 10, firedAt: 'later', updatedAt: 'later' })]);
    expect((await diff(['cap-a', 'cap-b'])).code).toBe(1);
    const r = await diff(['cap-a', 'cap-b', '--ignore-volatile']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/paired by event id/);
  });

  it('--shape compares each trigger across all its payloads', async () => {
    await putCapture('january', [movement({ eventId: 1 }), movement({ eventId: 2, to: 'x' }), taskMove(3, 'WORKING'), { event: { eventId: 4, triggerKey: 'PROJECT_CREATED', recordId: 1 } }]);
    await putCapture('today', [movement({ eventId: 7, extra: { dealValue: '1' } }), taskMove(8, 'WORKING', { priority: 1 }), { event: { eventId: 9, triggerKey: 'CALL_UPSERTED', recordId: 1 } }]);
    const r = await diff(['january', 'today', '--shape']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'PROJECT_MOVEMENT (2 in january) vs PROJECT_MOVEMENT (1 in today)',
        '  ! record.dealValue: number -> string',
        'TASK_STATUS_MOVEMENT (1 in january) vs TASK_STATUS_MOVEMENT (1 in today)',
        '  + workOrder.priority: number',
        'only in a: PROJECT_CREATED (1 in january)',
        'only in b: CALL_UPSERTED (1 in today)',
        '2 triggers compared (paired by trigger): 2 differ; 1 only in a, 1 only in b',
        '',
      ].join('\n'),
    );
    await putCapture('same', [movement({ eventId: 99, to: 'Permitting' })]);
    await putCapture('same2', [movement({ eventId: 98 })]);
    expect((await diff(['same', 'same2', '--shape'])).code).toBe(0);
  });

  it('--shape on folders shows a field missing from some deliveries, with how often it is there (issue 9)', async () => {
    for (let i = 0; i < 10; i++) {
      await put(`january/m${i}.json`, movement({ eventId: i, extra: { phone: '+16505550100' } }));
      const extra: Record<string, unknown> = { phone: '+16505550100' };
      if (i === 3) delete extra.phone;
      if (i < 4) extra.solarSize = 7.2;
      await put(`today/m${i}.json`, movement({ eventId: 100 + i, extra }));
    }
    const r = await diff(['january', 'today', '--shape']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'PROJECT_MOVEMENT (10 in january) vs PROJECT_MOVEMENT (10 in today)',
        '  ? record.phone: present in 10 of 10 -> 9 of 10 (became optional)',
        '  + record.solarSize: number (present in 4 of 10)',
        '1 trigger compared (paired by trigger): 1 differs; 0 only in a, 0 only in b',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await diff(['january', 'today', '--shape', '--format', 'json'])).stdout);
    expect(json.pairs[0].changes).toEqual([
      { kind: 'became-optional', path: 'record.phone', oldPresence: { count: 10, of: 10 }, newPresence: { count: 9, of: 10 } },
      { kind: 'added', path: 'record.solarSize', newType: 'number', newPresence: { count: 4, of: 10 } },
    ]);
    // The other way round, the field became required.
    expect((await diff(['today', 'january', '--shape'])).stdout).toContain('? record.phone: present in 9 of 10 -> 10 of 10 (became required)');
  });

  it('a capture directory against a plain folder: says nothing paired, why, and suggests --shape (issue 9)', async () => {
    await putCapture('cap', [movement({ eventId: 10 }), taskMove(20, 'COMPLETED')]);
    await put('fixtures/project-movement.json', movement());
    await put('fixtures/task.json', taskMove(1, 'WORKING'));
    const r = await diff(['cap', 'fixtures']);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('0 pairs compared (paired by path): nothing paired; 2 only in a, 2 only in b');
    expect(r.stderr).toBe(
      'coperniq-hooks: note: nothing paired: cap is a capture directory and fixtures a plain folder, so files pair by path, ' +
        "and a capture's file names (sequence number first) match no file there; to compare what the payloads look like, per trigger, add --shape\n",
    );
    // What the note suggests works.
    const shape = await diff(['cap', 'fixtures', '--shape']);
    expect(shape.stdout).toMatch(/2 triggers compared \(paired by trigger\): same shape/);
    expect(shape.code).toBe(0);
  });

  it('two folders with nothing in common say so too', async () => {
    await put('old/a.json', { a: 1 });
    await put('new/b.json', { a: 1 });
    const r = await diff(['old', 'new']);
    expect(r.stderr).toMatch(/note: nothing paired: two plain folders pair files by relative path, and no path is in both; .* add --shape/);
    await putCapture('cap-a', [movement({ eventId: 1 })]);
    await putCapture('cap-b', [movement({ eventId: 2 })]);
    expect((await diff(['cap-a', 'cap-b'])).stderr).toMatch(/note: nothing paired: two capture directories pair deliveries by event id, and no event id is on both sides/);
  });
});
