import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';
import { RequestExtension } from '../../domain/task.commands';

/** Deadlines (`dueAt`, `requestedDueAt`) are resolved by the handler from the calendar. */
export type RequestExtensionInput = Omit<RequestExtension['data'], 'taskId' | 'dueAt' | 'requestedDueAt'>;

export class RequestExtensionCommand extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly input: RequestExtensionInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
