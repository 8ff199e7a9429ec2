import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { agencyDecider } from '../../domain/agency.decider';
import { agencyStreamId } from '../../domain/stream-ids';
import { commandMetadata } from '../command-metadata';
import { RegisterAgencyCommand } from './register-agency.command';

@CommandHandler(RegisterAgencyCommand)
export class RegisterAgencyHandler implements ICommandHandler<RegisterAgencyCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ input, context }: RegisterAgencyCommand): Promise<CommandResult> {
    return this.runner.run(
      agencyDecider,
      agencyStreamId(input.code),
      { type: 'RegisterAgency', data: input, metadata: commandMetadata(context) },
      context,
    );
  }
}
