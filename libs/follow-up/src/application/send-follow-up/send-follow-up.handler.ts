import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { assertFollowUpRole } from '../../domain/authorization';
import { FollowUpErrors } from '../../domain/follow-up.errors';
import { FollowUpSentData } from '../../domain/follow-up.events';
import { followUpMessageId, followUpStreamId } from '../../domain/follow-up.ids';
import { followUpMessage } from '../../domain/messages';
import { messageStreamDecider } from '../../domain/message-stream.decider';
import { dueDateOfDueAt } from '../../domain/reminder-stages';
import { obligationsOf, planDeliveries } from '../../domain/stage-firing';
import { commandMetadata } from '../command-metadata';
import { FollowUpReader } from '../follow-up-reader';
import { SendFollowUpCommand } from './send-follow-up.command';

export const MAX_NOTE_LENGTH = 4_000;

/**
 * Appends FollowUpSent to `followup-<taskId>` with its deliveries planned (e-mail and webhook of
 * the lead agency within working hours, or in its digest; the inbox at once). The worker
 * delivers it like a reminder.
 */
@CommandHandler(SendFollowUpCommand)
export class SendFollowUpHandler implements ICommandHandler<SendFollowUpCommand, CommandResult & { followUpId: string; messageId: string }> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: FollowUpReader,
  ) {}

  async execute({ taskId, input, context }: SendFollowUpCommand): Promise<CommandResult & { followUpId: string; messageId: string }> {
    const { actor } = context;
    assertFollowUpRole(actor, 'SendFollowUp');
    const now = context.now.toISOString();
    const reading = await this.reader.stageReading(taskId, {}, now);
    if (!reading) throw FollowUpErrors.taskNotFound(taskId);
    const { truth } = reading;
    const task = truth.task as Exclude<typeof truth.task, { status: 'unassigned' }>;
    const monitoringAgency = truth.plan?.monitoringAgency ?? null;
    if (actor.role === 'monitoring' && (!monitoringAgency || actor.agency !== monitoringAgency)) {
      throw FollowUpErrors.notMonitoringAgency(monitoringAgency ?? '—');
    }
    if (task.status !== 'active') throw FollowUpErrors.taskClosed(taskId, task.status);
    const note = typeof input.note === 'string' ? input.note.trim() : '';
    if (!note || note.length > MAX_NOTE_LENGTH) throw FollowUpErrors.noteRequired();
    let dueDate: string | null = null;
    if (input.periodId !== null) {
      const obligation = obligationsOf(truth).find((o) => o.periodId === input.periodId);
      if (!obligation) throw FollowUpErrors.periodNotInObligation(input.periodId);
      dueDate = dueDateOfDueAt(obligation.dueAt);
    }
    const messageId = followUpMessageId(taskId, input.followUpId);
    const recipients = [{ agency: task.leadAgency, audience: 'agency' as const }];
    const name = (code: string | null) => (code ? (reading.agencyNames.get(code) ?? code) : null);
    const fromAgency = actor.role === 'monitoring' ? actor.agency : monitoringAgency;
    const content = followUpMessage({
      taskTitle: task.title,
      planNumber: truth.plan?.number ?? null,
      leadAgency: task.leadAgency,
      leadAgencyName: name(task.leadAgency)!,
      fromAgencyName: name(fromAgency),
      note,
      periodId: input.periodId,
      dueDate,
      followUpId: input.followUpId,
    });
    const data: FollowUpSentData = {
      taskId,
      planId: task.planId,
      followUpId: input.followUpId,
      messageId,
      periodId: input.periodId,
      leadAgency: task.leadAgency,
      taskTitle: task.title,
      fromAgency,
      sentBy: actor.userId,
      note,
      recipients,
      deliveries: planDeliveries(messageId, recipients, reading.contacts, {
        now,
        calendar: truth.calendar,
        hours: truth.hours,
        digestAtMinutes: this.reader.digestAtMinutes,
      }),
      subject: content.subject,
      text: content.text,
      sentAt: now,
    };
    const result = await this.runner.run(
      messageStreamDecider,
      followUpStreamId(taskId),
      { type: 'SendFollowUp', data, metadata: commandMetadata(context) },
      context,
    );
    return { ...result, followUpId: input.followUpId, messageId };
  }
}
