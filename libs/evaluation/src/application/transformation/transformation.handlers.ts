import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store';
import { AdvisoryLocks } from '@dondoc/platform';
import { assertEvaluationRole } from '../../domain/authorization';
import { localDateOf } from '../../domain/dates';
import { EvaluationErrors } from '../../domain/evaluation.errors';
import { transformationStreamId } from '../../domain/stream-ids';
import { communeHistory, TransformationState, transformationDecider } from '../../domain/transformation/transformation.decider';
import { UnitDirectory } from '../../domain/units/unit-directory';
import { UnitRecord } from '../../domain/units/units.types';
import { EvaluationReader, programmeYears } from '../evaluation-reader';
import {
  EvaluateCommuneCommand,
  EvaluationResult,
  RecordRelapseCommand,
  SelectCommuneCommand,
  SelectionResult,
  TransformationResult,
} from './transformation.commands';

/** The commune and the district whose stream holds its selections (its registered parent). */
function communeAndDistrict(directory: UnitDirectory, communeId: string): { commune: UnitRecord; district: UnitRecord } {
  const commune = directory.get(communeId);
  if (!commune) throw EvaluationErrors.unitNotFound(communeId, 'communeId');
  if (commune.level !== 'commune') throw EvaluationErrors.notACommune(communeId);
  const district = commune.parentId ? directory.get(commune.parentId) : undefined;
  if (!district || district.level !== 'district') throw EvaluationErrors.communeWithoutDistrict(communeId, commune.parentId);
  return { commune, district };
}

function entryOf(state: TransformationState, communeId: string) {
  const entry = state.status === 'open' ? state.communes[communeId] : undefined;
  if (!entry) throw new Error(`commune ${communeId} missing after its command`);
  return entry;
}

/**
 * Selecting a commune: the 15% cap is decided inside the district-year stream, on the state
 * the append is conditioned on; a concurrent selection makes the append fail, the runner
 * reloads and decides again, and the second selection at the cap is refused (docs/architecture.md,
 * "The 15% cap without a race").
 */
@CommandHandler(SelectCommuneCommand)
export class SelectCommuneHandler implements ICommandHandler<SelectCommuneCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: EvaluationReader,
    private readonly locks: AdvisoryLocks,
  ) {}

  async execute({ selection, context }: SelectCommuneCommand): Promise<SelectionResult> {
    assertEvaluationRole(context.actor, 'SelectCommune');
    const today = localDateOf(context.now);
    const programme = await this.reader.requireProgramme(selection.programmeId);
    const directory = await this.reader.directory();
    const { commune, district } = communeAndDistrict(directory, selection.communeId);
    // The other years' streams are read, not appended to: selections of one district take
    // turns, or a commune could be selected for two years at once, each seeing the other not yet.
    const result = await this.locks.withLock(`transformation-selection:${district.unitId}`, async () => {
      const otherYears = await Promise.all(
        programmeYears(programme)
          .filter((year) => year !== selection.year)
          .map(async (year) => (await this.reader.transformation(district.unitId, year)).state),
      );
      return this.runner.run(
        transformationDecider,
        transformationStreamId(district.unitId, selection.year),
        {
          type: 'SelectCommune',
          programme,
          year: selection.year,
          commune,
          district,
          districtCommuneCount: directory.communesOf(district.unitId, today).length,
          history: communeHistory(otherYears, commune.unitId),
          findings: selection.findings,
          today,
          at: context.now.toISOString(),
        },
        context,
      );
    });
    const entry = entryOf((await this.reader.transformation(district.unitId, selection.year)).state, commune.unitId);
    return {
      ...result,
      districtId: district.unitId,
      year: selection.year,
      communeId: commune.unitId,
      status: entry.status,
      cap: { percent: entry.capPercent, communeCount: entry.communeCount, max: entry.cap, selected: entry.selectedCount },
      evaluationDueOn: entry.evaluationDueOn,
    };
  }
}

@CommandHandler(EvaluateCommuneCommand)
export class EvaluateCommuneHandler implements ICommandHandler<EvaluateCommuneCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: EvaluationReader,
  ) {}

  async execute({ evaluation, context }: EvaluateCommuneCommand): Promise<EvaluationResult> {
    assertEvaluationRole(context.actor, 'EvaluateCommune');
    const programme = await this.reader.requireProgramme(evaluation.programmeId);
    const { district } = communeAndDistrict(await this.reader.directory(), evaluation.communeId);
    const result = await this.runner.run(
      transformationDecider,
      transformationStreamId(district.unitId, evaluation.year),
      {
        type: 'EvaluateCommune',
        programme,
        communeId: evaluation.communeId,
        measurements: evaluation.measurements,
        conditions: evaluation.conditions,
        note: evaluation.note,
        today: localDateOf(context.now),
        at: context.now.toISOString(),
      },
      context,
    );
    const entry = entryOf((await this.reader.transformation(district.unitId, evaluation.year)).state, evaluation.communeId);
    if (entry.status === 'selected') throw new Error(`commune ${evaluation.communeId} not evaluated after its evaluation`);
    return {
      ...result,
      districtId: district.unitId,
      year: evaluation.year,
      communeId: evaluation.communeId,
      status: entry.status,
      outcome: {
        metCount: entry.evaluation.metCount,
        indicatorCount: entry.evaluation.indicatorCount,
        requiredMetCount: entry.evaluation.requiredMetCount,
        minimumMetPercent: entry.evaluation.minimumMetPercent,
        reasons: entry.status === 'failed' ? entry.reasons : [],
        results: entry.evaluation.results,
        metIndicatorIds: entry.evaluation.results.filter((r) => r.met).map((r) => r.indicatorId),
      },
    };
  }
}

@CommandHandler(RecordRelapseCommand)
export class RecordRelapseHandler implements ICommandHandler<RecordRelapseCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: EvaluationReader,
  ) {}

  async execute({ relapse, context }: RecordRelapseCommand): Promise<TransformationResult> {
    assertEvaluationRole(context.actor, 'RecordRelapse');
    const programme = await this.reader.requireProgramme(relapse.programmeId);
    const { district } = communeAndDistrict(await this.reader.directory(), relapse.communeId);
    const result: CommandResult = await this.runner.run(
      transformationDecider,
      transformationStreamId(district.unitId, relapse.year),
      {
        type: 'RecordRelapse',
        programme,
        communeId: relapse.communeId,
        reason: relapse.reason,
        findings: relapse.findings,
        today: localDateOf(context.now),
        at: context.now.toISOString(),
      },
      context,
    );
    const entry = entryOf((await this.reader.transformation(district.unitId, relapse.year)).state, relapse.communeId);
    return { ...result, districtId: district.unitId, year: relapse.year, communeId: relapse.communeId, status: entry.status };
  }
}
