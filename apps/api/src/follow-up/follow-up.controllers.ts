import { Body, Controller, Get, Headers, HttpCode, Inject, Param, PipeTransform, Post, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  calendarStreamId,
  ConfigureReminderStagesCommand,
  contactsDecider,
  ContactsState,
  contactsStreamId,
  DeclareCalendarDayCommand,
  FollowUpErrors,
  FollowUpQueries,
  FollowUpReader,
  reminderStagesDecider,
  ReminderStagesConfig,
  reminderStagesStreamId,
  rolesFor,
  SendFollowUpCommand,
  SetAgencyContactsCommand,
} from '@dondoc/follow-up';
import { Actor, CLOCK, Clock, CurrentActor, DomainError, Roles } from '@dondoc/platform';
import { AGENCY_CODE_PATTERN } from '@dondoc/tasking';
import { commandContext } from '../http/command-context';
import { CommandRoute, IdParam, newId, toResponse } from '../tasking/tasking-http';
import { AgencyContactsDto, CalendarDayDto, FollowUpDto, InboxQueryDto, PageQueryDto, ReminderStagesDto } from './follow-up.dto';

class YearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = Number(value);
    if (!/^\d{4}$/.test(value) || year < 1900 || year > 2199) {
      throw new DomainError('invalid', 'YEAR_OUT_OF_RANGE', `year: "${value}" phải là năm từ 1900 đến 2199`, { field: 'year' });
    }
    return year;
  }
}

class AgencyCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!AGENCY_CODE_PATTERN.test(value)) {
      throw new DomainError('invalid', 'AGENCY_CODE_INVALID', 'code phải là mã cơ quan: chữ in hoa, số, dấu _ (2–64 ký tự)', { field: 'code' });
    }
    return value;
  }
}

@ApiTags('follow-up')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reader: FollowUpReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private declare(kind: 'day_off' | 'working_day', body: CalendarDayDto, actor: Actor, idempotencyKey?: string) {
    const context = commandContext(actor, this.clock.now(), idempotencyKey);
    const year = Number(body.date.slice(0, 4));
    return this.commands.execute(new DeclareCalendarDayCommand(kind, { year, date: body.date, reason: body.reason }, context)).then(toResponse);
  }

  @Post('days-off')
  @Roles(...rolesFor('DeclareCalendarDay'))
  @CommandRoute({ ifMatch: false })
  @ApiOperation({
    summary: 'Declare a day off (e.g. a compensatory day announced for the year); open deadlines on it move to the next working day',
    description: 'Appends DayOffDeclared to `calendar-<year>`. A deadline that had already passed keeps its date and status.',
  })
  dayOff(@Body() body: CalendarDayDto, @CurrentActor() actor: Actor, @Headers('idempotency-key') key?: string) {
    return this.declare('day_off', body, actor, key);
  }

  @Post('working-days')
  @Roles(...rolesFor('DeclareCalendarDay'))
  @CommandRoute({ ifMatch: false })
  @ApiOperation({ summary: 'Declare a make-up working day (làm bù), e.g. a Saturday worked for a bridge day off' })
  workingDay(@Body() body: CalendarDayDto, @CurrentActor() actor: Actor, @Headers('idempotency-key') key?: string) {
    return this.declare('working_day', body, actor, key);
  }

  @Get(':year')
  @ApiOperation({ summary: 'The days off and make-up working days declared for a year, oldest declaration first' })
  async year(@Param('year', new YearPipe()) year: number) {
    const streams = await this.reader.readStreams([calendarStreamId(year)]);
    return {
      year,
      declarations: streams.get(calendarStreamId(year))!.events.map((e) => ({
        type: e.type,
        ...(e.data as object),
        declaredBy: e.metadata.actor,
        position: e.globalPosition,
      })),
    };
  }
}

@ApiTags('follow-up')
@ApiBearerAuth()
@Controller('plans')
export class ReminderStagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reader: FollowUpReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Put(':planId/reminder-stages')
  @HttpCode(200)
  @Roles(...rolesFor('ConfigureReminderStages'))
  @CommandRoute({ ifMatch: true })
  @ApiOperation({ summary: "Configure a plan's reminder stages (without `stages`: the default); open obligations are rescheduled" })
  async configure(
    @IdParam('planId') planId: string,
    @Body() body: ReminderStagesDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    const context = commandContext(actor, this.clock.now(), key, ifMatch);
    const stages = body.stages ? body.stages.map((s) => ({ key: s.key, offsetWorkingDays: s.offsetWorkingDays, at: s.at ?? null, kind: s.kind, to: s.to })) : null;
    return toResponse(await this.commands.execute(new ConfigureReminderStagesCommand(planId, { stages, committeeAgency: body.committeeAgency ?? null }, context)));
  }

  @Get(':planId/reminder-stages')
  @Roles(...rolesFor('ReadReminders'))
  @ApiOperation({ summary: "A plan's reminder stages (`default: true` when never configured)" })
  async stages(@IdParam('planId') planId: string) {
    const streams = await this.reader.readStreams([reminderStagesStreamId(planId)]);
    const stream = streams.get(reminderStagesStreamId(planId))!;
    const config = this.reader.fold<ReminderStagesConfig>(reminderStagesDecider, stream);
    return { planId, default: stream.version === 0, ...config, version: stream.version };
  }
}

