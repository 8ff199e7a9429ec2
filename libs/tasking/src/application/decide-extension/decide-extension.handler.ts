import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { assertNever } from '@dondoc/event-store/decider/decider';
import { DecideExtension } from '../../domain/task.commands';
import { taskDecider } from '../../domain/task.decider';
import { taskStreamId } from '../../domain/stream-ids';
import { isLocalDate } from '../../domain/tasking.types';
import { TaskingErrors } from '../../domain/tasking.errors';
import { commandMetadata } from '../command-metadata';
import { OBLIGATION_DEADLINES, ObligationDeadlines } from '../obligation-deadlines';
import { TaskingReader } from '../tasking-reader';
import { DecideExtensionCommand } from './decide-extension.command';

@CommandHandler(DecideExtensionCommand)
export class DecideExtensionHandler implements ICommandHandler<DecideExtensionCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: TaskingReader,
    @Inject(OBLIGATION_DEADLINES) private readonly deadlines: ObligationDeadlines,
  ) {}

  async execute({ taskId, extensionId, input, context }: DecideExtensionCommand): Promise<CommandResult> {
    let data: DecideExtension['data'];
    switch (input.decision) {
      case 'grant': {
        const { task } = await this.reader.task(taskId);
        const requested = task.extensions.find((e) => e.extensionId === extensionId);
        if (!requested) throw TaskingErrors.extensionNotFound(extensionId);
        const newDueDate = input.newDueDate ?? requested.requestedDueDate;
        if (!isLocalDate(newDueDate)) throw TaskingErrors.dateInvalid('newDueDate', newDueDate);
        // Recorded in ExtensionGranted, on the calendar as declared up to the grant; a day
        // declared after the grant does not move it (every reader uses the recorded instant).
        const newDueAt = await this.deadlines.dueAtOfDate(newDueDate, context.now);
        data = { taskId, extensionId, decision: 'grant', newDueDate, newDueAt };
        break;
      }
      case 'refuse':
        data = { taskId, extensionId, decision: 'refuse', reason: input.reason };
        break;
      default:
        return assertNever(input, 'extension decision');
    }
    return this.runner.run(
      taskDecider,
      taskStreamId(taskId),
      { type: 'DecideExtension', data, metadata: commandMetadata(context) },
      context,
    );
  }
}
