/**
 * Stream ids, stage ids and idempotency keys of the follow-up context. All of them are
 * persisted (stream ids in the event store, command ids in `command_log`, job ids in Redis,
 * Message-IDs at the receivers): never change how they are built.
 *
 * Task ids and period ids never contain `/` (tasking's ID_PATTERN), so `/` separates parts.
 */

/**
 * `calendar-<year>`: the days off and make-up working days an administrator declared for a year.
 * Defined by @dondoc/calendar, whose fold of the declarations tasking and the read models use too.
 */
export { calendarStreamId } from '@dondoc/calendar/calendar-declarations';
/** `reminder-stages-<planId>`: the reminder stages configured for a plan. */
export const reminderStagesStreamId = (planId: string): string => `reminder-stages-${planId}`;
/** `contacts-<CODE>`: where an agency receives reminders. */
export const contactsStreamId = (agency: string): string => `contacts-${agency}`;
/** `followup-<taskId>`: every reminder, escalation and follow-up of a task and its delivery outcomes. */
export const followUpStreamId = (taskId: string): string => `followup-${taskId}`;
/** `digest-<CODE>-<YYYY-MM-DD>`: the daily digests of an agency that chose one. */
export const digestStreamId = (agency: string, digestDate: string): string => `digest-${agency}-${digestDate}`;

/** One stage of one obligation with one deadline: a new deadline (extension) gives new stage ids. */
export function stageIdOf(taskId: string, periodId: string, stageKey: string, dueAt: string): string {
  return `${taskId}/${periodId}/${stageKey}/${Date.parse(dueAt)}`;
}

/** Idempotency key (command id) of the ReminderSent / ObligationEscalated of a stage. */
export const stageCommandId = (stageId: string): string => `reminder/${stageId}`;
/** The logical message a stage sends. */
export const stageMessageId = (stageId: string): string => `stage/${stageId}`;
export const followUpMessageId = (taskId: string, followUpId: string): string => `followup/${taskId}/${followUpId}`;
export const digestMessageId = (agency: string, digestDate: string, batch: number): string => `digest/${agency}/${digestDate}/${batch}`;
export const digestCommandId = (agency: string, digestDate: string, batch: number): string =>
  `digest/${agency}/${digestDate}/${batch}`;

/** One message to one agency (audience) by one channel. */
export function deliveryIdOf(messageId: string, channel: string, agency: string, audience: string): string {
  return `${messageId}#${channel}:${agency}:${audience}`;
}
export const deliveredCommandId = (deliveryId: string): string => `delivered/${deliveryId}`;
export const deliveryFailedCommandId = (deliveryId: string): string => `delivery-failed/${deliveryId}`;

/**
 * BullMQ job ids (persisted in Redis): deterministic, so that re-adding a pending stage or
 * delivery (reconciler, a second worker) adds nothing while the first job exists. BullMQ
 * refuses `:` in custom ids, and task ids may contain it, so it is escaped.
 */
const jobSafe = (id: string): string => id.replace(/%/g, '%25').replace(/:/g, '%3A');
export const stageJobId = (stageId: string): string => `stage/${jobSafe(stageId)}`;
export const deliveryJobId = (deliveryId: string): string => `delivery/${jobSafe(deliveryId)}`;
export const digestJobId = (agency: string, digestDate: string): string => `digest/${agency}/${digestDate}`;
