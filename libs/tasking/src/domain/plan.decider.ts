import { assertNever, Decider } from '@dondoc/event-store/decider/decider';
import { IssuePlan, PlanCommand } from './plan.commands';
import { PlanEvent, planIssued, PlanIssuedData } from './plan.events';
import { assertRoleAllowed } from './authorization';
import { TaskingErrors } from './tasking.errors';
import { MAX_TEXT_LENGTH, MAX_TITLE_LENGTH } from './tasking.types';
import { assertValidSchedule, requireAgencyCode, requireDate, requireText } from './validation';

export type PlanState = { status: 'none' } | ({ status: 'issued' } & PlanIssuedData);

export const initialPlanState = (): PlanState => ({ status: 'none' });

export function decidePlan(command: PlanCommand, state: PlanState): PlanEvent[] {
  assertRoleAllowed(command.metadata.actor, command.type);
  switch (command.type) {
    case 'IssuePlan':
      return issue(command, state);
    default:
      return assertNever(command.type, 'plan command');
  }
}

function issue(command: IssuePlan, state: PlanState): PlanEvent[] {
  const { data } = command;
  if (state.status === 'issued') throw TaskingErrors.planAlreadyIssued(state.planId);
  const start = requireDate('period.start', data.period?.start);
  const end = data.period?.end == null ? null : requireDate('period.end', data.period.end);
  if (end !== null && end < start) throw TaskingErrors.planPeriodInvalid(start, end);
  return [
    planIssued({
      planId: data.planId,
      number: requireText('number', data.number, 100),
      issuerAgency: requireAgencyCode('issuerAgency', data.issuerAgency),
      issuedOn: requireDate('issuedOn', data.issuedOn),
      title: requireText('title', data.title, MAX_TITLE_LENGTH),
      period: { start, end },
      objectives: (data.objectives ?? []).map((text, i) => requireText(`objectives[${i}]`, text, MAX_TEXT_LENGTH)),
      monitoringAgency: requireAgencyCode('monitoringAgency', data.monitoringAgency),
      defaultReportingSchedule: data.defaultReportingSchedule ? assertValidSchedule(data.defaultReportingSchedule) : null,
      issuedAt: command.metadata.now,
    }),
  ];
}

export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'PlanIssued':
      return { status: 'issued', ...event.data };
    default:
      return assertNever(event.type, 'plan event');
  }
}

/** `plan-<planId>` streams. */
export const planDecider: Decider<PlanCommand, PlanState, PlanEvent> = {
  initialState: initialPlanState,
  decide: decidePlan,
  evolve: evolvePlan,
};
