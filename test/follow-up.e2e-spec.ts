import { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { PostgresEventStore, Upcasters } from '@dondoc/event-store';
import { DEFAULT_WORKING_HOURS, FollowUpConsumer } from '@dondoc/follow-up';
import { Actor, loadAppConfig, ManualClock, TokenService } from '@dondoc/platform';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@dondoc/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { assignTask, PLAN_ID, seed, WEBHOOK_SECRET } from './support/follow-up.fixture';

const admin: Actor = { userId: 'u-admin', role: 'admin', agency: null };
const committee: Actor = { userId: 'u-bcd', role: 'committee', agency: null };
const monitoring: Actor = { userId: 'u-khdt', role: 'monitoring', agency: 'SO_KHDT' };
const soYTe: Actor = { userId: 'u-yte', role: 'agency', agency: 'SO_Y_TE' };
const soTc: Actor = { userId: 'u-tc', role: 'agency', agency: 'SO_TC' };

describe('follow-up over HTTP', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let app: INestApplication;
  const clock = new ManualClock('2021-10-05T02:00:00.000Z');
  const tokens = new Map<Actor, string>();
  const http = () => request(app.getHttpServer());
  const auth = (actor: Actor) => ({ Authorization: `Bearer ${tokens.get(actor)}` });
  const eventCount = async () => Number((await db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);

  beforeAll(async () => {
    db = await createTestDatabase('follow_up_e2e');
    redis = await createTestRedis('follow_up_e2e');
    const config = loadAppConfig({ DATABASE_URL: db.url, JWT_SECRET: 'y'.repeat(40), REDIS_PREFIX: redis.prefix });
    app = await createApiApp({ config, clock }, false);
    await app.init();
    const tokenService = app.get(TokenService);
    for (const actor of [admin, committee, monitoring, soYTe, soTc]) tokens.set(actor, tokenService.issue(actor));
    await seed(app.get(CommandBus), clock, 'thaibinh.gov.vn', 'https://sms.thaibinh.gov.vn/dondoc');
    await assignTask(app.get(CommandBus), clock, 't-http', '2021-11-20');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('an administrator declares a day off and a make-up working day; both are events of calendar-<year>', async () => {
    const res = await http().post('/calendar/days-off').set(auth(admin)).send({ date: '2021-11-19', reason: 'Nghỉ bù theo Thông báo số 12/TB-UBND' }).expect(201);
    expect(res.body).toMatchObject({ streamId: 'calendar-2021', streamVersion: 1, duplicate: false });
    await http().post('/calendar/working-days').set(auth(admin)).send({ date: '2021-11-27', reason: 'Làm bù cho ngày 19/11' }).expect(201);
    const year = await http().get('/calendar/2021').set(auth(soYTe)).expect(200);
    expect((await http().get('/calendar/21x').set(auth(soYTe)).expect(400)).body.code).toBe('YEAR_OUT_OF_RANGE');
    expect(year.body.declarations.map((d: any) => [d.type, d.date, d.reason, d.declaredBy])).toEqual([
      ['DayOffDeclared', '2021-11-19', 'Nghỉ bù theo Thông báo số 12/TB-UBND', 'u-admin'],
      ['WorkingDayDeclared', '2021-11-27', 'Làm bù cho ngày 19/11', 'u-admin'],
    ]);
  });

  it('refuses an agency officer (403), a bad body naming every field (400), a day already off (409); nothing is appended', async () => {
    const before = await eventCount();
    await http().post('/calendar/days-off').set(auth(soYTe)).send({ date: '2021-12-01', reason: 'x' }).expect(403);
    const bad = await http().post('/calendar/days-off').set(auth(admin)).send({ date: '2021-02-30', reason: '', extra: 1 }).expect(400);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['date', 'extra', 'reason']);
    const twice = await http().post('/calendar/days-off').set(auth(admin)).send({ date: '2021-11-19', reason: 'Lần nữa' }).expect(409);
    expect(twice.body.code).toBe('DAY_ALREADY_OFF');
    await http().post('/calendar/days-off').expect(401);
    expect(await eventCount()).toBe(before);
  });

  it('configures reminder stages per plan; the default until then; invalid stages name their fields', async () => {
    const initial = await http().get(`/plans/${PLAN_ID}/reminder-stages`).set(auth(committee)).expect(200);
    expect(initial.body).toMatchObject({ default: true, committeeAgency: null });
    expect(initial.body.stages.map((s: any) => [s.key, s.offsetWorkingDays, s.kind, s.to])).toEqual([
      ['before-3', -3, 'reminder', ['agency']],
      ['due-day', 0, 'reminder', ['agency']],
      ['after-1', 1, 'reminder', ['agency']],
      ['after-3', 3, 'escalation', ['agency_head', 'monitoring']],
      ['after-7', 7, 'escalation', ['committee']],
    ]);
    const stages = [
      { key: 'before-2', offsetWorkingDays: -2, at: '08:00', kind: 'reminder', to: ['agency'] },
      { key: 'after-5', offsetWorkingDays: 5, kind: 'escalation', to: ['agency_head', 'committee'] },
    ];
    await http().put(`/plans/${PLAN_ID}/reminder-stages`).set(auth(committee)).send({ stages, committeeAgency: 'UBND_TINH' }).expect(200);
    const configured = await http().get(`/plans/${PLAN_ID}/reminder-stages`).set(auth(soYTe)).expect(200);
    expect(configured.body).toMatchObject({ default: false, committeeAgency: 'UBND_TINH', version: 1 });
    expect(configured.body.stages[0]).toEqual({ key: 'before-2', offsetWorkingDays: -2, at: '08:00', kind: 'reminder', to: ['agency'] });
    const bad = await http()
      .put(`/plans/${PLAN_ID}/reminder-stages`)
      .set(auth(committee))
      .send({ stages: [{ key: 'X', offsetWorkingDays: 99, kind: 'loud', to: ['everyone'] }] })
      .expect(400);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'stages[0].key',
      'stages[0].kind',
      'stages[0].offsetWorkingDays',
      'stages[0].to',
    ]);
    await http().put(`/plans/${PLAN_ID}/reminder-stages`).set(auth(soYTe)).send({}).expect(403);
    await http().put('/plans/khong-co/reminder-stages').set(auth(committee)).send({}).expect(404);
    // Back to the default.
    await http().put(`/plans/${PLAN_ID}/reminder-stages`).set(auth(committee)).send({}).expect(200);
  });

  it('sets contacts; the webhook secret is sealed in the event and never returned', async () => {
    await http()
      .put('/agencies/SO_Y_TE/contacts')
      .set(auth(admin))
      .send({ email: 'vanthu@soyte.thaibinh.gov.vn', headEmail: 'giamdoc@soyte.thaibinh.gov.vn', webhookUrl: 'https://sms.thaibinh.gov.vn/hook', webhookSecret: 'mot-bi-mat-rat-dai-2021', digest: true })
      .expect(200);
    const res = await http().get('/agencies/SO_Y_TE/contacts').set(auth(monitoring)).expect(200);
    expect(res.body).toMatchObject({ agency: 'SO_Y_TE', email: 'vanthu@soyte.thaibinh.gov.vn', digest: true, webhookSecretSet: true });
    expect(JSON.stringify(res.body)).not.toContain('mot-bi-mat');
    const stored = await db.pool.query(`SELECT data::text AS data FROM events WHERE stream_id = 'contacts-SO_Y_TE'`);
    expect(stored.rows.map((r) => r.data).join()).not.toContain('mot-bi-mat');
    expect(stored.rows.map((r) => r.data).join()).not.toContain(WEBHOOK_SECRET);
    const bad = await http().put('/agencies/SO_Y_TE/contacts').set(auth(admin)).send({ email: 'không phải', webhookUrl: 'ftp://x', webhookSecret: 'ngan' }).expect(400);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['email', 'webhookSecret', 'webhookUrl']);
    await http().put('/agencies/SO_Y_TE/contacts').set(auth(soYTe)).send({}).expect(403);
    await http().put('/agencies/KHONG_CO/contacts').set(auth(admin)).send({}).expect(422);
    await http().get('/agencies/SO_Y_TE/contacts').set(auth(soYTe)).expect(403);
  });

  it('the monitoring agency follows up a task; the history shows it with its deliveries; the inbox receives it', async () => {
    const before = await eventCount();
    await http().post('/tasks/t-http/follow-ups').set(auth(soYTe)).send({ note: 'Tự đôn đốc' }).expect(403);
    await http().post('/tasks/t-http/follow-ups').set(auth(monitoring)).send({ note: '' }).expect(400);
    await http().post('/tasks/khong-co/follow-ups').set(auth(monitoring)).send({ note: 'x' }).expect(404);
    expect(await eventCount()).toBe(before);
    const res = await http()
      .post('/tasks/t-http/follow-ups')
      .set(auth(monitoring))
      .set('Idempotency-Key', 'dd-1')
      .send({ note: 'Đề nghị Sở Y tế báo cáo kết quả kiểm tra trước ngày 25/11/2021.', periodId: 'due' })
      .expect(201);
    expect(res.body).toMatchObject({ streamId: 'followup-t-http', duplicate: false });
    const again = await http().post('/tasks/t-http/follow-ups').set(auth(monitoring)).set('Idempotency-Key', 'dd-1').send({ note: 'Đề nghị…' }).expect(201);
    expect(again.body).toMatchObject({ duplicate: true, followUpId: res.body.followUpId });

    const history = await http().get('/tasks/t-http/reminders').set(auth(soYTe)).expect(200);
    expect(history.body.total).toBe(1);
    expect(history.body.items[0]).toMatchObject({ kind: 'follow_up', sentBy: 'u-khdt', periodId: 'due' });
    expect(history.body.items[0].text).toContain('Hạn báo cáo: hết ngày 22/11/2021');
    expect(history.body.items[0].deliveries.map((d: any) => [d.channel, d.address, d.mode, d.status])).toEqual([
      ['email', 'vanthu@soyte.thaibinh.gov.vn', 'digest', 'in_digest'],
      ['webhook', 'https://sms.thaibinh.gov.vn/hook', 'digest', 'in_digest'],
      ['inbox', null, 'immediate', 'in_inbox'],
    ]);
    await http().get('/tasks/t-http/reminders').set(auth(soTc)).expect(403);
    await http().get('/tasks/t-http/reminders?pageSize=500').set(auth(soYTe)).expect(400);

    // The inbox is kept by the worker's follow-up consumer; run it once here.
    const store = new PostgresEventStore(db.pool);
    const consumer = new FollowUpConsumer(db.pool, store, new Upcasters(), DEFAULT_WORKING_HOURS, { batchSize: 500, horizonMs: 3600_000, lockTimeoutMs: 5000, digestAtMinutes: 990 });
    await consumer.catchUp(() => clock.now().getTime(), async () => undefined);
    const inbox = await http().get('/inbox').set(auth(soYTe)).expect(200);
    expect(inbox.body).toMatchObject({ total: 1, page: 1 });
    expect(inbox.body.items[0]).toMatchObject({ taskId: 't-http', kind: 'follow_up', subject: '[Đôn đốc] Kiểm tra an toàn thực phẩm (t-http)' });
    expect(inbox.body.items[0].body).toContain('Sở Kế hoạch và Đầu tư đôn đốc thực hiện nhiệm vụ');
    await http().get('/inbox?agency=SO_Y_TE').set(auth(soTc)).expect(403);
    await http().get('/inbox?agency=SO_Y_TE').set(auth(committee)).expect(200);
    await http().get('/inbox').set(auth(committee)).expect(403);
  });

  it('documents every follow-up route in OpenAPI', async () => {
    const doc = await http().get('/docs/openapi.json').expect(200);
    for (const path of ['/calendar/days-off', '/calendar/working-days', '/plans/{planId}/reminder-stages', '/agencies/{code}/contacts', '/inbox', '/tasks/{taskId}/follow-ups', '/tasks/{taskId}/reminders']) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
  });
});
