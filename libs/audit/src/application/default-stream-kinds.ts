import { agencyDecider } from '@dondoc/tasking/domain/agency.decider';
import { planDecider } from '@dondoc/tasking/domain/plan.decider';
import { taskDecider } from '@dondoc/tasking/domain/task.decider';
import { userDecider } from '@dondoc/identity/domain/user.decider';
import { StreamKind, streamKind } from '../domain/stream-kinds';

/** The kinds this deployment knows out of the box; other contexts register theirs on the registry. */
export function defaultStreamKinds(): StreamKind[] {
  return [
    streamKind('agency-', 'agency', agencyDecider),
    streamKind('plan-', 'plan', planDecider),
    streamKind('task-', 'task', taskDecider),
    streamKind('user-', 'user', userDecider),
  ];
}