@ApiTags('follow-up')
@ApiBearerAuth()
@Controller('agencies')
export class ContactsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reader: FollowUpReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Put(':code/contacts')
  @HttpCode(200)
  @Roles(...rolesFor('SetAgencyContacts'))
  @CommandRoute({ ifMatch: true })
  @ApiOperation({
    summary: 'Set where an agency receives reminders: e-mail, head e-mail, webhook URL and secret (sealed), daily digest',
    description: 'Appends AgencyContactsSet to `contacts-<CODE>`. The webhook secret is sealed (AES-256-GCM) before it is stored and never returned.',
  })
  async set(
    @Param('code', new AgencyCodePipe()) code: string,
    @Body() body: AgencyContactsDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    const context = commandContext(actor, this.clock.now(), key, ifMatch);
    const input = {
      email: body.email ?? null,
      headEmail: body.headEmail ?? null,
      webhookUrl: body.webhookUrl ?? null,
      webhookSecret: body.webhookSecret,
      digest: body.digest ?? false,
    };
    return toResponse(await this.commands.execute(new SetAgencyContactsCommand(code, input, context)));
  }

  @Get(':code/contacts')
  @Roles(...rolesFor('ReadContacts'))
  @ApiOperation({ summary: "An agency's contacts, without the webhook secret" })
  @ApiNotFoundResponse({ description: 'CONTACTS_NOT_SET' })
  async get(@Param('code', new AgencyCodePipe()) code: string) {
    const streams = await this.reader.readStreams([contactsStreamId(code)]);
    const stream = streams.get(contactsStreamId(code))!;
    const state = this.reader.fold<ContactsState>(contactsDecider, stream);
    if (state.status !== 'set') throw new DomainError('not_found', 'CONTACTS_NOT_SET', `Cơ quan ${code} chưa khai báo địa chỉ nhận thông báo`, { agency: code });
    const { webhookSecretSealed, status: _, ...rest } = state;
    return { ...rest, webhookSecretSet: webhookSecretSealed !== null, version: stream.version };
  }
}

@ApiTags('follow-up')
@ApiBearerAuth()
@Controller()
export class RemindersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: FollowUpQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('inbox')
  @Roles(...rolesFor('ReadReminders'))
  @ApiOperation({ summary: "An agency's in-app inbox of reminders, escalations and follow-ups, newest first, paged" })
  @ApiForbiddenResponse({ description: 'NOT_YOUR_AGENCY, NO_AGENCY' })
  inbox(@Query() query: InboxQueryDto, @CurrentActor() actor: Actor) {
    const agency = query.agency ?? actor.agency;
    if (!agency) throw FollowUpErrors.noAgency();
    return this.queries.inbox(agency, actor, query);
  }

  @Post('tasks/:taskId/follow-ups')
  @Roles(...rolesFor('SendFollowUp'))
  @CommandRoute({ ifMatch: false })
  @ApiOperation({
    summary: 'Follow up (đôn đốc) a task: the monitoring agency of its plan urges the lead agency; delivered like a reminder',
  })
  @ApiCreatedResponse({ description: 'streamId, streamVersion, position, duplicate, followUpId, messageId' })
  async followUp(
    @IdParam('taskId') taskId: string,
    @Body() body: FollowUpDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ) {
    const context = commandContext(actor, this.clock.now(), key);
    const followUpId = body.followUpId ?? newId('follow-up', taskId, context.commandId);
    const result = await this.commands.execute(new SendFollowUpCommand(taskId, { note: body.note, periodId: body.periodId ?? null, followUpId }, context));
    return { ...toResponse(result), followUpId: result.followUpId, messageId: result.messageId };
  }

  @Get('tasks/:taskId/reminders')
  @Roles(...rolesFor('ReadReminders'))
  @ApiOperation({
    summary: "A task's reminder history: when each was due, when it was sent, to whom, by which channel, and how delivery ended",
  })
  @ApiOkResponse({ description: 'items (oldest first), page, pageSize, total' })
  @ApiForbiddenResponse({ description: "NOT_YOUR_AGENCY (an officer who may not read the task), AGENCY_CEASED (an officer of an agency that has ceased: its successor answers)" })
  @ApiNotFoundResponse({ description: 'TASK_NOT_FOUND' })
  reminders(@IdParam('taskId') taskId: string, @Query() query: PageQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.reminders(taskId, actor, query);
  }
}
