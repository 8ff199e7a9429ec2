import { EventStore1732000000000 } from '@dondoc/event-store/postgres/event-store.migration';

/**
 * Every migration and read-model entity of every context, in order. The apps, the CLI and
 * the tests build their DataSource from these lists so that all of them run the same schema.
 */
export const ALL_MIGRATIONS: Function[] = [EventStore1732000000000];

export const ALL_ENTITIES: Function[] = [];
