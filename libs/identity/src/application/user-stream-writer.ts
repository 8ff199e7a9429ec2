import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import {
  CommandContext,
  CommandRunner,
  EVENT_STORE,
  EventStore,
  metadataFor,
  WrongExpectedVersionError,
} from '@dondoc/event-store';
import { UserCommand } from '../domain/user.commands';
import { decideUser, userDecider, UserState } from '../domain/user.decider';
import { UserEvent, userStreamId } from '../domain/user.events';
import { UserAccounts } from '../infrastructure/user-accounts.repository';

export interface UserCommandResult {
  userId: string;
  streamId: string;
  streamVersion: number;
  /** Global position of the last event written (of the first run, for a replayed command). */
  position: number;
  duplicate: boolean;
  eventCount: number;
}

/** Writes the account table for the events a command decided, inside the append's transaction. */
export type AccountWrite = (client: PoolClient, events: UserEvent[], state: UserState, newVersion: number) => Promise<void>;

const CONFLICT_RETRIES = 3;

/**
 * The command shell of the identity context: like CommandRunner (read, fold, decide, append
 * with the expected version, bounded retry, and its idempotency check), except that the append
 * runs in one transaction with the `identity_users` row, so credentials and the user stream
 * always agree.
 */
@Injectable()
export class UserStreamWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: CommandRunner,
    private readonly accounts: UserAccounts,
  ) {}

  async load(userId: string): Promise<{ state: UserState; version: number }> {
    return this.runner.load(userDecider, userStreamId(userId));
  }

  async execute(userId: string, command: UserCommand, context: CommandContext, write: AccountWrite): Promise<UserCommandResult> {
    const streamId = userStreamId(userId);
    const commandId = context.commandId ?? randomUUID();
    // The same idempotency check as every other command (CommandRunner.earlierRun): a replay on
    // this stream answers the first result, an id used on another stream is a 422.
    const replay = async (): Promise<UserCommandResult | null> => {
      const earlier = await this.runner.earlierRun(streamId, context);
      return earlier ? { userId, ...earlier } : null;
    };
    const earlier = await replay();
    if (earlier) return earlier;
    for (let attempt = 0; ; attempt++) {
      try {
        const { state, version } = await this.load(userId);
        if (context.expectedVersion !== undefined && context.expectedVersion !== version) {
          throw new WrongExpectedVersionError(streamId, context.expectedVersion, version);
        }
        const events = decideUser(command, state);
        if (events.length === 0) return { userId, streamId, streamVersion: version, position: 0, duplicate: false, eventCount: 0 };
        const appended = await this.accounts.inTransaction(async (client) => {
          await write(client, events, state, version + events.length);
          return this.store.append(streamId, version, events, { client, commandId, metadata: metadataFor(context, commandId) });
        });
        return {
          userId,
          streamId,
          streamVersion: appended.streamVersion,
          position: appended.lastPosition,
          duplicate: false,
          eventCount: events.length,
        };
      } catch (error) {
        // Two requests with the same key at once: the one that lost (deciding on the winner's
        // state, or on the account row or the stream version) answers what the winner did, not
        // USER_EXISTS, USERNAME_TAKEN or a conflict.
        const replayed = await replay();
        if (replayed) return replayed;
        const retry = error instanceof WrongExpectedVersionError && context.expectedVersion === undefined && attempt < CONFLICT_RETRIES;
        if (!retry) throw error;
      }
    }
  }
}
