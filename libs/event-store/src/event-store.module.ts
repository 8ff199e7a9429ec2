import { Global, Module } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '@dondoc/platform';
import { EVENT_STORE, EventStore } from './event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { CommandRunner } from './decider/command-runner';
import { Upcasters } from './decider/upcasters';

/** Provides EVENT_STORE, the shared Upcasters registry and the CommandRunner. */
@Global()
@Module({
  providers: [
    { provide: EVENT_STORE, inject: [PG_POOL], useFactory: (pool: Pool) => new PostgresEventStore(pool) },
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
