import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { calendarDecider } from '../../domain/calendar.decider';
import { calendarStreamId } from '../../domain/follow-up.ids';
import { commandMetadata } from '../command-metadata';
import { DeclareCalendarDayCommand } from './declare-calendar-day.command';

/**
 * Appends DayOffDeclared / WorkingDayDeclared. Deadlines still open when it is declared follow
 * it (the follow-up consumer reschedules their stages); a period already closed keeps its
 * deadline and status class, because the amendment takes effect only from `declaredAt`.
 */
@CommandHandler(DeclareCalendarDayCommand)
export class DeclareCalendarDayHandler implements ICommandHandler<DeclareCalendarDayCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ kind, input, context }: DeclareCalendarDayCommand): Promise<CommandResult> {
    const type = kind === 'day_off' ? 'DeclareDayOff' : 'DeclareWorkingDay';
    return this.runner.run(calendarDecider, calendarStreamId(input.year), { type, data: input, metadata: commandMetadata(context) }, context);
  }
}
