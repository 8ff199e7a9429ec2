import { WorkingCalendar } from '@dondoc/calendar';
import { instantMs, localDateOf } from '@dondoc/calendar/local-date';
import { stageIdOf } from './follow-up.ids';
import { Instant, LocalDate, STAGE_KINDS, STAGE_RECIPIENTS, StageKind, StageRecipient } from './follow-up.types';
import { localInstantMs, nextWorkingInstantMs, parseLocalTime, WorkingHours } from './working-hours';

/**
 * One reminder stage of a plan's configuration: a number of working days from the due date, a
 * time of day, and who is addressed. `key` is persisted in stage ids, job ids and events.
 */
export interface ReminderStage {
  key: string;
  /** Working days from the due date: negative before it, 0 on it, positive after it. */
  offsetWorkingDays: number;
  /** Local time `HH:MM`; null = the start of working hours. A time outside them moves to the next start. */
  at: string | null;
  /** `escalation` stages append ObligationEscalated instead of ReminderSent. */
  kind: StageKind;
  to: StageRecipient[];
}

/**
 * The default of issue 4: 3 working days before the deadline, on the deadline day, 1 working day
 * after (to the agency), 3 working days after (to the agency head and the monitoring agency),
 * 7 working days after (to the steering committee).
 */
export const DEFAULT_REMINDER_STAGES: readonly ReminderStage[] = Object.freeze([
  { key: 'before-3', offsetWorkingDays: -3, at: null, kind: 'reminder', to: ['agency'] },
  { key: 'due-day', offsetWorkingDays: 0, at: null, kind: 'reminder', to: ['agency'] },
  { key: 'after-1', offsetWorkingDays: 1, at: null, kind: 'reminder', to: ['agency'] },
  { key: 'after-3', offsetWorkingDays: 3, at: null, kind: 'escalation', to: ['agency_head', 'monitoring'] },
  { key: 'after-7', offsetWorkingDays: 7, at: null, kind: 'escalation', to: ['committee'] },
] satisfies ReminderStage[]);

/** A plan's stages; `configuredAt` is null for the default. */
export interface ReminderStagesConfig {
  stages: readonly ReminderStage[];
  committeeAgency: string | null;
  configuredAt: Instant | null;
}

export const DEFAULT_STAGES_CONFIG: ReminderStagesConfig = Object.freeze({
  stages: DEFAULT_REMINDER_STAGES,
  committeeAgency: null,
  configuredAt: null,
});

export const STAGE_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const MAX_STAGES = 12;
export const MAX_OFFSET_WORKING_DAYS = 60;

/** Problems with a list of stages, one sentence (Vietnamese) per problem; empty when valid. */
export function stageProblems(stages: readonly ReminderStage[]): string[] {
  const problems: string[] = [];
  if (!Array.isArray(stages) || stages.length === 0) return ['stages: cần ít nhất một mốc nhắc'];
  if (stages.length > MAX_STAGES) problems.push(`stages: tối đa ${MAX_STAGES} mốc nhắc`);
  const keys = new Set<string>();
  stages.forEach((stage, i) => {
    const at = `stages[${i}]`;
    if (typeof stage.key !== 'string' || !STAGE_KEY_PATTERN.test(stage.key)) {
      problems.push(`${at}.key: chữ thường, số và dấu "-", tối đa 32 ký tự`);
    } else if (keys.has(stage.key)) {
      problems.push(`${at}.key: "${stage.key}" bị lặp`);
    } else keys.add(stage.key);
    if (!Number.isInteger(stage.offsetWorkingDays) || Math.abs(stage.offsetWorkingDays) > MAX_OFFSET_WORKING_DAYS) {
      problems.push(`${at}.offsetWorkingDays: số nguyên từ -${MAX_OFFSET_WORKING_DAYS} đến ${MAX_OFFSET_WORKING_DAYS}`);
    }
    if (stage.at !== null && (typeof stage.at !== 'string' || parseLocalTime(stage.at) === null)) {
      problems.push(`${at}.at: giờ dạng HH:MM`);
    }
    if (!STAGE_KINDS.includes(stage.kind)) problems.push(`${at}.kind: một trong ${STAGE_KINDS.join(', ')}`);
    if (!Array.isArray(stage.to) || stage.to.length === 0 || stage.to.some((to: StageRecipient) => !STAGE_RECIPIENTS.includes(to))) {
      problems.push(`${at}.to: một hoặc nhiều trong ${STAGE_RECIPIENTS.join(', ')}`);
    } else if (new Set(stage.to).size !== stage.to.length) problems.push(`${at}.to: người nhận bị lặp`);
  });
  return problems;
}

