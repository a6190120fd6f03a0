import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryQueue } from '../../../../src/io/inputs/deliveryQueue.js';
import type { ReplayItem } from '../../../../src/io/inputs/replayInputs.js';

const MAX = 1024 * 1024;
let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function files(n: number): ReplayItem[] {
  dir = mkdtempSync(path.join(os.tmpdir(), 'queue-'));
  return Array.from({ length: n }, (_, i) => {
    const file = path.join(dir, `p${i}.json`);
    writeFileSync(file, `{"n":${i}}`);
    return { name: `p${i}.json`, path: file, fromIndex: false, firedAt: null, trigger: null, eventId: i };
  });
}

describe('DeliveryQueue', () => {
  it('hands out every copy in plan order', () => {
    const items = files(2);
    const queue = new DeliveryQueue(items, 2, MAX);
    expect(queue.planned).toBe(4);
    expect(queue.payloads.map((p) => p.name)).toEqual(['p0.json', 'p1.json']);
    expect(queue.take()).toMatchObject({ index: 0, copy: 1, item: { name: 'p0.json' } });
    expect(queue.take()).toMatchObject({ index: 1, copy: 2, item: { name: 'p0.json' } });
    expect(queue.take()).toMatchObject({ index: 2, copy: 1, item: { name: 'p1.json' } });
    expect(queue.take()).toMatchObject({ index: 3, copy: 2 });
    expect(queue.take()).toBeUndefined();
  });

  it('reads into one buffer per worker: bytes stay valid until that worker reads again', () => {
    const queue = new DeliveryQueue(files(3), 1, MAX);
    const [a, b, c] = [queue.take()!, queue.take()!, queue.take()!];
    const a0 = queue.read(a, 0);
    const b1 = queue.read(b, 1);
    expect(a0.toString()).toBe('{"n":0}');
    expect(b1.toString()).toBe('{"n":1}');
    const c0 = queue.read(c, 0);
    expect(c0.toString()).toBe('{"n":2}');
    expect(c0.buffer).toBe(a0.buffer);
    expect(b1.toString()).toBe('{"n":1}');
  });

  it('lets go of bytes the scan kept once the last copy has been read', () => {
    const items = files(1);
    items[0].bytes = Buffer.from('{"kept":true}');
    const item = items[0];
    const queue = new DeliveryQueue(items, 2, MAX);
    expect(queue.read(queue.take()!, 0).toString()).toBe('{"kept":true}');
    expect(item.bytes).toBeDefined();
    expect(queue.read(queue.take()!, 0).toString()).toBe('{"kept":true}');
    expect(item.bytes).toBeUndefined();
  });

  it('peeks at every readable payload without taking it, and clears', () => {
    const items = files(4);
    items[1].problem = 'malformed JSON';
    unlinkSync(items[2].path!);
    items[3].bytes = Buffer.from('{"kept":true}');
    const queue = new DeliveryQueue(items, 1, MAX);
    expect([...queue.peek()].map(({ item, bytes }) => `${item.name} ${bytes.toString()}`)).toEqual(['p0.json {"n":0}', 'p3.json {"kept":true}']);
    expect(queue.take()?.index).toBe(0);
    expect([...queue.peek()].map(({ item }) => item.name)).toEqual(['p3.json']);
    expect(() => queue.read(queue.take()!, 0)).not.toThrow();
    expect(() => queue.read(queue.take()!, 0)).toThrow(/ENOENT/);
    queue.clear();
    expect(queue.take()).toBeUndefined();
    // After Ctrl-C the report still labels the deliveries, without the bytes.
    expect(queue.payloads.map((p) => p.name)).toEqual(['p0.json', 'p1.json', 'p2.json', 'p3.json']);
    expect(items[3].bytes).toBeUndefined();
  });
});
