import { AgencyEventType, AgencyRegistered, AgencySucceeded } from '@dondoc/tasking/domain/agency.events';
import { TaskEvent, TaskEventType } from '@dondoc/tasking/domain/task.events';
import { assertNever } from '@dondoc/event-store/decider/decider';
import { ProjectedEvent, Projection, ProjectionTables } from '../../engine/projection';
import { TableBuffer } from '../../engine/table-buffer';
import {
  AGENCY_SCORECARD,
  AGENCY_SCORECARD_TASKS,
  AGENCY_SUCCESSIONS,
  AgencyScorecardRow,
  AgencySuccessionRow,
  ScorecardTaskRow,
} from './agency-scorecard.tables';

/** Persisted name (checkpoint row, CLI argument): never rename. */
export const AGENCY_SCORECARD_PROJECTION = 'agency-scorecard';

type ScorecardEvent = TaskEvent | AgencyRegistered | AgencySucceeded;

export interface ScorecardRows {
  agencies: TableBuffer<AgencyScorecardRow>;
  tasks: TableBuffer<ScorecardTaskRow>;
  successions: TableBuffer<AgencySuccessionRow>;
}

type Counter = Exclude<keyof AgencyScorecardRow, 'agency_code' | 'name_vi' | 'level' | 'kind' | 'last_position'>;

const emptyScorecard = (code: string): AgencyScorecardRow => ({
  agency_code: code,
  name_vi: null,
  level: null,
  kind: null,
  tasks_lead: 0,
  tasks_open: 0,
  tasks_completed: 0,
  tasks_cancelled: 0,
  tasks_coordinating: 0,
  reports_submitted: 0,
  reports_late: 0,
  reports_accepted: 0,
  reports_returned: 0,
  extensions_requested: 0,
  extensions_granted: 0,
  reassigned_in: 0,
  reassigned_out: 0,
  last_position: 0,
});

/**
 * Agency scorecards: what each agency leads, coordinates, reported, and how it went; and the
 * agency successions, which the queries apply at their clock time (the counters stay with the
 * agency that did the work, the queries add a predecessor's to its successor's).
 */
export function createAgencyScorecardProjection(): Projection {
  return {
    name: AGENCY_SCORECARD_PROJECTION,
    tables: [AGENCY_SCORECARD, AGENCY_SCORECARD_TASKS, AGENCY_SUCCESSIONS],
    eventTypes: new Set<string>([AgencyEventType.AgencyRegistered, AgencyEventType.AgencySucceeded, ...Object.values(TaskEventType)]),
    async apply(events: readonly ProjectedEvent[], tables: ProjectionTables): Promise<void> {
      const rows: ScorecardRows = {
        agencies: tables.table(AGENCY_SCORECARD),
        tasks: tables.table(AGENCY_SCORECARD_TASKS),
        successions: tables.table(AGENCY_SUCCESSIONS),
      };
      const taskIds = new Set<string>();
      const codes = new Set<string>();
      const succeeded = new Set<string>();
      for (const event of events) {
        const e = event as unknown as ScorecardEvent;
        if (e.type === AgencyEventType.AgencyRegistered) {
          codes.add(e.data.code);
          continue;
        }
        if (e.type === AgencyEventType.AgencySucceeded) {
          succeeded.add(e.data.code);
          continue;
        }
        taskIds.add(e.data.taskId);
        if (e.type === TaskEventType.TaskAssigned) [e.data.leadAgency, ...e.data.coordinatingAgencies].forEach((c) => codes.add(c));
        if (e.type === TaskEventType.TaskReassigned) [e.data.previousLeadAgency, e.data.newLeadAgency].forEach((c) => codes.add(c));
      }
      // Two phases: report events name only the task, whose row says which agency answers for it.
      await rows.tasks.load([...taskIds].map((task_id) => ({ task_id })));
      for (const taskId of taskIds) {
        const task = rows.tasks.get({ task_id: taskId });
        if (task) [task.lead_agency, ...task.coordinating_agencies].forEach((c) => codes.add(c));
      }
      // Started together: the batch's tables send them in one round trip.
      await Promise.all([
        rows.agencies.load([...codes].map((agency_code) => ({ agency_code }))),
        succeeded.size ? rows.successions.load([...succeeded].map((agency_code) => ({ agency_code }))) : null,
      ]);
      for (const event of events) evolveScorecard(rows, event);
    },
  };
}

