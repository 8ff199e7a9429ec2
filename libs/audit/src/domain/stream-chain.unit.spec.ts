import { chainedStream } from './audit-fixtures';
import { checkStreamChain, recomputeLink } from './stream-chain';

describe('stream hash chain check', () => {
  const stream = () => chainedStream('task-1', [4097, 8193, 12289, 16385]);

  it('accepts an intact stream', () => {
    const events = stream();
    expect(recomputeLink(events[2])).toBe(events[2].hash);
    expect(checkStreamChain(events)).toEqual([]);
  });

  it('names a changed event', () => {
    const events = stream();
    events[1] = { ...events[1], data: { n: 1, text: 'đã sửa' } };
    expect(checkStreamChain(events)).toEqual([expect.objectContaining({ kind: 'changed', position: 8193, streamVersion: 2 })]);
  });

  it('names a version gap as missing where the chain resumes', () => {
    const events = stream();
    events.splice(1, 1);
    expect(checkStreamChain(events)).toEqual([expect.objectContaining({ kind: 'missing', position: 12289, streamVersion: 3 })]);
  });

  it('names a forged event that does not link to its predecessor as inserted', () => {
    const events = stream();
    const forged = chainedStream('task-1', [20481, 24577, 28673, 32769, 36865])[4];
    expect(checkStreamChain([...events, { ...forged, prevHash: 'ab'.repeat(32) }])).toEqual([
      expect.objectContaining({ kind: 'changed', position: 36865 }),
      expect.objectContaining({ kind: 'inserted', position: 36865 }),
    ]);
  });

  it('names swapped versions as reordered', () => {
    const events = stream();
    // Versions 2 and 3 swapped in place (positions kept): version order no longer follows the chain.
    const swapped = [events[0], { ...events[2], streamVersion: 2 }, { ...events[1], streamVersion: 3 }, events[3]];
    const problems = checkStreamChain(swapped);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.kind === 'reordered')).toBe(true);
    expect(Math.min(...problems.map((p) => p.position))).toBe(8193);
  });
});
