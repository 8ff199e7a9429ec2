import { vietnamCalendar } from '@dondoc/calendar';
import { Actor } from '@dondoc/platform/auth/actor';
import { PlanIssuedData } from '@dondoc/tasking/domain/plan.events';
import { evolveTask, initialTaskState, TaskState } from '@dondoc/tasking/domain/task.decider';
import { TaskAssignedData, TaskEvent, TaskEventType, TASK_EVENT_SCHEMA_VERSIONS } from '@dondoc/tasking/domain/task.events';
import { DEFAULT_STAGES_CONFIG } from '../domain/reminder-stages';
import { StageTruth } from '../domain/stage-firing';
import { DEFAULT_WORKING_HOURS } from '../domain/working-hours';

/** Test data shared by the follow-up unit and integration specs: real dates, Vietnamese text. */
export const admin: Actor = { userId: 'u-admin', role: 'admin', agency: null };
export const committee: Actor = { userId: 'u-bcd', role: 'committee', agency: null };
export const monitoring: Actor = { userId: 'u-so-kh', role: 'monitoring', agency: 'SO_KHDT' };
export const officer: Actor = { userId: 'u-so-y-te', role: 'agency', agency: 'SO_Y_TE' };
export const system: Actor = { userId: 'system', role: 'system', agency: null };

export const PLAN: PlanIssuedData = {
  planId: 'plan-118',
  number: '118/KH-UBND',
  issuerAgency: 'UBND_TINH',
  issuedOn: '2021-10-01',
  title: 'Kế hoạch kiểm tra an toàn thực phẩm',
  period: { start: '2021-10-01', end: '2022-12-31' },
  objectives: [],
  monitoringAgency: 'SO_KHDT',
  defaultReportingSchedule: null,
  issuedAt: '2021-10-01T02:00:00.000Z',
};

/** Due Saturday 20/11/2021, which moves to Monday 22/11/2021 (Civil Code art. 148). */
export const ASSIGNED: TaskAssignedData = {
  taskId: 't-1',
  planId: PLAN.planId,
  title: 'Kiểm tra an toàn thực phẩm dịp Tết',
  text: '',
  leadAgency: 'SO_Y_TE',
  coordinatingAgencies: [],
  partners: [],
  dueDate: '2021-11-20',
  reportingSchedule: null,
  sourceRef: null,
  assignedAt: '2021-10-05T02:00:00.000Z',
};

export function taskEvent<K extends keyof typeof TaskEventType>(type: K, data: Record<string, unknown>): TaskEvent {
  return { type: TaskEventType[type], schemaVersion: TASK_EVENT_SCHEMA_VERSIONS[type], data } as unknown as TaskEvent;
}

export function taskState(...events: TaskEvent[]): TaskState {
  return [taskEvent('TaskAssigned', { ...ASSIGNED }), ...events].reduce(evolveTask, initialTaskState());
}

export function truth(task: TaskState, overrides: Partial<StageTruth> = {}): StageTruth {
  return {
    task,
    plan: PLAN,
    config: DEFAULT_STAGES_CONFIG,
    calendar: vietnamCalendar(),
    hours: DEFAULT_WORKING_HOURS,
    sent: new Set(),
    ...overrides,
  };
}
