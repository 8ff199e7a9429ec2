import { createHash } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '@dondoc/event-store';
import { programmeFromPlanFixture } from '../../domain/programme/plan-fixture';
import { canonicalJson, programmeDecider } from '../../domain/programme/programme.decider';
import { ProgrammeDefinition } from '../../domain/programme/programme.types';
import { programmeStreamId } from '../../domain/stream-ids';
import { DefineProgrammeCommand, ImportProgrammeCommand, ProgrammeResult } from './define-programme.command';
import { assertEvaluationRole } from '../../domain/authorization';

/**
 * The command id of an import: the programme id and a digest of its content, so that the same
 * file imported twice (HTTP or CLI) is the same command and appends nothing.
 */
export function importCommandId(definition: ProgrammeDefinition): string {
  const digest = createHash('sha256').update(canonicalJson(definition)).digest('hex').slice(0, 32);
  return `import-programme:${definition.programmeId}:${digest}`;
}

@CommandHandler(DefineProgrammeCommand)
export class DefineProgrammeHandler implements ICommandHandler<DefineProgrammeCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ definition, context }: DefineProgrammeCommand): Promise<ProgrammeResult> {
    assertEvaluationRole(context.actor, 'DefineProgramme');
    const result = await this.runner.run(
      programmeDecider,
      programmeStreamId(definition.programmeId),
      { type: 'DefineProgramme', definition, at: context.now.toISOString() },
      context,
    );
    return { ...result, programmeId: definition.programmeId };
  }
}

@CommandHandler(ImportProgrammeCommand)
export class ImportProgrammeHandler implements ICommandHandler<ImportProgrammeCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ plan, context }: ImportProgrammeCommand): Promise<ProgrammeResult> {
    assertEvaluationRole(context.actor, 'DefineProgramme');
    const definition = programmeFromPlanFixture(plan);
    const result = await this.runner.run(
      programmeDecider,
      programmeStreamId(definition.programmeId),
      { type: 'DefineProgramme', definition, at: context.now.toISOString() },
      { ...context, commandId: importCommandId(definition) },
    );
    return { ...result, programmeId: definition.programmeId };
  }
}