/** What a stage is computed from: one obligation's deadline in force and when it came to be. */
export interface StageObligation {
  taskId: string;
  periodId: string;
  /** The instant the obligation becomes late (after any extension). */
  dueAt: Instant;
  /**
   * Stages due before this instant are not armed: they never fire. It is when the deadline came
   * to be (assignment, extension, a returned report reopening the period, a new configuration),
   * so that importing a plan from 2019 does not send every reminder since 2019.
   */
  armedAt: Instant;
}

/** One stage of one obligation, with its computed time. */
export interface StageInstance {
  stageId: string;
  stageKey: string;
  /** Position in the configuration; breaks ties between stages due at the same instant. */
  order: number;
  kind: StageKind;
  to: StageRecipient[];
  taskId: string;
  periodId: string;
  dueAt: Instant;
  /** The last on-time day: the local date of the instant just before `dueAt`. */
  dueDate: LocalDate;
  fireAt: Instant;
  armed: boolean;
}

/** The local date on which a deadline falls (`dueAt` is the end of that day). */
export function dueDateOfDueAt(dueAt: Instant): LocalDate {
  return localDateOf(new Date(instantMs(dueAt) - 1));
}

/**
 * When a stage fires: `offsetWorkingDays` working days from the due date, at the stage's time
 * (default: the start of working hours), moved to the next working-hours start when that falls
 * outside working hours or on a day off. A due date that is itself a day off (an extension to a
 * Saturday) counts from the working day before it for stages on or before the deadline, so that
 * they still come before it.
 */
export function stageFireAtMs(dueDate: LocalDate, stage: ReminderStage, calendar: WorkingCalendar, hours: WorkingHours): number {
  const base =
    stage.offsetWorkingDays <= 0 && !calendar.isWorkingDay(dueDate) ? calendar.previousWorkingDay(dueDate) : dueDate;
  const day = calendar.addWorkingDays(base, stage.offsetWorkingDays);
  const minutes = stage.at === null ? hours.startMinutes : (parseLocalTime(stage.at) ?? hours.startMinutes);
  return nextWorkingInstantMs(localInstantMs(day, minutes), calendar, hours);
}

/** Every configured stage of an obligation, in firing order. */
export function stageInstances(
  obligation: StageObligation,
  stages: readonly ReminderStage[],
  calendar: WorkingCalendar,
  hours: WorkingHours,
): StageInstance[] {
  const dueDate = dueDateOfDueAt(obligation.dueAt);
  const armedMs = instantMs(obligation.armedAt);
  return stages
    .map((stage, order): StageInstance => {
      const fireAtMs = stageFireAtMs(dueDate, stage, calendar, hours);
      return {
        stageId: stageIdOf(obligation.taskId, obligation.periodId, stage.key, obligation.dueAt),
        stageKey: stage.key,
        order,
        kind: stage.kind,
        to: [...stage.to],
        taskId: obligation.taskId,
        periodId: obligation.periodId,
        dueAt: new Date(instantMs(obligation.dueAt)).toISOString(),
        dueDate,
        fireAt: new Date(fireAtMs).toISOString(),
        armed: fireAtMs >= armedMs,
      };
    })
    .sort((a, b) => Date.parse(a.fireAt) - Date.parse(b.fireAt) || a.order - b.order);
}
