import { ReportingSchedule } from '@dondoc/calendar/reporting-schedule';
import { AGENCY_KINDS, AGENCY_LEVELS, AgencyKind, AgencyLevel } from '../../domain/agency.commands';
import { deterministicUuid } from '../deterministic-id';
import { RegisterAgencyInput } from '../register-agency/register-agency.command';
import { IssuePlanInput } from '../issue-plan/issue-plan.command';
import { AssignTaskInput } from '../assign-task/assign-task.command';
import { FixtureAgenciesFile, FixtureAgencyRef, FixturePlanFile, FixtureRecurrence, FixtureTask } from './fixture-plan';

/** Namespace of every id the importer derives; changing it would make re-imports append again. */
const ID_NAMESPACE = 'dondoc-import-v1';

/** One command the import will send, with the deterministic command id that makes it idempotent. */
export type ImportStep =
  | { kind: 'agency'; commandId: string; label: string; input: RegisterAgencyInput }
  | { kind: 'plan'; commandId: string; label: string; input: IssuePlanInput }
  | { kind: 'task'; commandId: string; label: string; planId: string; input: AssignTaskInput };

export interface ImportPlanMapping {
  fixtureKey: string;
  planId: string;
  /** Shared by every event of the import. */
  correlationId: string;
  steps: ImportStep[];
  /** Tasks that could not be assigned (no due date, no schedule, no plan default), with the reason. */
  warnings: string[];
}

export class FixtureError extends Error {
  override name = 'FixtureError';
}

export const planIdFor = (fixtureKey: string): string => deterministicUuid(ID_NAMESPACE, fixtureKey, 'plan');
export const taskIdFor = (fixtureKey: string, fixtureTaskId: string): string =>
  deterministicUuid(ID_NAMESPACE, fixtureKey, 'task', fixtureTaskId);

/**
 * Turns a fixture plan into commands, deterministically: the same files always give the same
 * ids and command ids, so importing twice appends nothing the second time.
 *
 * Readings (see docs in fixtures/README.md):
 * - every agency code the plan file mentions anywhere is registered, including collective
 *   addressees (`UBND_HUYEN` = all district committees, `SO_BAN_NGANH_TINH` = all departments):
 *   a collective is registered as one agency of its own with `collective: true`, since the
 *   plan assigns to it as one addressee; fanning out to its members needs a member list that
 *   the fixtures do not have. Agency command ids do not depend on the plan, so plans sharing
 *   an agency register it once;
 * - the first assignee with a code is the lead (chủ trì); further assignees and the
 *   coordinating agencies with a code coordinate (phối hợp); partners without a code
 *   (`các ngành chức năng`) are kept as text only;
 * - a task without a coded assignee goes to its `default_lead`, else to the plan's monitoring agency;
 * - a task's own reporting recurrence wins; else the plan's first reporting obligation;
 *   a task with neither that nor a dated deadline is not assigned and is reported as a warning.
 */
export function mapFixturePlan(plan: FixturePlanFile, agencies: FixtureAgenciesFile): ImportPlanMapping {
  checkShape(plan, agencies);
  const fixtureKey = plan.fixture.key;
  const planId = planIdFor(fixtureKey);
  const id = (...parts: string[]) => deterministicUuid(ID_NAMESPACE, ...parts);
  const steps: ImportStep[] = [];
  const warnings: string[] = [];

  const byCode = new Map(agencies.agencies.map((a) => [a.code, a]));
  const codes = [...mentionedCodes(plan)].sort();
  const unknown = codes.filter((code) => !byCode.has(code));
  if (unknown.length) throw new FixtureError(`${fixtureKey}: agency codes missing from agencies.json: ${unknown.join(', ')}`);
  for (const code of codes) {
    const agency = byCode.get(code)!;
    steps.push({
      kind: 'agency',
      commandId: id('agency', code),
      label: `agency ${code}`,
      input: {
        code,
        nameVi: agency.name_vi,
        nameEn: agency.name_en ?? null,
        level: (AGENCY_LEVELS as readonly string[]).includes(agency.level) ? (agency.level as AgencyLevel) : 'multi',
        kind: (AGENCY_KINDS as readonly string[]).includes(agency.kind) ? (agency.kind as AgencyKind) : 'other',
        collective: agency.collective === true,
      },
    });
  }

  const issuer = requireCode(plan.document.issuer, `${fixtureKey}: document.issuer`);
  const monitoringAgency = plan.monitoring?.monitoring_agency?.agency_code ?? issuer;
  const defaultSchedule =
    (plan.reporting_obligations ?? []).map((o) => toSchedule(o.recurrence, plan.period.start)).find((s) => s !== null) ?? null;
  steps.push({
    kind: 'plan',
    commandId: id(fixtureKey, 'plan'),
    label: `plan ${plan.document.number}`,
    input: {
      planId,
      number: plan.document.number,
      issuerAgency: issuer,
      issuedOn: plan.document.issued_on,
      title: plan.document.title_vi ?? plan.document.number,
      period: { start: plan.period.start, end: plan.period.end ?? null },
      objectives: (plan.objectives ?? []).map((o) => o.text_vi),
      monitoringAgency,
      defaultReportingSchedule: defaultSchedule,
    },
  });

  for (const task of plan.tasks) {
    const reportingSchedule = toSchedule(task.reporting?.recurrence, plan.period.start) ?? defaultSchedule;
    const dueDate = task.deadline?.date ?? null;
    if (reportingSchedule === null && dueDate === null) {
      warnings.push(`${task.id}: no due date and no reporting schedule (neither in the task nor in the plan); not assigned`);
      continue;
    }
    const named = [...task.assignees, ...(task.coordinating_agencies ?? [])];
    const coded = unique(named.map((a) => a.agency_code).filter((c): c is string => !!c));
    const lead = task.assignees.find((a) => a.agency_code)?.agency_code ?? task.default_lead?.agency_code ?? monitoringAgency;
    steps.push({
      kind: 'task',
      commandId: id(fixtureKey, 'task', task.id),
      label: `task ${task.id}`,
      planId,
      input: {
        taskId: taskIdFor(fixtureKey, task.id),
        title: titleOf(task),
        text: task.text_vi,
        leadAgency: lead,
        coordinatingAgencies: coded.filter((code) => code !== lead),
        partners: unique(named.filter((a) => !a.agency_code).map((a) => a.name_vi)),
        dueDate,
        reportingSchedule,
        sourceRef: task.id,
      },
    });
  }

  return { fixtureKey, planId, correlationId: id(fixtureKey), steps, warnings };
}

