/**
 * The calendar must give the same instants whatever the TZ of the process. Each case runs the
 * library in a child Node process started with a different TZ (and compares with this one).
 */
import { execFileSync } from 'child_process';
import { join } from 'path';

const REPO_ROOT = join(__dirname, '../../..');
const LIBRARY = join(__dirname, 'index.ts');

/** Runs in the child: computes deadlines and day boundaries, and reports the child's own UTC offset. */
const PROBE = `
const c = require(${JSON.stringify(LIBRARY)});
const calendar = c.vietnamCalendar();
const monthly = { kind: 'monthly', day: 31, relation: 'on' };
process.stdout.write(JSON.stringify({
  utcOffsetMinutesOn2021_01_15: new Date(2021, 0, 15).getTimezoneOffset(),
  utcOffsetMinutesOn2021_07_15: new Date(2021, 6, 15).getTimezoneOffset(),
  deadlines: ['2021-11-20', '2020-01-25', '2024-03-31', '2021-03-14', '2021-11-07'].map((d) => c.dueDateOf(d, calendar)),
  plan118: c.reportingPeriods({ kind: 'monthly', day: 20, relation: 'on' }, { from: '2019-11-21', to: '2020-04-22' }, calendar),
  monthEnds: c.reportingPeriods(monthly, { from: '2023-01-01', to: '2024-12-31' }, calendar).map((p) => p.dueAt),
  localDates: ['2021-03-14T06:30:00Z', '2021-11-07T05:30:00Z', '2021-11-20T17:00:00Z', '2021-11-20T16:59:59.999Z'].map((i) => c.localDateOf(new Date(i))),
  startOfDay: c.startOfLocalDay('2021-03-14'),
  tet1985: c.lunarNewYear(1985),
  status: c.statusClass({ dueAt: '2021-11-22T17:00:00.000Z' }, new Date('2021-11-16T17:00:00.000Z'), calendar),
}));
`;

function probe(tz: string): Record<string, unknown> {
  const output = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', PROBE], {
    cwd: REPO_ROOT,
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

describe('independence from the process time zone', () => {
  let utc: Record<string, unknown>;
  let newYork: Record<string, unknown>;

  beforeAll(() => {
    utc = probe('UTC');
    newYork = probe('America/New_York');
  }, 60_000);

  it('the children really ran in different zones (New York observes DST)', () => {
    expect([utc.utcOffsetMinutesOn2021_01_15, utc.utcOffsetMinutesOn2021_07_15]).toEqual([0, 0]);
    expect([newYork.utcOffsetMinutesOn2021_01_15, newYork.utcOffsetMinutesOn2021_07_15]).toEqual([300, 240]);
  });

  it('due instants, periods and local dates are identical under TZ=UTC and TZ=America/New_York', () => {
    const { utcOffsetMinutesOn2021_01_15: _a, utcOffsetMinutesOn2021_07_15: _b, ...utcResults } = utc;
    const { utcOffsetMinutesOn2021_01_15: _c, utcOffsetMinutesOn2021_07_15: _d, ...newYorkResults } = newYork;
    expect(newYorkResults).toEqual(utcResults);
  });

  it('and they are the Vietnamese instants (end of the due day at UTC+7), including on US DST change days', () => {
    expect((utc.deadlines as Array<{ dueAt: string }>).map((d) => d.dueAt)).toEqual([
      '2021-11-22T17:00:00.000Z',
      '2020-01-30T17:00:00.000Z',
      '2024-04-01T17:00:00.000Z',
      '2021-03-15T17:00:00.000Z', // Sunday 14/03/2021 (US DST starts) → Monday
      '2021-11-08T17:00:00.000Z', // Sunday 07/11/2021 (US DST ends) → Monday
    ]);
    expect(utc.localDates).toEqual(['2021-03-14', '2021-11-07', '2021-11-21', '2021-11-20']);
    expect(utc.startOfDay).toBe('2021-03-13T17:00:00.000Z');
    expect(utc.tet1985).toBe('1985-01-21');
    expect(utc.status).toBe('due_soon');
  });
});
