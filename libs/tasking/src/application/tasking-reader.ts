import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { agencyDecider } from '../domain/agency.decider';
import { planDecider, PlanState } from '../domain/plan.decider';
import { taskDecider, TaskState } from '../domain/task.decider';
import { agencyStreamId, planStreamId, taskStreamId } from '../domain/stream-ids';
import { TaskingErrors } from '../domain/tasking.errors';

export type IssuedPlan = Extract<PlanState, { status: 'issued' }>;
export type AssignedTask = Exclude<TaskState, { status: 'unassigned' }>;

/**
 * Cross-stream reads for the command handlers: a command on one stream checks facts of
 * others (the agencies it names, the plan a task belongs to). Agencies and plans are never
 * removed, so a check that passed stays true when the command's own append happens.
 */
@Injectable()
export class TaskingReader {
  constructor(private readonly runner: CommandRunner) {}

  /** 422 `AGENCY_NOT_FOUND` naming every code that is not registered. */
  async requireAgencies(codes: readonly string[]): Promise<void> {
    const unique = [...new Set(codes)];
    const found = await Promise.all(
      unique.map(async (code) => (await this.runner.load(agencyDecider, agencyStreamId(code))).state.status === 'registered'),
    );
    const missing = unique.filter((_, i) => !found[i]);
    if (missing.length) throw TaskingErrors.agencyNotFound(missing);
  }

  /** 404 `PLAN_NOT_FOUND` unless the plan was issued. */
  async plan(planId: string): Promise<IssuedPlan> {
    const { state } = await this.runner.load(planDecider, planStreamId(planId));
    if (state.status !== 'issued') throw TaskingErrors.planNotFound(planId);
    return state;
  }

  /** 404 `TASK_NOT_FOUND` unless the task was assigned; with its stream version. */
  async task(taskId: string): Promise<{ task: AssignedTask; version: number }> {
    const { state, version } = await this.runner.load(taskDecider, taskStreamId(taskId));
    if (state.status === 'unassigned') throw TaskingErrors.taskNotFound(taskId);
    return { task: state, version };
  }
}
