import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { CalendarDeclaration, calendarKnownAt, declarationYears, WorkingCalendar } from '@dondoc/calendar';
import { EventRow, RecordedEvent, toRecordedEvent, Upcasters } from '@dondoc/event-store';
import { fold } from '@dondoc/event-store/decider/decider';
import { EVENT_COLUMNS } from '@dondoc/event-store/postgres/event-store.sql';
import { AppConfig, BatchedRequests, PG_POOL } from '@dondoc/platform';
import { agencyDecider, AgencyState } from '@dondoc/tasking/domain/agency.decider';
import { AgencySuccessions, MAX_SUCCESSION_CHAIN, successionLinks } from '@dondoc/tasking/domain/agency-succession';
import { PlanIssuedData } from '@dondoc/tasking/domain/plan.events';
import { planDecider, PlanState } from '@dondoc/tasking/domain/plan.decider';
import { agencyStreamId, planStreamId, taskStreamId } from '@dondoc/tasking/domain/stream-ids';
import { taskDecider, TaskState } from '@dondoc/tasking/domain/task.decider';
import { ContactsState, contactsDecider, publicContacts } from '../domain/contacts.decider';
import { CalendarEvent } from '../domain/follow-up.events';
import { calendarStreamId, contactsStreamId, followUpStreamId, reminderStagesStreamId } from '../domain/follow-up.ids';
import { MessageStreamState, messageStreamDecider } from '../domain/message-stream.decider';
import { reminderStagesDecider } from '../domain/reminder-stages.decider';
import { ReminderStagesConfig } from '../domain/reminder-stages';
import { AgencyContacts, StageTruth } from '../domain/stage-firing';
import { parseLocalTime, parseWorkingHours, WorkingHours } from '../domain/working-hours';

/** Streams read together, each folded by its decider. */
export interface StreamRead {
  events: RecordedEvent[];
  version: number;
}

/** Everything a stage job decides on, read in one round trip (two when the task changed its lead agency). */
export interface StageReading {
  truth: StageTruth;
  messages: MessageStreamState;
  followUpVersion: number;
  contacts: Map<string, AgencyContacts>;
  sealedSecrets: Map<string, string | null>;
  agencyNames: Map<string, string>;
}

const NAME_TTL_MS = 60_000;
const READ_STREAMS_SQL = `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_version`;

/**
 * Reads the truth of the follow-up context from the event store: several streams in one query
 * (`stream_id = ANY`, on the unique index), folded with each stream's decider. Issued plans
 * never change, so they are kept; agency names are kept a minute (they only label messages).
 * Everything that decides whether a reminder is sent (task, stages, calendar, sent stages) is
 * read anew every time.
 */
