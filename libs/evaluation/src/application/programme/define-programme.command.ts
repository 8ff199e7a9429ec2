import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store';
import { ProgrammeDefinition } from '../../domain/programme/programme.types';

export interface ProgrammeResult extends CommandResult {
  programmeId: string;
}

export class DefineProgrammeCommand extends Command<ProgrammeResult> {
  constructor(
    readonly definition: ProgrammeDefinition,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Import of a plan as `fixtures/` encode it (plan 94); appends nothing when imported again. */
export class ImportProgrammeCommand extends Command<ProgrammeResult> {
  constructor(
    readonly plan: unknown,
    readonly context: CommandContext,
  ) {
    super();
  }
}
