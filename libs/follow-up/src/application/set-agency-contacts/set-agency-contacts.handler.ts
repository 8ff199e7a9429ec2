import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { TaskingReader } from '@dondoc/tasking/application/tasking-reader';
import { contactsDecider } from '../../domain/contacts.decider';
import { FollowUpErrors } from '../../domain/follow-up.errors';
import { contactsStreamId } from '../../domain/follow-up.ids';
import { commandMetadata } from '../command-metadata';
import { SecretSealer } from '../secret-sealer';
import { SetAgencyContactsCommand } from './set-agency-contacts.command';

export const MIN_WEBHOOK_SECRET_LENGTH = 16;

/** The agency must be registered; the webhook secret is sealed before it reaches the event. */
@CommandHandler(SetAgencyContactsCommand)
export class SetAgencyContactsHandler implements ICommandHandler<SetAgencyContactsCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly tasking: TaskingReader,
    private readonly sealer: SecretSealer,
  ) {}

  async execute({ agency, input, context }: SetAgencyContactsCommand): Promise<CommandResult> {
    await this.tasking.requireAgencies([agency]);
    if (input.webhookSecret !== undefined && input.webhookSecret.length < MIN_WEBHOOK_SECRET_LENGTH) {
      throw FollowUpErrors.webhookSecretRequired();
    }
    const data = {
      agency,
      email: input.email,
      headEmail: input.headEmail,
      webhookUrl: input.webhookUrl,
      webhookSecretSealed: input.webhookSecret === undefined ? undefined : this.sealer.seal(input.webhookSecret),
      digest: input.digest,
    };
    return this.runner.run(contactsDecider, contactsStreamId(agency), { type: 'SetAgencyContacts', data, metadata: commandMetadata(context) }, context);
  }
}
