/** Test support (not built): agencies, a plan, contacts and tasks for the follow-up worker and API tests. */
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule, CommandBus } from '@nestjs/cqrs';
import { EventStoreModule } from '@dondoc/event-store';
import { FollowUpModule, SetAgencyContactsCommand } from '@dondoc/follow-up';
import { Actor, AppConfig, ManualClock, PlatformModule } from '@dondoc/platform';
import { AssignTaskCommand, IssuePlanCommand, RegisterAgencyCommand, TaskingModule } from '@dondoc/tasking';
import { TestDatabase } from '@dondoc/testing';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/** Shared set-up of the follow-up worker tests: agencies, a plan, contacts, tasks; all through the command handlers. */
export const committee: Actor = { userId: 'u-bcd', role: 'committee', agency: null };
export const admin: Actor = { userId: 'u-admin', role: 'admin', agency: null };
export const PLAN_ID = 'plan-118';
export const WEBHOOK_SECRET = 'bi-mat-webhook-so-y-te-2021';

export const AGENCIES = [
  { code: 'UBND_TINH', nameVi: 'Ủy ban nhân dân tỉnh Thái Bình', kind: 'committee' },
  { code: 'SO_Y_TE', nameVi: 'Sở Y tế', kind: 'department' },
  { code: 'SO_KHDT', nameVi: 'Sở Kế hoạch và Đầu tư', kind: 'department' },
  { code: 'SO_TC', nameVi: 'Sở Tài chính', kind: 'department' },
] as const;

export async function commandsApp(config: AppConfig, clock: ManualClock): Promise<INestApplicationContext> {
  @Module({
    imports: [PlatformModule.forRoot({ config, clock }), EventStoreModule, CqrsModule.forRoot(), TaskingModule, FollowUpModule.forRoot()],
  })
  class CommandsModule {}
  const app = await NestFactory.createApplicationContext(CommandsModule, { logger: ['error'] });
  await app.init();
  return app;
}

export async function workerApp(config: AppConfig, clock: ManualClock): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, clock }), { logger: ['error'] });
  await app.init();
  return app;
}

export function context(clock: ManualClock, actor: Actor = committee, commandId?: string) {
  return { actor, now: clock.now(), commandId };
}

/** Agencies, plan 118 (monitored by Sở KH&ĐT, issued by UBND tỉnh) and every agency's contacts. */
export async function seed(bus: CommandBus, clock: ManualClock, sinkDomain: string, webhookUrl: string): Promise<void> {
  for (const agency of AGENCIES) {
    await bus.execute(
      new RegisterAgencyCommand({ code: agency.code, nameVi: agency.nameVi, nameEn: null, level: 'province', kind: agency.kind, collective: false }, context(clock, admin)),
    );
  }
  await bus.execute(
    new IssuePlanCommand(
      {
        planId: PLAN_ID,
        number: '118/KH-UBND',
        issuerAgency: 'UBND_TINH',
        issuedOn: '2021-10-01',
        title: 'Kế hoạch kiểm tra an toàn thực phẩm',
        period: { start: '2021-10-01', end: '2022-12-31' },
        objectives: [],
        monitoringAgency: 'SO_KHDT',
        defaultReportingSchedule: null,
      },
      context(clock),
    ),
  );
  const contacts = (code: string, extra: Partial<{ headEmail: string; webhookUrl: string; webhookSecret: string; digest: boolean }> = {}) =>
    new SetAgencyContactsCommand(
      code,
      {
        email: `vanthu.${code.toLowerCase()}@${sinkDomain}`,
        headEmail: extra.headEmail ?? null,
        webhookUrl: extra.webhookUrl ?? null,
        webhookSecret: extra.webhookSecret,
        digest: extra.digest ?? false,
      },
      context(clock, admin),
    );
  await bus.execute(contacts('SO_Y_TE', { headEmail: `giamdoc.so_y_te@${sinkDomain}`, webhookUrl, webhookSecret: WEBHOOK_SECRET }));
  await bus.execute(contacts('SO_KHDT'));
  await bus.execute(contacts('UBND_TINH'));
  await bus.execute(contacts('SO_TC', { digest: true }));
}

export function assignTask(bus: CommandBus, clock: ManualClock, taskId: string, dueDate: string, leadAgency = 'SO_Y_TE') {
  return bus.execute(
    new AssignTaskCommand(
      PLAN_ID,
      {
        taskId,
        title: `Kiểm tra an toàn thực phẩm (${taskId})`,
        text: 'Chủ trì kiểm tra an toàn vệ sinh thực phẩm dịp Tết.',
        leadAgency,
        coordinatingAgencies: [],
        partners: [],
        dueDate,
        reportingSchedule: null,
        sourceRef: null,
      },
      context(clock),
    ),
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds (the worker works asynchronously); never waits for a business deadline. */
export async function eventually<T>(check: () => Promise<T | false | null | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export async function followUpEvents(db: TestDatabase, taskId: string) {
  const { rows } = await db.pool.query<{ event_type: string; data: Record<string, any>; global_position: string }>(
    `SELECT event_type, data, global_position FROM events WHERE stream_id = $1 ORDER BY stream_version`,
    [`followup-${taskId}`],
  );
  return rows;
}
