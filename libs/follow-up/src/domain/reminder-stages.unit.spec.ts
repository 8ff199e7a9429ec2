import { vietnamCalendar } from '@dondoc/calendar';
import { spec } from '@dondoc/event-store/testing';
import { committee, officer } from '../testing/follow-up.fixtures';
import { reminderStagesConfigured } from './follow-up.events';
import { reminderStagesDecider } from './reminder-stages.decider';
import { DEFAULT_REMINDER_STAGES, ReminderStage, stageInstances, stageProblems } from './reminder-stages';
import { DEFAULT_WORKING_HOURS } from './working-hours';

const now = '2021-10-02T03:00:00.000Z';
const configure = (stages: ReminderStage[], actor = committee) => ({
  type: 'ConfigureReminderStages' as const,
  data: { planId: 'plan-118', stages, committeeAgency: null },
  metadata: { actor, now },
});

describe('reminder stages', () => {
  const calendar = vietnamCalendar();
  const obligation = (dueAt: string, armedAt = '2021-10-01T00:00:00.000Z') => ({ taskId: 't-1', periodId: 'due', dueAt, armedAt });

  it('the default: 3 working days before, on the due day, 1 after (agency), 3 after (head and monitoring), 7 after (committee)', () => {
    // Due Saturday 20/11/2021 → end of Monday 22/11/2021.
    const stages = stageInstances(obligation('2021-11-22T17:00:00.000Z'), DEFAULT_REMINDER_STAGES, calendar, DEFAULT_WORKING_HOURS);
    expect(stages.map((s) => [s.stageKey, s.fireAt, s.kind, s.to])).toEqual([
      ['before-3', '2021-11-17T00:30:00.000Z', 'reminder', ['agency']], // Wednesday 07:30
      ['due-day', '2021-11-22T00:30:00.000Z', 'reminder', ['agency']], // Monday
      ['after-1', '2021-11-23T00:30:00.000Z', 'reminder', ['agency']],
      ['after-3', '2021-11-25T00:30:00.000Z', 'escalation', ['agency_head', 'monitoring']],
      ['after-7', '2021-12-01T00:30:00.000Z', 'escalation', ['committee']],
    ]);
    expect(stages.every((s) => s.dueDate === '2021-11-22' && s.armed)).toBe(true);
  });

  it('counts working days across Tết: due 30/01/2020, 3 working days before is Monday 20/01/2020', () => {
    const stages = stageInstances(obligation('2020-01-30T17:00:00.000Z', '2019-12-01T00:00:00.000Z'), DEFAULT_REMINDER_STAGES, calendar, DEFAULT_WORKING_HOURS);
    expect(stages[0].fireAt).toBe('2020-01-20T00:30:00.000Z');
    expect(stages[2].fireAt).toBe('2020-01-31T00:30:00.000Z');
  });

  it('a stage due before the obligation came to be (armedAt) is not armed', () => {
    const stages = stageInstances(obligation('2021-11-22T17:00:00.000Z', '2021-11-20T00:00:00.000Z'), DEFAULT_REMINDER_STAGES, calendar, DEFAULT_WORKING_HOURS);
    expect(stages.map((s) => s.armed)).toEqual([false, true, true, true, true]);
  });

  it('a stage at a time outside working hours moves to the next working-hours start', () => {
    const late: ReminderStage = { key: 'evening', offsetWorkingDays: -1, at: '18:00', kind: 'reminder', to: ['agency'] };
    const [stage] = stageInstances(obligation('2021-11-22T17:00:00.000Z'), [late], calendar, DEFAULT_WORKING_HOURS);
    // Friday 19/11 18:00 → Monday 22/11 07:30.
    expect(stage.fireAt).toBe('2021-11-22T00:30:00.000Z');
  });

  it('names every problem of a configuration', () => {
    expect(stageProblems([])).toEqual(['stages: cần ít nhất một mốc nhắc']);
    const problems = stageProblems([
      { key: 'A', offsetWorkingDays: 0.5, at: '25:00', kind: 'other' as never, to: [] },
      { key: 'x', offsetWorkingDays: 1, at: null, kind: 'reminder', to: ['agency'] },
      { key: 'x', offsetWorkingDays: 2, at: null, kind: 'reminder', to: ['agency', 'agency'] },
    ]);
    expect(problems).toEqual([
      expect.stringContaining('stages[0].key'),
      expect.stringContaining('stages[0].offsetWorkingDays'),
      expect.stringContaining('stages[0].at'),
      expect.stringContaining('stages[0].kind'),
      expect.stringContaining('stages[0].to'),
      expect.stringContaining('stages[2].key: "x" bị lặp'),
      expect.stringContaining('stages[2].to: người nhận bị lặp'),
    ]);
  });

  it('given the default, when the committee configures stages, then ReminderStagesConfigured; an officer may not', () => {
    const stages: ReminderStage[] = [{ key: 'due-day', offsetWorkingDays: 0, at: '08:00', kind: 'reminder', to: ['agency'] }];
    spec(reminderStagesDecider)
      .given([])
      .when(configure(stages))
      .then([reminderStagesConfigured({ planId: 'plan-118', stages, committeeAgency: null, configuredAt: now })]);
    spec(reminderStagesDecider).given([]).when(configure(stages, officer)).thenThrows('ROLE_NOT_ALLOWED');
    spec(reminderStagesDecider).given([]).when(configure([])).thenThrows('REMINDER_STAGES_INVALID');
  });
});
