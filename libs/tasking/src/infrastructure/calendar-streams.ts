import { Inject, Injectable } from '@nestjs/common';
import { CalendarDeclaration, calendarKnownAt, calendarStreamId, isCalendarDeclaration, WorkingCalendar } from '@dondoc/calendar';
import { EVENT_STORE, EventStore } from '@dondoc/event-store/event-store';
import { Upcasters } from '@dondoc/event-store/decider/upcasters';
import { DeclaredCalendars } from './calendar-obligation-deadlines';

interface YearRead {
  /** Version of the last event read from `calendar-<year>` (0: none yet). */
  version: number;
  declarations: readonly CalendarDeclaration[];
}

const NOTHING_READ: YearRead = Object.freeze({ version: 0, declarations: [] });
const MAX_CACHED_CALENDARS = 64;

/**
 * The calendar with the days an administrator declared (`calendar-<year>` streams, appended by
 * the follow-up context), read through the event store for the command handlers.
 *
 * Each year's declarations are kept with the stream version they were read at; every call reads
 * only the events after it (one lookup on the stream's unique index per year, empty unless
 * someone declared a day meanwhile), so a declaration counts from the next command on, in every
 * API process. The calendar built from a set of versions is kept too, so that its caches (the
 * resolved official years, the deadlines it settled) serve the commands that follow.
 */
@Injectable()
export class CalendarStreams implements DeclaredCalendars {
  private readonly years = new Map<number, YearRead>();
  private readonly calendars = new Map<string, WorkingCalendar>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly upcasters: Upcasters,
  ) {}

  async calendarKnownAt(years: readonly number[], knownAt: Date): Promise<WorkingCalendar> {
    const reads = await Promise.all(years.map((year) => this.read(year)));
    const declarations = reads.flatMap((read) => read.declarations);
    if (declarations.length === 0) return calendarKnownAt([]);
    // Declarations are recorded at their command's time, so a later command knows all of them;
    // one declared "after" knownAt only happens when the clock is set back (tests, replays).
    const cut = knownAt.getTime();
    if (declarations.some((d) => Date.parse(d.data.declaredAt) > cut)) return calendarKnownAt(declarations, knownAt);
    const key = years.map((year, i) => `${year}@${reads[i].version}`).join(',');
    let calendar = this.calendars.get(key);
    if (!calendar) {
      calendar = calendarKnownAt(declarations);
      if (this.calendars.size >= MAX_CACHED_CALENDARS) this.calendars.clear();
      this.calendars.set(key, calendar);
    }
    return calendar;
  }

  private async read(year: number): Promise<YearRead> {
    const known = this.years.get(year) ?? NOTHING_READ;
    const slice = await this.store.readStream(calendarStreamId(year), { fromVersion: known.version + 1 });
    if (slice.events.length === 0) return known;
    const added: CalendarDeclaration[] = [];
    for (const event of slice.events) {
      const current = this.upcasters.upcast(event);
      if (isCalendarDeclaration(current)) added.push(current as unknown as CalendarDeclaration);
    }
    const next: YearRead = { version: slice.events[slice.events.length - 1].streamVersion, declarations: [...known.declarations, ...added] };
    // Two commands may read at once: keep whichever read further.
    if ((this.years.get(year)?.version ?? 0) < next.version) this.years.set(year, next);
    return next;
  }
}
