import { fold } from '@dondoc/event-store/decider/decider';
import { KeyedLog } from './keyed-log';
import { unitsDecider } from './units/units.decider';
import { UNIT_REGISTERED, UnitsEvent } from './units/units.events';

describe('KeyedLog (the immutable map of the registry and movement states)', () => {
  it('keeps every version as it was: setting returns a new version and leaves the old one alone', () => {
    const one = KeyedLog.empty<number>().set('a', 1);
    const two = one.set('b', 2);
    const three = two.set('a', 3);
    expect(one.entries()).toEqual([['a', 1]]);
    expect(two.entries()).toEqual([['a', 1], ['b', 2]]);
    expect(three.entries()).toEqual([['a', 3], ['b', 2]]);
    expect(two.get('a')).toBe(1);
    expect(three.get('a')).toBe(3);
    expect(three.has('c')).toBe(false);
    expect(three.size).toBe(2);
  });

  it('keeps first-insertion order, like the keys of an object', () => {
    const log = KeyedLog.of([['x', 1], ['y', 2], ['x', 9], ['z', 3]] as const);
    expect(log.values()).toEqual([9, 2, 3]);
  });

  it('serialises as the plain object time travel used to answer', () => {
    expect(JSON.parse(JSON.stringify({ units: KeyedLog.of([['a', { n: 1 }], ['b', { n: 2 }]]) }))).toEqual({ units: { a: { n: 1 }, b: { n: 2 } } });
  });

  it('folds 20,000 registrations without a stack overflow, each unit once', () => {
    const events: UnitsEvent[] = [{ type: UNIT_REGISTERED, data: { unitId: 'p', name: 'Tỉnh', level: 'province', kind: 'tỉnh', parentId: null, validFrom: null, registeredAt: 'x' } }];
    for (let i = 0; i < 20_000; i++) {
      events.push({ type: UNIT_REGISTERED, data: { unitId: `x${i}`, name: `Xã ${i}`, level: 'commune', kind: 'xã', parentId: 'p', validFrom: null, registeredAt: 'x' } });
    }
    const state = fold(unitsDecider, events);
    expect(state.status === 'registered' && state.units.size).toBe(20_001);
    expect(state.status === 'registered' && state.units.get('x19999')?.name).toBe('Xã 19999');
  });
});
