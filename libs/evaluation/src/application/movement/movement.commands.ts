import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store';
import { ModelWarning, MovementRating } from '../../domain/movement/movement.types';

export class ClassifyMovementCommand extends Command<CommandResult> {
  constructor(
    readonly classification: { year: number; unitId: string; rating: MovementRating; safe: boolean },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export interface RecognitionResult extends CommandResult {
  year: number;
  unitId: string;
  /** The year's quota warnings for the unit's province after this recognition (plan 1875 IV.1.đ). */
  warnings: ModelWarning[];
}

export class RecogniseModelUnitCommand extends Command<RecognitionResult> {
  constructor(
    readonly recognition: { year: number; unitId: string; decision: string | null },
    readonly context: CommandContext,
  ) {
    super();
  }
}
