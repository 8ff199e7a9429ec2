import { Module } from '@nestjs/common';
import { FollowUpModule } from '@dondoc/follow-up';
import { CalendarController, ContactsController, ReminderStagesController, RemindersController } from './follow-up.controllers';

/** Calendar declarations, reminder stages, contacts, inbox, follow-ups and reminder history over HTTP. */
@Module({
  imports: [FollowUpModule.forRoot()],
  controllers: [CalendarController, ReminderStagesController, ContactsController, RemindersController],
})
export class FollowUpApiModule {}
