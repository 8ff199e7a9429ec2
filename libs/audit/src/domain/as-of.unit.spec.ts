import { prefixAsOf } from './as-of';
import { StreamKindRegistry, streamKind } from './stream-kinds';

const at = (occurredAt: string) => ({ metadata: { occurredAt } as never });

describe('as of an instant', () => {
  it('keeps the prefix of events that occurred at or before the instant', () => {
    const events = [at('2020-01-01T00:00:00Z'), at('2020-01-10T00:00:00Z'), at('2020-01-05T00:00:00Z')];
    expect(prefixAsOf(events, new Date('2020-01-10T00:00:00Z'))).toHaveLength(3);
    expect(prefixAsOf(events, new Date('2020-01-09T00:00:00+07:00'))).toHaveLength(1);
    expect(prefixAsOf(events, new Date('2019-12-31T00:00:00Z'))).toHaveLength(0);
  });

  it('resolves the longest registered prefix, and refuses a prefix twice', () => {
    const fold = { initialState: () => 0, evolve: (s: number) => s + 1 };
    const registry = new StreamKindRegistry([streamKind('task-', 'task', fold), streamKind('task-report-', 'report', fold)]);
    expect(registry.resolve('task-report-1')?.name).toBe('report');
    expect(registry.resolve('task-1')?.name).toBe('task');
    expect(registry.resolve('commune-1')).toBeNull();
    expect(() => registry.register(streamKind('task-', 'again', fold))).toThrow(/already registered/);
  });
});
