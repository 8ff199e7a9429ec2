import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventStoreModule } from '@dondoc/event-store';
import { createConsoleLogger, loadAppConfig, PlatformModule } from '@dondoc/platform';
import { ProjectionsWorkerModule } from './projections/projections-worker.module';

/**
 * A worker process that runs the projections and nothing else: the same processor, poll and
 * engine as the full worker (main.ts), without reminders or seals. For deployments that scale
 * projectors apart from the reminder workers, for the projector crash tests (whose comparisons
 * need a store that only they write to) and for the lag benchmark.
 */
@Module({})
class ProjectorModule {}

async function main(): Promise<void> {
  const config = loadAppConfig();
  const app = await NestFactory.createApplicationContext(
    { module: ProjectorModule, imports: [PlatformModule.forRoot({ config }), EventStoreModule, ProjectionsWorkerModule] },
    { logger: createConsoleLogger(config) },
  );
  app.enableShutdownHooks();
  new Logger('Projector').log('dondoc projector started');
}

main().catch((error) => {
  new Logger('Projector').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
