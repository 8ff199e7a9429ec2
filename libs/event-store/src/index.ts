export * from './event-store';
export * from './errors';
export * from './hashing';
export * from './postgres/postgres-event-store';
export * from './postgres/event-store.migration';
export { POSITION_SHIFT, MAX_EVENTS_PER_TRANSACTION } from './postgres/event-store.sql';
