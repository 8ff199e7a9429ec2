import { Query } from '@nestjs/cqrs';
import { Actor } from '@dondoc/platform/auth/actor';
import { TaskVisibility } from '../../domain/authorization';
import { AssignedTask } from '../tasking-reader';

/**
 * A task's state rebuilt from its events, with the stream version to send back in `If-Match`;
 * `visibility: 'coordinating'` when the reader's agency only coordinates it (accepted reports
 * only, no extension requests). `leadAgency` stays the agency the task was given to.
 */
export type TaskView = AssignedTask & {
  streamId: string;
  version: number;
  visibility: TaskVisibility;
  /** The agency that answers for the task now: `leadAgency`, or its successor once a succession is effective. */
  shownAgency: string;
};

export class GetTaskQuery extends Query<TaskView> {
  constructor(
    readonly taskId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
