import { describe, expect, it } from 'vitest';
import { UNCHANGED_PLACE, type StorePlace } from '../../../../src/core/capture/storePlace.js';
import { renderListenSummary, type ListenCounts } from '../../../../src/render/listen/listenLines.js';
import { PLAIN } from '../../../../src/render/paint.js';

const counts = (captured: number): ListenCounts => ({ captured, invalid: 0, duplicates: 0, rejected: 0, failed: 1, forwardFailed: 0 });
const where = (captured: number, place: Partial<StorePlace>, width = Infinity) =>
  renderListenSummary(counts(captured), '/srv/captures', { ...UNCHANGED_PLACE, ...place }, PLAIN, width).split('\n').slice(1, -1);

describe("listen's summary: where the captures are", () => {
  it('names the directory when it is still the one opened', () => {
    expect(where(3, {})).toEqual(['captures in /srv/captures']);
  });

  it('never names a directory that replaced the one opened as holding them', () => {
    expect(where(3, { dirChanged: true, now: '/srv/old', replaced: true })).toEqual([
      'the 3 deliveries captured are in /srv/old: /srv/captures was moved there while listening; /srv/captures is now another directory, without them',
    ]);
    expect(where(1, { dirChanged: true, removed: true })).toEqual(['the 1 delivery captured is gone: /srv/captures was removed while listening']);
    // Where the system cannot tell where the directory went (no /proc).
    expect(where(2, { dirChanged: true, replaced: true })).toEqual([
      'the 2 deliveries captured are in the directory that was /srv/captures when listen started: it was moved or removed while listening; /srv/captures is now another directory, without them',
    ]);
    expect(where(0, { dirChanged: true })).toEqual(['nothing captured; /srv/captures was moved or removed while listening']);
  });

  it('says when the index lines went to an index that is no longer there', () => {
    expect(where(2, { indexChanged: true })).toEqual([
      'captures in /srv/captures, but its index.ndjson was removed or replaced while listening: the index lines of the 2 deliveries captured went to the old one',
    ]);
    expect(where(0, { indexChanged: true })).toEqual(['captures in /srv/captures']);
  });

  it('wraps to the width, paths whole', () => {
    const lines = where(2, { dirChanged: true, now: '/srv/old', replaced: true }, 40);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(lines.join(' ')).toContain('/srv/captures is now another directory, without them');
  });
});
