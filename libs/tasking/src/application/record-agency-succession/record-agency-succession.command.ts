import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';
import { RecordAgencySuccession } from '../../domain/agency.commands';

/** X ceases on `effectiveOn`; its work passes to `successorCode`. The successor's facts are read by the handler. */
export type RecordAgencySuccessionInput = Omit<RecordAgencySuccession['data'], 'successor'>;

export class RecordAgencySuccessionCommand extends Command<CommandResult> {
  constructor(
    readonly input: RecordAgencySuccessionInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** One succession of a list recorded together, and what became of it. */
export interface RecordedSuccession extends CommandResult {
  code: string;
  successorCode: string;
}

/**
 * Many successions on one date for one reason (the reform of 1 July 2025: every district
 * committee of a province at once). Checked together before anything is appended; see the handler.
 */
export class RecordAgencySuccessionsCommand extends Command<RecordedSuccession[]> {
  constructor(
    readonly input: { effectiveOn: string; reason: string; items: { code: string; successorCode: string }[] },
    readonly context: CommandContext,
  ) {
    super();
  }
}