/** Every `agency_code` anywhere in the plan file (issuer, assignees, references, monitoring …). */
function mentionedCodes(plan: FixturePlanFile): Set<string> {
  const codes = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'agency_code' && typeof inner === 'string') codes.add(inner);
      else walk(inner);
    }
  };
  walk(plan);
  return codes;
}

/** A fixture recurrence as a calendar schedule; null for the kinds with no computable deadline. */
export function toSchedule(recurrence: FixtureRecurrence | null | undefined, planStart: string): ReportingSchedule | null {
  if (!recurrence) return null;
  const relation = recurrence.relation === 'before' ? 'before' : 'on';
  switch (recurrence.kind) {
    case 'monthly':
      return Number.isInteger(recurrence.day) ? { kind: 'monthly', day: recurrence.day!, relation } : null;
    case 'yearly':
      return Number.isInteger(recurrence.month) && Number.isInteger(recurrence.day)
        ? { kind: 'yearly', month: recurrence.month!, day: recurrence.day!, relation }
        : null;
    case 'interval': {
      const months = monthsOf(recurrence.every);
      return months ? { kind: 'interval', everyMonths: months, anchor: recurrence.anchor ?? planStart, relation } : null;
    }
    case 'once':
      return recurrence.date ? { kind: 'once', date: recurrence.date, relation } : null;
    default:
      // yearly_month, periodic_unspecified: the text fixes no date.
      return null;
  }
}

function monthsOf(duration: string | null | undefined): number | null {
  const match = /^P(\d+)([MY])$/.exec(duration ?? '');
  if (!match) return null;
  return Number(match[1]) * (match[2] === 'Y' ? 12 : 1);
}

/** The task's first sentence, shortened on a word boundary; the full text stays in `text`. */
function titleOf(task: FixtureTask): string {
  const first = task.text_vi.split(/(?<=[.;:])\s/)[0].replace(/[.;:]$/, '').trim();
  if (first.length <= 160) return first;
  const cut = first.slice(0, 160);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 80 ? cut.lastIndexOf(' ') : 160)}…`;
}

function requireCode(ref: FixtureAgencyRef | null | undefined, where: string): string {
  if (!ref?.agency_code) throw new FixtureError(`${where}: an agency code is required`);
  return ref.agency_code;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function checkShape(plan: FixturePlanFile, agencies: FixtureAgenciesFile): void {
  const problems: string[] = [];
  if (!plan?.fixture?.key) problems.push('fixture.key');
  if (!plan?.document?.number) problems.push('document.number');
  if (!plan?.document?.issued_on) problems.push('document.issued_on');
  if (!plan?.period?.start) problems.push('period.start');
  if (!Array.isArray(plan?.tasks)) problems.push('tasks[]');
  if (!Array.isArray(agencies?.agencies)) problems.push('agencies.json: agencies[]');
  if (problems.length) throw new FixtureError(`not a dondoc fixture plan: missing ${problems.join(', ')}`);
}
