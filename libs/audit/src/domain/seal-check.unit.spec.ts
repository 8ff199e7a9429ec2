import { buildSeal, decodeLeaves, encodeLeaves, eventsDigest, sealHash, SealedEventRef } from './seal-digest';
import { checkSealLink, checkSealRange } from './seal-check';
import { ProblemList } from './verify-report';

const ref = (globalPosition: number, n: number): SealedEventRef => ({
  globalPosition,
  streamId: `task-${n % 3}`,
  streamVersion: Math.floor(n / 3) + 1,
  hash: n.toString(16).padStart(64, '0'),
});

describe('seals', () => {
  const events = [4097, 4098, 8193, 12289, 12290].map(ref);
  const leaves = decodeLeaves(encodeLeaves(events));
  const seal = buildSeal(null, events, '2020-01-01T00:00:00.000Z');

  it('build a contiguous hash chain from position 1', () => {
    const next = buildSeal(seal, [ref(16385, 9)], '2020-01-01T00:00:05.000Z');
    expect(seal).toMatchObject({ sealNo: 1, fromPosition: 1, toPosition: 12290, eventCount: 5, prevSealHash: null });
    expect(next).toMatchObject({ sealNo: 2, fromPosition: 12291, toPosition: 16385, prevSealHash: seal.sealHash });
    expect(sealHash(next)).toBe(next.sealHash);
    expect(checkSealLink(seal, null)).toEqual([]);
    expect(checkSealLink(next, seal)).toEqual([]);
    expect(leaves).toEqual(events.map(({ globalPosition, streamVersion, hash }) => ({ globalPosition, streamVersion, hash })));
  });

  it('accept the events they sealed', () => {
    expect(eventsDigest(events)).toBe(seal.eventsDigest);
    expect(checkSealRange(seal, leaves, events)).toEqual([]);
  });

  it('name a sealed event that is gone', () => {
    expect(checkSealRange(seal, leaves, events.filter((e) => e.globalPosition !== 12290))).toEqual([
      expect.objectContaining({ kind: 'missing', position: 12290, sealNo: 1 }),
    ]);
  });

  it('name an event inserted into a sealed range', () => {
    const inserted = [...events.slice(0, 2), ref(4099, 7), ...events.slice(2)];
    expect(checkSealRange(seal, leaves, inserted)).toEqual([expect.objectContaining({ kind: 'inserted', position: 4099 })]);
  });

  it('name swapped positions as reordered', () => {
    const swapped = events.map((e) =>
      e.globalPosition === 4098 ? { ...events[2], globalPosition: 4098 } : e.globalPosition === 8193 ? { ...events[1], globalPosition: 8193 } : e,
    );
    const problems = checkSealRange(seal, leaves, swapped);
    expect(problems.map((p) => [p.kind, p.position])).toEqual([
      ['reordered', 4098],
      ['reordered', 8193],
    ]);
  });

  it('name a changed hash, and a range that differs although its leaves agree', () => {
    const changed = events.map((e) => (e.globalPosition === 8193 ? { ...e, hash: 'f'.repeat(64) } : e));
    expect(checkSealRange(seal, leaves, changed)).toEqual([expect.objectContaining({ kind: 'changed', position: 8193 })]);
    const renamed = events.map((e) => (e.globalPosition === 8193 ? { ...e, streamId: 'task-x' } : e));
    expect(checkSealRange(seal, leaves, renamed)).toEqual([expect.objectContaining({ check: 'seal-range', position: 1 })]);
  });

  it('name an altered or missing seal', () => {
    const next = buildSeal(seal, [ref(16385, 9)], '2020-01-01T00:00:05.000Z');
    expect(checkSealLink({ ...seal, eventCount: 4 }, null)).toEqual([expect.objectContaining({ kind: 'changed', sealNo: 1 })]);
    const third = buildSeal(next, [ref(20481, 10)], '2020-01-01T00:00:10.000Z');
    expect(checkSealLink(third, seal).map((p) => p.kind)).toEqual(['missing', 'missing', 'inserted']);
  });

  it('keep the lowest positions when problems overflow, and drop range problems that a precise one explains', () => {
    const list = new ProblemList(2);
    const p = (position: number, check: 'seal-event' | 'seal-range' = 'seal-event') =>
      ({ kind: 'changed', position, check, streamId: null, streamVersion: null, sealNo: 1, message: '' }) as const;
    list.add(p(9), p(5), p(7), p(3), p(8), p(6));
    expect(list.list().map((x) => x.position)).toEqual([3, 5]);
    expect(list.truncated).toBe(true);
    const explained = new ProblemList(10);
    explained.add(p(1, 'seal-range'), p(4));
    explained.dropExplained({ from: 1, to: 10, sealNo: 1 });
    expect(explained.list().map((x) => [x.position, x.check])).toEqual([[4, 'seal-event']]);
  });
});
