import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, CommandResult, CommandRunner } from '@dondoc/event-store/decider/command-runner';
import { DomainError } from '@dondoc/platform/errors/domain-error';
import { RecordAgencySuccession } from '../../domain/agency.commands';
import { agencyDecider, AgencyState } from '../../domain/agency.decider';
import { agencyStreamId } from '../../domain/stream-ids';
import { AgencySuccessionLock } from '../../infrastructure/agency-succession-lock';
import { commandMetadata } from '../command-metadata';
import { successorFacts, TaskingReader } from '../tasking-reader';
import { RecordAgencySuccessionCommand, RecordAgencySuccessionsCommand, RecordedSuccession } from './record-agency-succession.command';

/**
 * Reads the successor's chain and appends the succession to `agency-<code>`, while holding the
 * succession lock: no other succession is decided in between, so the cycle check stays true
 * until the append.
 */
@CommandHandler(RecordAgencySuccessionCommand)
export class RecordAgencySuccessionHandler implements ICommandHandler<RecordAgencySuccessionCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: TaskingReader,
    private readonly lock: AgencySuccessionLock,
  ) {}

  execute({ input, context }: RecordAgencySuccessionCommand): Promise<CommandResult> {
    return this.lock.run(async () => {
      const successor = successorFacts(await this.reader.agencyChains([input.successorCode]), input.successorCode);
      const command: RecordAgencySuccession = {
        type: 'RecordAgencySuccession',
        data: { ...input, successor },
        metadata: commandMetadata(context),
      };
      return this.runner.run(agencyDecider, agencyStreamId(input.code), command, context);
    });
  }
}

/**
 * A list of successions, all or nothing as far as the rules go: under the succession lock, every
 * item is decided in order against the agencies as the earlier items leave them (two items for
 * one agency, or X → Y with Y → X, are refused), and one refusal refuses the list, naming the
 * item (`details.item`, from 0), before anything is appended. Then each item is appended to its
 * own stream, one after the other.
 *
 * The appends are not one transaction: a crash between two leaves the first ones recorded. Each
 * item's command id is the request's id with `#<code>`, so the same request sent again (same
 * Idempotency-Key) answers the recorded items as duplicates and appends the rest.
 */
@CommandHandler(RecordAgencySuccessionsCommand)
export class RecordAgencySuccessionsHandler implements ICommandHandler<RecordAgencySuccessionsCommand, RecordedSuccession[]> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: TaskingReader,
    private readonly lock: AgencySuccessionLock,
  ) {}

  execute({ input, context }: RecordAgencySuccessionsCommand): Promise<RecordedSuccession[]> {
    return this.lock.run(async () => {
      const items = input.items.map((item) => {
        const itemContext: CommandContext = { ...context, commandId: context.commandId ? `${context.commandId}#${item.code}` : undefined };
        return { ...item, context: itemContext, streamId: agencyStreamId(item.code) };
      });
      const earlier = await Promise.all(items.map((item, index) => this.itemError(index, item.code, () => this.runner.earlierRun(item.streamId, item.context))));
      const states = new Map(await this.reader.agencyChains(items.flatMap((item) => [item.code, item.successorCode])));
      const commands: RecordAgencySuccession[] = items.map((item) => ({
        type: 'RecordAgencySuccession',
        data: { code: item.code, successorCode: item.successorCode, effectiveOn: input.effectiveOn, reason: input.reason, successor: { registered: false, successions: [] } },
        metadata: commandMetadata(context),
      }));
      // Decide every new item against the states the earlier items leave.
      for (const [index, item] of items.entries()) {
        if (earlier[index]) continue;
        const command = commands[index];
        command.data.successor = successorFacts(states, item.successorCode);
        const state: AgencyState = states.get(item.code) ?? agencyDecider.initialState();
        const events = await this.itemError(index, item.code, async () => agencyDecider.decide(command, state));
        states.set(item.code, events.reduce(agencyDecider.evolve, state));
      }
      const results: RecordedSuccession[] = [];
      for (const [index, item] of items.entries()) {
        const result = earlier[index] ?? (await this.runner.run(agencyDecider, item.streamId, commands[index], item.context));
        results.push({ code: item.code, successorCode: item.successorCode, ...result });
      }
      return results;
    });
  }

  /** A refusal of one item refuses the list and says which item it was. */
  private async itemError<T>(index: number, code: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError(error.kind, error.code, `Mục ${index + 1} (${code}): ${error.message}`, { ...(error.details ?? {}), item: index, code });
    }
  }
}
