import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store';
import { Measurement } from '../../domain/transformation/transformation.commands';
import { CommuneStatus } from '../../domain/transformation/transformation.decider';
import { FailureReason, Finding, IndicatorResult } from '../../domain/transformation/transformation.events';

interface CommuneOfYear {
  programmeId: string;
  year: number;
  communeId: string;
}

export interface TransformationResult extends CommandResult {
  districtId: string;
  year: number;
  communeId: string;
  status: CommuneStatus;
}

export interface SelectionResult extends TransformationResult {
  cap: { percent: number; communeCount: number; max: number; selected: number };
  evaluationDueOn: string;
}

export interface EvaluationResult extends TransformationResult {
  outcome: {
    metCount: number;
    indicatorCount: number;
    requiredMetCount: number;
    minimumMetPercent: number;
    reasons: FailureReason[];
    /** Each indicator's measured value against its threshold, as recorded in CommuneEvaluated. */
    results: IndicatorResult[];
    metIndicatorIds: string[];
  };
}

export class SelectCommuneCommand extends Command<SelectionResult> {
  constructor(
    readonly selection: CommuneOfYear & { findings: Finding[] },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class EvaluateCommuneCommand extends Command<EvaluationResult> {
  constructor(
    readonly evaluation: CommuneOfYear & { measurements: Measurement[]; conditions: { conditionId: string; held: boolean }[]; note: string | null },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RecordRelapseCommand extends Command<TransformationResult> {
  constructor(
    readonly relapse: CommuneOfYear & { reason: string; findings: Finding[] },
    readonly context: CommandContext,
  ) {
    super();
  }
}
