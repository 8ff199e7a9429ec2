export * from './test-database';
export * from './test-redis';
export * from './free-port';
export * from './redis-server';
export * from './mail-sink';
export * from './webhook-receiver';
export * from './settle';
