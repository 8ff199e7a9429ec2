import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { checkRedisEvictionPolicy, createConsoleLogger, createRedis, loadAppConfig } from '@dondoc/platform';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadAppConfig();
  // Before any BullMQ worker starts: a Redis that may evict keys would lose reminder jobs.
  const redis = createRedis(config.REDIS_URL);
  const problem = await checkRedisEvictionPolicy(redis).finally(() => redis.disconnect());
  if (problem) throw new Error(problem);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config }), {
    logger: createConsoleLogger(config),
  });
  app.enableShutdownHooks();
  new Logger('Worker').log('dondoc worker started');
}

main().catch((error) => {
  new Logger('Worker').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