@Injectable()
export class FollowUpReader {
  readonly hours: WorkingHours;
  readonly digestAtMinutes: number;
  private readonly plans = new Map<string, PlanIssuedData>();
  private readonly names = new Map<string, { name: string; at: number }>();
  /**
   * Stream reads: those asked for in the same turn of the event loop go as one query. In a burst
   * of reminders, twenty jobs read at once, and each query's round trip cost the worker's thread
   * more than the job's own work (socket writes are system calls that wake PostgreSQL). Alone, a
   * read waits for nothing but the turn.
   */
  private readonly reads = new BatchedRequests<readonly string[], EventRow[]>(
    (asked) => this.sendReads(asked),
    (flush) => setImmediate(flush),
  );

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly upcasters: Upcasters,
    config: AppConfig,
  ) {
    this.hours = parseWorkingHours(config.WORKING_HOURS);
    this.digestAtMinutes = parseLocalTime(config.DIGEST_AT) ?? 16 * 60 + 30;
  }

  /** The given streams (missing ones empty), upcast, in stream order. */
  async readStreams(streamIds: readonly string[]): Promise<Map<string, StreamRead>> {
    const unique = [...new Set(streamIds)];
    const rows = await this.reads.ask(unique);
    const streams = new Map<string, StreamRead>(unique.map((id) => [id, { events: [], version: 0 }]));
    for (const row of rows) {
      const event = toRecordedEvent(row);
      const current = this.upcasters.upcast(event);
      const stream = streams.get(event.streamId)!;
      stream.events.push(current.schemaVersion === event.schemaVersion ? event : { ...event, data: current.data, schemaVersion: current.schemaVersion });
      stream.version = event.streamVersion;
    }
    return streams;
  }

  /** One query for every stream asked for; each caller's rows, in the order of its stream ids. */
  private async sendReads(asked: ReadonlyArray<readonly string[]>): Promise<EventRow[][]> {
    const ids = [...new Set(asked.flat())];
    // Named: prepared once per connection; every stage and delivery job runs it.
    const result = await this.pool.query<EventRow>({ name: 'dondoc_follow_up_read_streams', text: READ_STREAMS_SQL, values: [ids] });
    const byStream = new Map<string, EventRow[]>();
    for (const row of result.rows) {
      let rows = byStream.get(row.stream_id);
      if (!rows) byStream.set(row.stream_id, (rows = []));
      rows.push(row);
    }
    const handedOut = new Set<string>();
    return asked.map((streamIds) => {
      const rows: EventRow[] = [];
      for (const id of streamIds) {
        // Each caller folds its own copy: a stream two jobs read must not share objects between them.
        const own = handedOut.has(id);
        handedOut.add(id);
        for (const row of byStream.get(id) ?? []) rows.push(own ? structuredClone(row) : row);
      }
      return rows;
    });
  }

  /** Calendar years a deadline's stages can reach (stages are at most 60 working days away). */
  static calendarYears(...instants: string[]): number[] {
    return declarationYears(...instants.map((instant) => new Date(instant).toISOString()));
  }

  /**
   * The calendar with every declaration of these years (the fold tasking and the task board use
   * too, @dondoc/calendar `calendarKnownAt`). All of them: a declaration made after a deadline
   * had passed does not move it (settledDueDate), so a stage of a closed period stays as it was.
   */
  calendarFrom(streams: Map<string, StreamRead>, years: readonly number[]): WorkingCalendar {
    const declarations: CalendarDeclaration[] = [];
    for (const year of years) {
      for (const event of streams.get(calendarStreamId(year))?.events ?? []) declarations.push(event as unknown as CalendarEvent);
    }
    return calendarKnownAt(declarations);
  }

  /** The calendar with every amendment declared for the years around `instants`. */
  async calendar(...instants: string[]): Promise<WorkingCalendar> {
    const years = FollowUpReader.calendarYears(...instants);
    return this.calendarFrom(await this.readStreams(years.map(calendarStreamId)), years);
  }

  /** A stream folded with its decider (events are already upcast). */
  fold<TState>(decider: { initialState(): TState; evolve(state: TState, event: never): TState }, stream: StreamRead | undefined): TState {
    return fold(decider as never, (stream?.events ?? []) as never[]) as TState;
  }

  async plan(planId: string): Promise<PlanIssuedData | null> {
    const cached = this.plans.get(planId);
    if (cached) return cached;
    const streams = await this.readStreams([planStreamId(planId)]);
    return this.rememberPlan(planId, streams);
  }

  private rememberPlan(planId: string, streams: Map<string, StreamRead>): PlanIssuedData | null {
    const state = this.fold<PlanState>(planDecider, streams.get(planStreamId(planId)));
    if (state.status !== 'issued') return null;
    const { status: _, ...plan } = state;
    this.plans.set(planId, plan);
    return plan;
  }

  /** Remembers an agency's Vietnamese name (a cache of labels: wall-clock time, not business time). */
  private agencyName(code: string, streams: Map<string, StreamRead>): void {
    const stream = streams.get(agencyStreamId(code));
    if (!stream) return;
    const state = this.fold<AgencyState>(agencyDecider, stream);
    this.names.set(code, { name: state.status === 'registered' ? state.nameVi : code, at: Date.now() });
  }

  /**
   * Reads a task's stage truth: its stream, its plan, the plan's stages, the calendar, the
   * task's follow-up stream, and the contacts and names of every agency a stage may address.
   */
  async stageReading(taskId: string, hint: { planId?: string; leadAgency?: string; dueAt?: string }, now: string): Promise<StageReading | null> {
    const planId = hint.planId;
    const plan = planId ? (this.plans.get(planId) ?? null) : null;
    const years = FollowUpReader.calendarYears(now, ...(hint.dueAt ? [hint.dueAt] : []));
    const nowMs = Date.now();
    const agencies = (lead: string | undefined, p: PlanIssuedData | null, config?: ReminderStagesConfig) =>
      [lead, p?.monitoringAgency, p?.issuerAgency, config?.committeeAgency ?? undefined].filter((a): a is string => !!a);
    const streamsFor = (lead: string | undefined, p: PlanIssuedData | null, pid: string | undefined) => {
      const ids = [taskStreamId(taskId), followUpStreamId(taskId), ...years.map(calendarStreamId)];
      if (pid) ids.push(reminderStagesStreamId(pid));
      if (pid && !p) ids.push(planStreamId(pid));
      for (const agency of agencies(lead, p)) {
        ids.push(contactsStreamId(agency));
        const name = this.names.get(agency);
        // The lead's own stream always: it says whether the lead has ceased (AgencySucceeded).
        if (agency === lead || !name || nowMs - name.at > NAME_TTL_MS) ids.push(agencyStreamId(agency));
      }
      return ids;
    };
    let streams = await this.readStreams(streamsFor(hint.leadAgency, plan, planId));
    const recorded = this.fold<TaskState>(taskDecider, streams.get(taskStreamId(taskId)));
    if (recorded.status === 'unassigned') return null;
    const answering = await this.answeringAgency(recorded.leadAgency, streams, now);
    streams = answering.streams;
    // Reminders go to, and name, the agency that answers for the task now (a lead that ceased in
    // a reorganisation hands its work on); the task's recorded lead is not rewritten.
    const task: TaskState = answering.code === recorded.leadAgency ? recorded : { ...recorded, leadAgency: answering.code };
    let thePlan = plan ?? (planId === task.planId ? this.rememberPlan(task.planId, streams) : null);
    // At most two more round trips: the plan (when the hint lacked it), then the agencies it names.
    for (let round = 0; round < 2; round++) {
      const needed = streamsFor(task.leadAgency, thePlan, task.planId);
      const stagesRead = streams.get(reminderStagesStreamId(task.planId));
      const committee = stagesRead ? this.fold<ReminderStagesConfig>(reminderStagesDecider, stagesRead).committeeAgency : null;
      if (committee) needed.push(contactsStreamId(committee), agencyStreamId(committee));
      const missing = needed.filter((id) => !streams.has(id));
      if (!missing.length) break;
      streams = new Map([...streams, ...(await this.readStreams(missing))]);
      thePlan = thePlan ?? this.rememberPlan(task.planId, streams);
    }
    const config = this.fold<ReminderStagesConfig>(reminderStagesDecider, streams.get(reminderStagesStreamId(task.planId)));
    const followUp = streams.get(followUpStreamId(taskId));
    const messages = this.fold<MessageStreamState>(messageStreamDecider, followUp);
    const contacts = new Map<string, AgencyContacts>();
    const sealedSecrets = new Map<string, string | null>();
    const agencyNames = new Map<string, string>();
    for (const agency of agencies(task.leadAgency, thePlan, config)) {
      const state = this.fold<ContactsState>(contactsDecider, streams.get(contactsStreamId(agency)));
      const publicPart = publicContacts(state);
      if (publicPart) contacts.set(agency, publicPart);
      sealedSecrets.set(agency, state.status === 'set' ? state.webhookSecretSealed : null);
      if (streams.has(agencyStreamId(agency))) this.agencyName(agency, streams);
      agencyNames.set(agency, this.names.get(agency)?.name ?? agency);
    }
    return {
      truth: {
        task,
        plan: thePlan,
        config,
        calendar: this.calendarFrom(streams, years),
        hours: this.hours,
        sent: messages.sentStages,
      },
      messages,
      followUpVersion: followUp?.version ?? 0,
      contacts,
      sealedSecrets,
      agencyNames,
    };
  }

  /**
   * The agency that answers for `code`'s work at `now` (`AgencySuccessions.answering`, the rule
   * the task board and the commands use). The links are read here, one agency stream per link
   * (AgencySucceeded on `agency-<code>`), so an agency that never ceased costs no round trip.
   */
  async answeringAgency(code: string, read: Map<string, StreamRead>, now: string): Promise<{ code: string; streams: Map<string, StreamRead> }> {
    let streams = read;
    const states = new Map<string, AgencyState>();
    for (let current = code; !states.has(current) && states.size <= MAX_SUCCESSION_CHAIN; ) {
      if (!streams.has(agencyStreamId(current))) streams = new Map([...streams, ...(await this.readStreams([agencyStreamId(current)]))]);
      const state = this.fold<AgencyState>(agencyDecider, streams.get(agencyStreamId(current)));
      states.set(current, state);
      const succession = state.status === 'registered' ? state.succession : null;
      // Only a succession in effect by `now` leads on: a later one ends the chain here.
      if (!succession || Date.parse(succession.effectiveAt) > Date.parse(now)) break;
      current = succession.successorCode;
    }
    return { code: new AgencySuccessions(successionLinks(states), now).answering(code), streams };
  }

  /** An agency's contacts (with the sealed secret) and its Vietnamese name. */
  async agency(code: string): Promise<{ contacts: AgencyContacts | null; sealedSecret: string | null; name: string }> {
    const streams = await this.readStreams([contactsStreamId(code), agencyStreamId(code)]);
    const state = this.fold<ContactsState>(contactsDecider, streams.get(contactsStreamId(code)));
    this.agencyName(code, streams);
    return {
      contacts: publicContacts(state),
      sealedSecret: state.status === 'set' ? state.webhookSecretSealed : null,
      name: this.names.get(code)?.name ?? code,
    };
  }
}
