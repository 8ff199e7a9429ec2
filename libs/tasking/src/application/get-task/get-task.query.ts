import { Query } from '@nestjs/cqrs';
import { Actor } from '@dondoc/platform/auth/actor';
import { AssignedTask } from '../tasking-reader';

/** A task's state rebuilt from its events, with the stream version to send back in `If-Match`. */
export type TaskView = AssignedTask & { streamId: string; version: number };

export class GetTaskQuery extends Query<TaskView> {
  constructor(
    readonly taskId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
