import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { assertMayReadTask, taskViewFor } from '../../domain/authorization';
import { taskStreamId } from '../../domain/stream-ids';
import { TaskingReader } from '../tasking-reader';
import { GetTaskQuery, TaskView } from './get-task.query';

/**
 * Folds the task's stream (no read model needed); agency officers see only the tasks their
 * agency leads or coordinates, and a coordinating agency sees none of the lead agency's drafts.
 */
@QueryHandler(GetTaskQuery)
export class GetTaskHandler implements IQueryHandler<GetTaskQuery, TaskView> {
  constructor(private readonly reader: TaskingReader) {}

  async execute({ taskId, actor }: GetTaskQuery): Promise<TaskView> {
    const { task, version } = await this.reader.task(taskId);
    assertMayReadTask(actor, task);
    return { ...taskViewFor(actor, task), streamId: taskStreamId(taskId), version };
  }
}
