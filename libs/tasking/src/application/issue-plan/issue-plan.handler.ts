import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { planDecider } from '../../domain/plan.decider';
import { planStreamId } from '../../domain/stream-ids';
import { commandMetadata } from '../command-metadata';
import { TaskingReader } from '../tasking-reader';
import { IssuePlanCommand } from './issue-plan.command';

/** The issuer and the monitoring agency must be registered agencies (422 `AGENCY_NOT_FOUND`). */
@CommandHandler(IssuePlanCommand)
export class IssuePlanHandler implements ICommandHandler<IssuePlanCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: TaskingReader,
  ) {}

  async execute({ input, context }: IssuePlanCommand): Promise<CommandResult> {
    await this.reader.requireAgencies([input.issuerAgency, input.monitoringAgency]);
    return this.runner.run(
      planDecider,
      planStreamId(input.planId),
      { type: 'IssuePlan', data: input, metadata: commandMetadata(context) },
      context,
    );
  }
}
