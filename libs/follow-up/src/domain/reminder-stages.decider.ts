import { Decider } from '@dondoc/event-store/decider/decider';
import { assertFollowUpRole } from './authorization';
import { ConfigureReminderStages } from './follow-up.commands';
import { FollowUpErrors } from './follow-up.errors';
import { ReminderStagesConfigured, reminderStagesConfigured } from './follow-up.events';
import { DEFAULT_STAGES_CONFIG, ReminderStage, ReminderStagesConfig, stageProblems } from './reminder-stages';

export const AGENCY_CODE_PATTERN = /^[A-Z0-9_]{2,64}$/;

export function decideReminderStages(command: ConfigureReminderStages, _state: ReminderStagesConfig): ReminderStagesConfigured[] {
  assertFollowUpRole(command.metadata.actor, 'ConfigureReminderStages');
  const { planId, committeeAgency } = command.data;
  const stages: ReminderStage[] = (command.data.stages ?? []).map((s) => ({
    key: s.key,
    offsetWorkingDays: s.offsetWorkingDays,
    at: s.at ?? null,
    kind: s.kind,
    to: Array.isArray(s.to) ? [...s.to] : s.to,
  }));
  const problems = stageProblems(stages);
  if (problems.length) throw FollowUpErrors.stagesInvalid(problems);
  if (committeeAgency !== null && (typeof committeeAgency !== 'string' || !AGENCY_CODE_PATTERN.test(committeeAgency))) {
    throw FollowUpErrors.agencyCodeInvalid('committeeAgency', committeeAgency);
  }
  return [reminderStagesConfigured({ planId, stages, committeeAgency, configuredAt: command.metadata.now })];
}

export function evolveReminderStages(_state: ReminderStagesConfig, event: ReminderStagesConfigured): ReminderStagesConfig {
  return { stages: event.data.stages, committeeAgency: event.data.committeeAgency, configuredAt: event.data.configuredAt };
}

/** `reminder-stages-<planId>`: the latest configuration wins; none = DEFAULT_REMINDER_STAGES. */
export const reminderStagesDecider: Decider<ConfigureReminderStages, ReminderStagesConfig, ReminderStagesConfigured> = {
  initialState: () => DEFAULT_STAGES_CONFIG,
  decide: decideReminderStages,
  evolve: evolveReminderStages,
};
