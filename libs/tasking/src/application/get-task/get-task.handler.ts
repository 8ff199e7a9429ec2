import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { assertMayReadTask } from '../../domain/authorization';
import { taskStreamId } from '../../domain/stream-ids';
import { TaskingReader } from '../tasking-reader';
import { GetTaskQuery, TaskView } from './get-task.query';

/** Folds the task's stream (no read model needed); agency officers see only their own tasks. */
@QueryHandler(GetTaskQuery)
export class GetTaskHandler implements IQueryHandler<GetTaskQuery, TaskView> {
  constructor(private readonly reader: TaskingReader) {}

  async execute({ taskId, actor }: GetTaskQuery): Promise<TaskView> {
    const { task, version } = await this.reader.task(taskId);
    assertMayReadTask(actor, task);
    return { ...task, streamId: taskStreamId(taskId), version };
  }
}
