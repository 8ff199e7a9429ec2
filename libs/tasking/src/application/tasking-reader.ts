import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { agencyDecider, AgencyState } from '../domain/agency.decider';
import { AgencySuccessions, MAX_SUCCESSION_CHAIN, SuccessionLink, successionLinks } from '../domain/agency-succession';
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

  /**
   * The agencies `codes` and every agency their successions lead to, folded from their streams
   * (one round of parallel stream reads per step along the chains).
   */
  async agencyChains(codes: readonly string[]): Promise<Map<string, AgencyState>> {
    const states = new Map<string, AgencyState>();
    let wave = [...new Set(codes)];
    for (let depth = 0; wave.length > 0 && depth < MAX_SUCCESSION_CHAIN; depth++) {
      const loaded = await Promise.all(wave.map((code) => this.runner.load(agencyDecider, agencyStreamId(code))));
      const next = new Set<string>();
      wave.forEach((code, i) => {
        const state = loaded[i].state;
        states.set(code, state);
        if (state.status === 'registered' && state.succession) next.add(state.succession.successorCode);
      });
      wave = [...next].filter((code) => !states.has(code));
    }
    return states;
  }

  /** Who answers at `at` for the agencies `codes` (their successions effective by then, chains followed). */
  async successions(codes: readonly string[], at: Date): Promise<AgencySuccessions> {
    const links = successionLinks(await this.agencyChains(codes));
    return links.length ? new AgencySuccessions(links, at.toISOString()) : AgencySuccessions.none;
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

/**
 * What RecordAgencySuccession needs to know of its successor: whether it is registered, and the
 * successions along its chain, its own first (the decider looks for a cycle and for a successor
 * that has already ceased).
 */
export function successorFacts(states: ReadonlyMap<string, AgencyState>, successorCode: string): { registered: boolean; successions: SuccessionLink[] } {
  const first = states.get(successorCode);
  const successions: SuccessionLink[] = [];
  const seen = new Set([successorCode]);
  for (let state = first; state?.status === 'registered' && state.succession && successions.length < MAX_SUCCESSION_CHAIN; ) {
    const { successorCode: next, effectiveOn, effectiveAt } = state.succession;
    successions.push({ code: state.code, successorCode: next, effectiveOn, effectiveAt });
    if (seen.has(next)) break;
    seen.add(next);
    state = states.get(next);
  }
  return { registered: first?.status === 'registered', successions };
}
