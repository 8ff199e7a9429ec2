import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';
import { RegisterAgency } from '../../domain/agency.commands';

export type RegisterAgencyInput = RegisterAgency['data'];

export class RegisterAgencyCommand extends Command<CommandResult> {
  constructor(
    readonly input: RegisterAgencyInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
