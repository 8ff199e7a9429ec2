import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@dondoc/platform/clock/clock';
import { assertMayReadTask, taskViewFor } from '../../domain/authorization';
import { taskStreamId } from '../../domain/stream-ids';
import { TaskingReader } from '../tasking-reader';
import { GetTaskQuery, TaskView } from './get-task.query';

/**
 * Folds the task's stream (no read model needed); agency officers see only the tasks their
 * agency leads or coordinates (or a predecessor of theirs did, once its succession is effective),
 * and a coordinating agency sees none of the lead agency's drafts.
 */
@QueryHandler(GetTaskQuery)
export class GetTaskHandler implements IQueryHandler<GetTaskQuery, TaskView> {
  constructor(
    private readonly reader: TaskingReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ taskId, actor }: GetTaskQuery): Promise<TaskView> {
    const { task, version } = await this.reader.task(taskId);
    // Officers may read through a coordinating agency's succession too; others need the lead's only.
    const codes = actor.role === 'agency' ? [task.leadAgency, ...task.coordinatingAgencies] : [task.leadAgency];
    const successions = await this.reader.successions(codes, this.clock.now());
    assertMayReadTask(actor, task, successions);
    return { ...taskViewFor(actor, task, successions), shownAgency: successions.answering(task.leadAgency), streamId: taskStreamId(taskId), version };
  }
}