export function evolveScorecard(rows: ScorecardRows, recorded: ProjectedEvent): void {
  const event = recorded as unknown as ScorecardEvent;
  const position = recorded.globalPosition;
  const bump = (code: string, changes: Partial<Record<Counter, number>>) => {
    const row = { ...(rows.agencies.get({ agency_code: code }) ?? emptyScorecard(code)), last_position: position };
    for (const [counter, delta] of Object.entries(changes) as [Counter, number][]) row[counter] += delta;
    rows.agencies.put(row);
  };

  if (event.type === AgencyEventType.AgencyRegistered) {
    const d = event.data;
    const row = rows.agencies.get({ agency_code: d.code }) ?? emptyScorecard(d.code);
    rows.agencies.put({ ...row, name_vi: d.nameVi, level: d.level, kind: d.kind, last_position: position });
    return;
  }
  if (event.type === AgencyEventType.AgencySucceeded) {
    const d = event.data;
    // Recorded once per agency (the decider refuses a second): a replayed event changes nothing.
    if (rows.successions.get({ agency_code: d.code })) return;
    rows.successions.put({
      agency_code: d.code,
      successor_code: d.successorCode,
      effective_on: d.effectiveOn,
      effective_at: d.effectiveAt,
      reason: d.reason,
      recorded_at: d.recordedAt,
      last_position: position,
    });
    return;
  }
  if (event.type === TaskEventType.TaskAssigned) {
    const d = event.data;
    if (rows.tasks.get({ task_id: d.taskId })) return;
    rows.tasks.put({ task_id: d.taskId, lead_agency: d.leadAgency, coordinating_agencies: [...d.coordinatingAgencies], lifecycle: 'active' });
    bump(d.leadAgency, { tasks_lead: 1, tasks_open: 1 });
    for (const code of d.coordinatingAgencies) bump(code, { tasks_coordinating: 1 });
    return;
  }
  const task = rows.tasks.get({ task_id: event.data.taskId });
  if (!task) return;
  const lead = task.lead_agency;
  switch (event.type) {
    case TaskEventType.ReportSubmitted:
      bump(lead, { reports_submitted: 1, reports_late: event.data.late ? 1 : 0 });
      break;
    case TaskEventType.ReportAccepted:
      bump(lead, { reports_accepted: 1 });
      break;
    case TaskEventType.ReportReturned:
      bump(lead, { reports_returned: 1 });
      break;
    case TaskEventType.ExtensionRequested:
      bump(lead, { extensions_requested: 1 });
      break;
    case TaskEventType.ExtensionGranted:
      bump(lead, { extensions_granted: 1 });
      break;
    case TaskEventType.ExtensionRefused:
      break;
    case TaskEventType.TaskReassigned: {
      const d = event.data;
      const open = task.lifecycle === 'active' ? 1 : 0;
      bump(lead, { tasks_lead: -1, tasks_open: -open, reassigned_out: 1 });
      const wasCoordinating = task.coordinating_agencies.includes(d.newLeadAgency);
      bump(d.newLeadAgency, { tasks_lead: 1, tasks_open: open, reassigned_in: 1, tasks_coordinating: wasCoordinating ? -1 : 0 });
      rows.tasks.put({
        ...task,
        lead_agency: d.newLeadAgency,
        coordinating_agencies: task.coordinating_agencies.filter((c) => c !== d.newLeadAgency),
      });
      break;
    }
    case TaskEventType.TaskCompleted:
      if (task.lifecycle !== 'active') break;
      bump(lead, { tasks_open: -1, tasks_completed: 1 });
      rows.tasks.put({ ...task, lifecycle: 'completed' });
      break;
    case TaskEventType.TaskCancelled:
      if (task.lifecycle !== 'active') break;
      bump(lead, { tasks_open: -1, tasks_cancelled: 1 });
      rows.tasks.put({ ...task, lifecycle: 'cancelled' });
      break;
    default:
      assertNever(event, 'task event');
  }
}
