import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadAppConfig } from '@dondoc/platform';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadAppConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config }), {
    logger: new ConsoleLogger({ json: config.LOG_FORMAT === 'json' }),
  });
  app.enableShutdownHooks();
  new Logger('Worker').log('dondoc worker started');
}

main().catch((error) => {
  new Logger('Worker').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
