import { Injectable } from '@nestjs/common';
import { CommandRunner, Decider, DomainEvent, RecordedEvent } from '@dondoc/event-store';
import { EvaluationErrors } from '../domain/evaluation.errors';
import { MovementState, movementDecider } from '../domain/movement/movement.decider';
import { programmeDecider } from '../domain/programme/programme.decider';
import { ProgrammeDefinition } from '../domain/programme/programme.types';
import { movementStreamId, programmeStreamId, transformationStreamId, UNITS_STREAM_ID } from '../domain/stream-ids';
import { TransformationState, transformationDecider } from '../domain/transformation/transformation.decider';
import { UnitDirectory } from '../domain/units/unit-directory';
import { directoryOf, unitsDecider } from '../domain/units/units.decider';

/**
 * Folds the evaluation streams for handlers and queries. `until` reads a stream as it stood
 * at an instant: the longest prefix of the stream whose events all occurred (business time,
 * `occurredAt`) at or before it — a prefix, not a filter, so that the state is one the stream
 * really went through even if a manual clock ever stepped back (as audit's time travel does).
 */
@Injectable()
export class EvaluationReader {
  constructor(private readonly runner: CommandRunner) {}

  /** The registry as known now; validity on a date is asked of the directory. */
  async directory(): Promise<UnitDirectory> {
    const { state } = await this.runner.load(unitsDecider, UNITS_STREAM_ID);
    return directoryOf(state);
  }

  async programme(programmeId: string): Promise<ProgrammeDefinition | null> {
    const { state } = await this.runner.load(programmeDecider, programmeStreamId(programmeId));
    return state.status === 'defined' ? state.programme : null;
  }

  async requireProgramme(programmeId: string): Promise<ProgrammeDefinition> {
    const programme = await this.programme(programmeId);
    if (!programme) throw EvaluationErrors.programmeNotFound(programmeId);
    return programme;
  }

  async transformation(districtId: string, year: number, until?: Date): Promise<{ state: TransformationState; version: number }> {
    const { state, version } = await this.loadAsOf(transformationDecider, transformationStreamId(districtId, year), until);
    return { state, version };
  }

  async movement(year: number, until?: Date): Promise<{ state: MovementState; version: number }> {
    const { state, version } = await this.loadAsOf(movementDecider, movementStreamId(year), until);
    return { state, version };
  }

  private async loadAsOf<TState, TEvent extends DomainEvent>(
    decider: Pick<Decider<unknown, TState, TEvent>, 'initialState' | 'evolve'>,
    streamId: string,
    until?: Date,
  ): Promise<{ state: TState; version: number; events: RecordedEvent[] }> {
    const loaded = await this.runner.load(decider, streamId, until ? { until } : {});
    if (!until) return loaded;
    // The events read are those at or before `until`; they form a prefix unless business time stepped back.
    const gap = loaded.events.findIndex((event, index) => event.streamVersion !== index + 1);
    return gap === -1 ? loaded : this.runner.load(decider, streamId, { toVersion: gap });
  }
}

/** The years a programme's period touches (2017-09-06 … 2020-12-31 → 2017 … 2020). */
export function programmeYears(programme: Pick<ProgrammeDefinition, 'period'>): number[] {
  const first = Number(programme.period.start.slice(0, 4));
  const last = Number(programme.period.end.slice(0, 4));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
