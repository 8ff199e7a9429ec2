import { CommandContext } from '@dondoc/event-store/decider/command-runner';
import { CommandMetadata } from '../domain/tasking.types';

/** The domain's view of a command's context: who, and the business time from the injected clock. */
export function commandMetadata(context: CommandContext): CommandMetadata {
  return { actor: context.actor, now: context.now.toISOString() };
}
