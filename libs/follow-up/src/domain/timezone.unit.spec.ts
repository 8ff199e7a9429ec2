/**
 * Stage times and messages must not depend on the TZ of the worker process: each case runs in a
 * child Node process started with another TZ and is compared.
 */
import { execFileSync } from 'child_process';
import { join } from 'path';

const REPO_ROOT = join(__dirname, '../../../..');

const PROBE = `
const { vietnamCalendar } = require(${JSON.stringify(join(REPO_ROOT, 'libs/calendar/src/index.ts'))});
const s = require(${JSON.stringify(join(__dirname, 'reminder-stages.ts'))});
const f = require(${JSON.stringify(join(__dirname, 'stage-firing.ts'))});
const w = require(${JSON.stringify(join(__dirname, 'working-hours.ts'))});
const { taskState, truth } = require(${JSON.stringify(join(__dirname, '../testing/follow-up.fixtures.ts'))});
const calendar = vietnamCalendar();
const obligations = [
  { taskId: 't', periodId: 'due', dueAt: '2021-11-22T17:00:00.000Z', armedAt: '2021-01-01T00:00:00.000Z' },
  // Due around the US DST changes of 2021 (14 March, 7 November).
  { taskId: 't', periodId: 'm', dueAt: '2021-03-15T17:00:00.000Z', armedAt: '2021-01-01T00:00:00.000Z' },
  { taskId: 't', periodId: 'n', dueAt: '2021-11-08T17:00:00.000Z', armedAt: '2021-01-01T00:00:00.000Z' },
];
const t = truth(taskState());
const decision = f.decideStage(t, { taskId: 't-1', periodId: 'due', stageKey: 'after-3', dueAt: '2021-11-22T17:00:00.000Z' }, '2021-11-26T02:00:00.000Z');
process.stdout.write(JSON.stringify({
  offset: new Date(2021, 6, 15).getTimezoneOffset(),
  stages: obligations.map((o) => s.stageInstances(o, s.DEFAULT_REMINDER_STAGES, calendar, w.DEFAULT_WORKING_HOURS).map((x) => x.fireAt)),
  text: f.stageMessageData(t, decision, { now: '2021-11-26T02:00:00.000Z', calendar, hours: w.DEFAULT_WORKING_HOURS, digestAtMinutes: 990, agencyNames: new Map(), contacts: new Map() }).text,
}));
`;

const probe = (tz: string) =>
  JSON.parse(execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', PROBE], { cwd: REPO_ROOT, env: { ...process.env, TZ: tz }, encoding: 'utf8' }));

describe('stage times are the same whatever the process TZ', () => {
  it('TZ=UTC and TZ=America/New_York give the same instants and the same Vietnamese text', () => {
    const utc = probe('UTC');
    const newYork = probe('America/New_York');
    expect([utc.offset, newYork.offset]).toEqual([0, 240]);
    expect(newYork.stages).toEqual(utc.stages);
    expect(newYork.text).toEqual(utc.text);
    expect(utc.stages[0]).toEqual([
      '2021-11-17T00:30:00.000Z',
      '2021-11-22T00:30:00.000Z',
      '2021-11-23T00:30:00.000Z',
      '2021-11-25T00:30:00.000Z',
      '2021-12-01T00:30:00.000Z',
    ]);
    expect(utc.text).toContain('gửi muộn so với lịch (07:30 25/11/2021)');
  }, 60_000);
});
