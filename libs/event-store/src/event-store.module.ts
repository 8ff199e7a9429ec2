import { Global, Module } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '@dondoc/platform';
import { EVENT_STORE, EventStore } from './event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { CommandRunner } from './decider/command-runner';
import { Upcasters } from './decider/upcasters';
import { APPEND_LISTENER, AppendListener, ListenedEventStore } from './append-listener';

/** Provides EVENT_STORE (told to APPEND_LISTENER when one is provided), the shared Upcasters registry and the CommandRunner. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      // An app that wakes its projections after appends provides APPEND_LISTENER (ProjectionsModule with its queue).
      inject: [PG_POOL, { token: APPEND_LISTENER, optional: true }],
      useFactory: (pool: Pool, listener?: AppendListener) => {
        const store = new PostgresEventStore(pool);
        return listener ? new ListenedEventStore(store, listener) : store;
      },
    },
    { provide: Upcasters, useValue: new Upcasters() },
    {
      provide: CommandRunner,
      inject: [EVENT_STORE, Upcasters],
      useFactory: (store: EventStore, upcasters: Upcasters) => new CommandRunner(store, upcasters),
    },
  ],
  exports: [EVENT_STORE, Upcasters, CommandRunner],
})
export class EventStoreModule {}
