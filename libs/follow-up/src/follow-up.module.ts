import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { CommandRunner, EVENT_STORE, EventStore, Upcasters } from '@dondoc/event-store';
import { AppConfig, PG_POOL } from '@dondoc/platform';
import { bullConnection } from '@dondoc/projections/queue/projection-queue';
import { TaskingReader } from '@dondoc/tasking/application/tasking-reader';
import { TaskingModule } from '@dondoc/tasking/tasking.module';
import { ConfigureReminderStagesHandler } from './application/configure-reminder-stages/configure-reminder-stages.handler';
import { DeclareCalendarDayHandler } from './application/declare-calendar-day/declare-calendar-day.handler';
import { FollowUpQueries } from './application/follow-up-queries';
import { FollowUpReader } from './application/follow-up-reader';
import { SecretSealer } from './application/secret-sealer';
import { SendFollowUpHandler } from './application/send-follow-up/send-follow-up.handler';
import { SetAgencyContactsHandler } from './application/set-agency-contacts/set-agency-contacts.handler';
import { EmailChannel } from './infrastructure/channels/email.channel';
import { WebhookChannel } from './infrastructure/channels/webhook.channel';
import { FollowUpConsumer } from './infrastructure/follow-up-consumer';
import { FollowUpDispatcher } from './infrastructure/follow-up-dispatcher';
import { FOLLOW_UP_BULL_CONFIG, FollowUpQueue } from './infrastructure/follow-up-queue';
import { FollowUpReconciler } from './infrastructure/follow-up-reconciler';
import { FollowUpScheduler } from './infrastructure/follow-up-scheduler';

export const FOLLOW_UP_COMMAND_HANDLERS = [DeclareCalendarDayHandler, ConfigureReminderStagesHandler, SetAgencyContactsHandler, SendFollowUpHandler];

export interface FollowUpModuleOptions {
  /** The worker's part: queues, consumer, reconciler, dispatcher and channels. */
  worker?: boolean;
}

/** Closes the SMTP pool with the application. */
class ChannelLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EmailChannel) private readonly email: EmailChannel) {}

  onApplicationShutdown(): void {
    this.email.close();
  }
}

/**
 * Deadlines, reminders, escalation and delivery. Needs the global PlatformModule,
 * EventStoreModule and the app's `CqrsModule.forRoot()`.
 */
@Module({})
export class FollowUpModule {
  static forRoot(options: FollowUpModuleOptions = {}): DynamicModule {
    // The worker records messages through the CommandRunner directly; command handlers (and
    // tasking's, which they read through) belong to the apps that run a CommandBus.
    const handlers = options.worker ? [] : FOLLOW_UP_COMMAND_HANDLERS;
    const providers: Provider[] = [
      ...handlers,
      FollowUpReader,
      FollowUpQueries,
      { provide: SecretSealer, inject: [AppConfig], useFactory: (config: AppConfig) => new SecretSealer(config.CONTACTS_SECRET_KEY, config.JWT_SECRET) },
    ];
    const exported: DynamicModule['exports'] = [...handlers, FollowUpReader, FollowUpQueries, SecretSealer];
    const imports: DynamicModule['imports'] = options.worker ? [] : [TaskingModule];
    // The reminder history reads tasks by tasking's rule (FollowUpQueries); the worker has no TaskingModule.
    if (options.worker) providers.push(TaskingReader);
    if (options.worker) {
      imports.push(
        BullModule.forRootAsync(FOLLOW_UP_BULL_CONFIG, {
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({ connection: bullConnection(config.REDIS_URL), prefix: config.REDIS_PREFIX }),
        }),
        BullModule.registerQueue(
          { name: FollowUpQueue.Stages, configKey: FOLLOW_UP_BULL_CONFIG },
          { name: FollowUpQueue.Deliveries, configKey: FOLLOW_UP_BULL_CONFIG },
        ),
      );
      const horizonMs = (config: AppConfig) => config.REMINDER_HORIZON_HOURS * 3600_000;
      providers.push(
        {
          provide: FollowUpScheduler,
          inject: [getQueueToken(FollowUpQueue.Stages), getQueueToken(FollowUpQueue.Deliveries), AppConfig],
          useFactory: (stages: Queue, deliveries: Queue, config: AppConfig) =>
            new FollowUpScheduler(stages, deliveries, { attempts: config.DELIVERY_ATTEMPTS, backoffMs: config.DELIVERY_BACKOFF_MS }),
        },
        {
          provide: FollowUpConsumer,
          inject: [PG_POOL, EVENT_STORE, Upcasters, FollowUpReader, AppConfig],
          useFactory: (pool: Pool, store: EventStore, upcasters: Upcasters, reader: FollowUpReader, config: AppConfig) =>
            new FollowUpConsumer(pool, store, upcasters, reader.hours, {
              batchSize: 500,
              horizonMs: horizonMs(config),
              lockTimeoutMs: 10_000,
              digestAtMinutes: reader.digestAtMinutes,
            }),
        },
        {
          provide: FollowUpReconciler,
          inject: [PG_POOL, FollowUpConsumer, FollowUpScheduler, AppConfig],
          useFactory: (pool: Pool, consumer: FollowUpConsumer, scheduler: FollowUpScheduler, config: AppConfig) =>
            new FollowUpReconciler(pool, consumer, scheduler, horizonMs(config)),
        },
        {
          provide: EmailChannel,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => new EmailChannel(config.SMTP_URL, config.MAIL_FROM, { maxConnections: Math.min(25, config.FOLLOW_UP_CONCURRENCY) }),
        },
        { provide: WebhookChannel, useFactory: () => new WebhookChannel() },
        ChannelLifecycle,
        {
          provide: FollowUpDispatcher,
          inject: [PG_POOL, EVENT_STORE, CommandRunner, FollowUpReader, FollowUpScheduler, EmailChannel, WebhookChannel, SecretSealer, AppConfig],
          useFactory: (
            pool: Pool,
            store: EventStore,
            runner: CommandRunner,
            reader: FollowUpReader,
            scheduler: FollowUpScheduler,
            email: EmailChannel,
            webhook: WebhookChannel,
            sealer: SecretSealer,
            config: AppConfig,
          ) => new FollowUpDispatcher(pool, store, runner, reader, scheduler, email, webhook, sealer, { horizonMs: horizonMs(config), failpoint: config.FOLLOW_UP_FAILPOINT }),
        },
      );
      exported.push(FollowUpScheduler, FollowUpConsumer, FollowUpReconciler, FollowUpDispatcher, EmailChannel, WebhookChannel, BullModule);
    }
    return { module: FollowUpModule, imports, providers, exports: exported };
  }
}
