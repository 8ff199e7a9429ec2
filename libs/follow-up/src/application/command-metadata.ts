import { CommandContext } from '@dondoc/event-store/decider/command-runner';
import { FollowUpCommandMetadata } from '../domain/follow-up.commands';

/** The domain's view of a command's context: who, and the business time from the injected clock. */
export function commandMetadata(context: CommandContext): FollowUpCommandMetadata {
  return { actor: context.actor, now: context.now.toISOString() };
}
