import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';
import { EVENT_STORE, EventStore } from '@dondoc/event-store/event-store';
import { Actor, SYSTEM_ACTOR } from '@dondoc/platform/auth/actor';
import { Clock } from '@dondoc/platform/clock/clock';
import { DomainError } from '@dondoc/platform/errors/domain-error';
import { RegisterAgencyCommand } from '../register-agency/register-agency.command';
import { IssuePlanCommand } from '../issue-plan/issue-plan.command';
import { AssignTaskCommand } from '../assign-task/assign-task.command';
import { FixtureAgenciesFile, FixturePlanFile } from './fixture-plan';
import { FixtureError, ImportStep, mapFixturePlan } from './plan-import.mapping';

export interface ImportProgress {
  done: number;
  total: number;
  /** What was just done, e.g. `task 118-III-1-a`. */
  step: string;
  outcome: 'appended' | 'skipped';
}

export interface ImportPlanOptions {
  /** Business time of the import; default: the plan's issue date at 08:00 +07:00. */
  clock?: Clock;
  /** Who imports; default the system actor (the CLI may pass the operator). */
  actor?: Actor;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportPlanResult {
  fixtureKey: string;
  planId: string;
  taskIds: string[];
  /** Commands that appended events. */
  appended: number;
  /** Commands that appended nothing: already imported (same command id, also by a concurrent import) or agency already registered. */
  skipped: number;
  /** Events written by this run. */
  events: number;
  warnings: string[];
}

/**
 * Imports a fixture plan (fixtures/plan-*.json with fixtures/agencies.json) by sending the
 * same commands a user would send over HTTP, one at a time, with deterministic ids and command
 * ids: importing the same file twice appends nothing the second time. See `mapFixturePlan` for
 * how the fixture is read.
 */
@Injectable()
export class PlanImporter {
  private readonly logger = new Logger(PlanImporter.name);

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Reads the files; `agenciesFile` defaults to `agencies.json` next to the plan file. */
  async importFiles(planFile: string, agenciesFile?: string, options: ImportPlanOptions = {}): Promise<ImportPlanResult> {
    const plan = await readJson<FixturePlanFile>(planFile);
    const agencies = await readJson<FixtureAgenciesFile>(agenciesFile ?? join(dirname(planFile), 'agencies.json'));
    return this.importPlan(plan, agencies, options);
  }

  async importPlan(plan: FixturePlanFile, agencies: FixtureAgenciesFile, options: ImportPlanOptions = {}): Promise<ImportPlanResult> {
    const mapping = mapFixturePlan(plan, agencies);
    const now = options.clock?.now() ?? new Date(`${plan.document.issued_on}T08:00:00+07:00`);
    const actor = options.actor ?? SYSTEM_ACTOR;
    const result: ImportPlanResult = {
      fixtureKey: mapping.fixtureKey,
      planId: mapping.planId,
      taskIds: [],
      appended: 0,
      skipped: 0,
      events: 0,
      warnings: mapping.warnings,
    };
    for (const warning of mapping.warnings) this.logger.warn(warning);
    const total = mapping.steps.length;
    for (const [index, step] of mapping.steps.entries()) {
      const context: CommandContext = { actor, commandId: step.commandId, correlationId: mapping.correlationId, now };
      const outcome = await this.send(step, context);
      if (step.kind === 'task') result.taskIds.push(step.input.taskId);
      const appended = outcome !== null && !outcome.duplicate && outcome.eventCount > 0;
      if (appended) {
        result.appended++;
        result.events += outcome.eventCount;
      } else {
        result.skipped++;
      }
      options.onProgress?.({ done: index + 1, total, step: step.label, outcome: appended ? 'appended' : 'skipped' });
    }
    this.logger.log(
      `${mapping.fixtureKey}: ${result.appended} commands appended ${result.events} events, ${result.skipped} skipped`,
    );
    return result;
  }

  /** The command's result, or null for an agency another source registered already. */
  private async send(step: ImportStep, context: CommandContext): Promise<CommandResult | null> {
    try {
      switch (step.kind) {
        case 'agency':
          return await this.commandBus.execute(new RegisterAgencyCommand(step.input, context));
        case 'plan':
          return await this.commandBus.execute(new IssuePlanCommand(step.input, context));
        case 'task':
          return await this.commandBus.execute(new AssignTaskCommand(step.planId, step.input, context));
      }
    } catch (error) {
      if (step.kind === 'agency' && error instanceof DomainError && error.code === 'AGENCY_ALREADY_REGISTERED') return null;
      // Another import of the same file may have appended this very command between the
      // runner's command-id check and its read of the stream: then it is done, not refused.
      if (error instanceof DomainError && (await this.store.findCommand(step.commandId))) return null;
      if (error instanceof Error) error.message = `${step.label}: ${error.message}`;
      throw error;
    }
  }
}

async function readJson<T>(file: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FixtureError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new FixtureError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}
