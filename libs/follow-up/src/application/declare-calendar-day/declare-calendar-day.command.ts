import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandResult } from '@dondoc/event-store/decider/command-runner';

export type CalendarDayKind = 'day_off' | 'working_day';

/** An administrator declares a day off or a make-up working day of a year (an event in `calendar-<year>`, so audited). */
export class DeclareCalendarDayCommand extends Command<CommandResult> {
  constructor(
    readonly kind: CalendarDayKind,
    readonly input: { year: number; date: string; reason: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}
