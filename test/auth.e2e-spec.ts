import { createHmac } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { CreateUserCommand } from '@dondoc/identity';
import { Actor, loadAppConfig, ManualClock, TokenService } from '@dondoc/platform';
import { ImportPlanResult, PlanImporter, SubmitReportCommand } from '@dondoc/tasking';
import { createTestDatabase, createTestRedis, deleteByPrefix, TestDatabase, TestRedis } from '@dondoc/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

/**
 * Who may do what, checked over HTTP on EVERY command route of the running application: the
 * routes are read from the Express router the app really serves, not from a list in this file,
 * so a route added tomorrow is covered the day it appears, and an unguarded one fails here.
 */

const REPO = join(__dirname, '..');
const PLAN_118 = join(REPO, 'fixtures/plan-118-thai-binh-2019.json');
const JWT_SECRET = 's'.repeat(48);

/** The only command route that takes no bearer token. Nothing else may join this list lightly. */
const UNAUTHENTICATED_COMMANDS = new Set(['POST /auth/login']);
const COMMAND_METHODS = ['post', 'put', 'patch', 'delete'] as const;

const committee: Actor = { userId: 'u-bcd', role: 'committee', agency: null };
const monitoring: Actor = { userId: 'u-theo-doi', role: 'monitoring', agency: 'CA_TINH' };
const soYTe: Actor = { userId: 'u-so-y-te', role: 'agency', agency: 'SO_Y_TE' };
const soGtvt: Actor = { userId: 'u-so-gtvt', role: 'agency', agency: 'SO_GTVT' };
const auditor: Actor = { userId: 'u-thanh-tra', role: 'auditor', agency: null };
const admin: Actor = { userId: 'u-quan-tri', role: 'admin', agency: null };

interface Route {
  method: (typeof COMMAND_METHODS)[number];
  /** Express pattern, e.g. `/tasks/:taskId/reports`. */
  path: string;
}
const routeName = (r: Route) => `${r.method.toUpperCase()} ${r.path}`;

/** Every command route (POST/PUT/PATCH/DELETE) the app's Express router serves. */
function commandRoutesOf(app: INestApplication): Route[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string | string[]; methods: Record<string, boolean> } }> } };
  const routes: Route[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const path of Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path]) {
      for (const method of COMMAND_METHODS) if (layer.route.methods[method]) routes.push({ method, path });
    }
  }
  return routes;
}

/** A compact JWT, signed here so that its header and claims can be anything (expired, forged). */
function jwt(header: Record<string, unknown>, claims: Record<string, unknown>, secret: string | null): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part(header)}.${part(claims)}`;
  return `${unsigned}.${secret === null ? '' : createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('who may do what, on every command route', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let app: INestApplication;
  let imported: ImportPlanResult;
  let routes: Route[];
  const clock = new ManualClock('2019-11-21T01:00:00.000Z');
  const tokens = new Map<Actor, string>();
  /** Values for path parameters: a task led by SO_Y_TE, its report and extension, … */
  const params: Record<string, string> = {};

  const http = () => request(app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const auth = (actor: Actor) => bearer(tokens.get(actor)!);
  const counts = async () => {
    const { rows } = await db.pool.query<{ events: number; commands: number }>(
      'SELECT (SELECT count(*)::int FROM events) AS events, (SELECT count(*)::int FROM command_log) AS commands',
    );
    return rows[0];
  };
  const urlOf = (route: Route, values: Record<string, string> = params) =>
    route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(values[name] ?? 'khong-co'));
  const send = (route: Route, headers: Record<string, string>, body: unknown = {}, url = urlOf(route)) =>
    http()[route.method](url).set(headers).send(body as object);

  /**
   * Sends one request per route and collects every answer that breaks `expectation`, with the
   * event store (events and command log) checked unchanged around each request.
   */
  async function everyRoute(
    select: (route: Route) => boolean,
    call: (route: Route) => request.Test,
    expectation: (res: request.Response) => boolean,
  ): Promise<{ checked: string[]; wrong: string[] }> {
    const checked: string[] = [];
    const wrong: string[] = [];
    for (const route of routes.filter(select)) {
      const before = await counts();
      const res = await call(route);
      const after = await counts();
      checked.push(routeName(route));
      if (!expectation(res)) wrong.push(`${routeName(route)} → ${res.status} ${res.body?.code ?? ''}`);
      if (after.events !== before.events || after.commands !== before.commands) {
        wrong.push(`${routeName(route)} wrote ${after.events - before.events} event(s) (${res.status})`);
      }
    }
    return { checked, wrong };
  }

  beforeAll(async () => {
    db = await createTestDatabase('auth_e2e');
    redis = await createTestRedis('auth_e2e');
    const config = loadAppConfig({
      DATABASE_URL: db.url,
      JWT_SECRET,
      REDIS_PREFIX: redis.prefix,
      JWT_TTL_SECONDS: '3600',
      LOGIN_MAX_ATTEMPTS_PER_USERNAME: '5',
      LOGIN_MAX_ATTEMPTS_PER_IP: '12',
    });
    app = await createApiApp({ config, clock }, false);
    await app.init();
    const tokenService = app.get(TokenService);
    for (const actor of [committee, monitoring, soYTe, soGtvt, auditor, admin]) tokens.set(actor, tokenService.issue(actor));
    imported = await app.get(PlanImporter).importFiles(PLAN_118);
    routes = commandRoutesOf(app);

    // A task led by SO_Y_TE with a report and an extension request, so that every task route
    // has something real to act on.
    const task = await http()
      .post(`/plans/${imported.planId}/tasks`)
      .set(auth(committee))
      .send({ title: 'Kiểm tra an toàn thực phẩm', leadAgency: 'SO_Y_TE', reportingSchedule: { kind: 'monthly', day: 20 } })
      .expect(201);
    params.taskId = task.body.taskId;
    params.planId = imported.planId;
    clock.set('2019-12-10T02:00:00.000Z');
    const report = await http()
      .post(`/tasks/${params.taskId}/reports`)
      .set(auth(soYTe))
      .send({ periodId: '2019-12', text: 'Đã kiểm tra 120 cơ sở.', progressPercent: 30 })
      .expect(201);
    params.reportId = report.body.reportId;
    const extension = await http()
      .post(`/tasks/${params.taskId}/extensions`)
      .set(auth(soYTe))
      .send({ periodId: '2020-01', requestedDueDate: '2020-01-31', reason: 'Chờ số liệu của các huyện' })
      .expect(201);
    params.extensionId = extension.body.extensionId;
    const user = await http()
      .post('/users')
      .set(auth(admin))
      .send({ username: 'can.bo.y.te', displayName: 'Nguyễn Thị Hòa', role: 'agency', agency: 'SO_Y_TE', password: 'mật khẩu đủ dài 2019' })
      .expect(201);
    params.userId = user.body.userId;
    for (const name of ['code', 'agencyCode', 'agency']) params[name] = 'SO_Y_TE';
  });

  afterAll(async () => {
    await app?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('finds the command routes in the running app, the same ones the OpenAPI document lists', async () => {
    const names = routes.map(routeName);
    // The enumeration itself must not silently come back empty or partial.
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /auth/login',
        'POST /users',
        'POST /agencies',
        'POST /plans',
        'POST /plans/:planId/tasks',
        'POST /tasks/:taskId/reports',
        'POST /tasks/:taskId/cancel',
      ]),
    );
    const openapi = await http().get('/docs/openapi.json').expect(200);
    const documented: string[] = [];
    for (const [path, operations] of Object.entries(openapi.body.paths as Record<string, Record<string, unknown>>)) {
      for (const method of COMMAND_METHODS) {
        if (operations[method]) documented.push(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`);
      }
    }
    expect([...names].sort()).toEqual(expect.arrayContaining(documented.sort()));
  });

  const badTokens: Array<[string, () => Record<string, string>, string]> = [
    ['no token', () => ({}), 'TOKEN_MISSING'],
    ['a malformed Authorization header', () => ({ Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }), 'TOKEN_MISSING'],
    [
      'an expired token',
      () => {
        const now = Math.floor(Date.now() / 1000);
        return bearer(jwt({ alg: 'HS256', typ: 'JWT' }, { sub: committee.userId, role: 'admin', agency: null, iat: now - 7200, exp: now - 60 }, JWT_SECRET));
      },
      'TOKEN_EXPIRED',
    ],
    [
      'a token signed with another key',
      () => bearer(jwt({ alg: 'HS256', typ: 'JWT' }, { sub: 'ke-gia-mao', role: 'admin', agency: null, iat: Math.floor(Date.now() / 1000) }, 'k'.repeat(48))),
      'TOKEN_INVALID',
    ],
    [
      'an unsigned token (alg none)',
      () => bearer(jwt({ alg: 'none', typ: 'JWT' }, { sub: 'ke-gia-mao', role: 'admin', agency: null, iat: Math.floor(Date.now() / 1000) }, null)),
      'TOKEN_INVALID',
    ],
    [
      'a validly signed token claiming the system role',
      () => bearer(jwt({ alg: 'HS256', typ: 'JWT' }, { sub: 'system', role: 'system', agency: null, iat: Math.floor(Date.now() / 1000) }, JWT_SECRET)),
      'TOKEN_INVALID',
    ],
    [
      'a validly signed token with a role that does not exist',
      () => bearer(jwt({ alg: 'HS256', typ: 'JWT' }, { sub: 'u-x', role: 'root', agency: null, iat: Math.floor(Date.now() / 1000) }, JWT_SECRET)),
      'TOKEN_INVALID',
    ],
  ];

  for (const [name, headers, code] of badTokens) {
    it(`answers 401 ${code} to ${name} on every command route, and writes nothing`, async () => {
      const { checked, wrong } = await everyRoute(
        (route) => !UNAUTHENTICATED_COMMANDS.has(routeName(route)),
        (route) => send(route, headers(), { reason: 'x' }),
        (res) => res.status === 401 && res.body.code === code,
      );
      expect(checked.length).toBeGreaterThanOrEqual(12);
      expect(wrong).toEqual([]);
    });
  }

  it('answers 403 to the auditor on every command route (auditors write nothing), and writes nothing', async () => {
    const { checked, wrong } = await everyRoute(
      (route) => !UNAUTHENTICATED_COMMANDS.has(routeName(route)),
      (route) => send(route, auth(auditor), {}),
      (res) => res.status === 403,
    );
    expect(checked.length).toBeGreaterThanOrEqual(12);
    expect(wrong).toEqual([]);
  });

  /**
   * Valid bodies for the task routes, so that a request the role check lets through gets past
   * validation and reaches the agency check in the command handler. A new task route that
   * agency officers may call needs its body here (the test below fails with a 400 otherwise).
   */
  const VALID_BODIES: Record<string, () => unknown> = {
    'POST /tasks/:taskId/reports': () => ({ periodId: '2020-01', text: 'Báo cáo tháng 1', progressPercent: 40 }),
    'POST /tasks/:taskId/extensions': () => ({ periodId: '2020-02', requestedDueDate: '2020-02-28', reason: 'Chờ số liệu' }),
    'POST /tasks/:taskId/reports/:reportId/review': () => ({ decision: 'accept' }),
    'POST /tasks/:taskId/extensions/:extensionId/decision': () => ({ decision: 'grant' }),
    'POST /tasks/:taskId/reassign': () => ({ newLeadAgency: 'SO_GTVT', reason: 'Đúng chức năng' }),
    'POST /tasks/:taskId/complete': () => ({}),
    'POST /tasks/:taskId/cancel': () => ({ reason: 'Trùng nhiệm vụ' }),
  };

  it("answers 403 to an agency officer acting on another agency's task, on every task route, and writes nothing", async () => {
    const taskRoutes = (route: Route) => route.path.includes(':taskId');
    const { checked, wrong } = await everyRoute(
      taskRoutes,
      (route) => send(route, auth(soGtvt), VALID_BODIES[routeName(route)]?.() ?? {}),
      (res) => res.status === 403 && ['NOT_YOUR_AGENCY', 'ROLE_NOT_ALLOWED'].includes(res.body.code),
    );
    // A 400 here means a task route that agency officers may call has no valid body in
    // VALID_BODIES yet, so the agency check was never reached: add one.
    expect(wrong).toEqual([]);
    expect(checked).toEqual(expect.arrayContaining(['POST /tasks/:taskId/reports', 'POST /tasks/:taskId/extensions']));

    // The same requests from the lead agency's own officer are not refused for the agency: the
    // 403 above came from the agency scope, not from a body that could never pass.
    for (const name of ['POST /tasks/:taskId/reports', 'POST /tasks/:taskId/extensions']) {
      const route = routes.find((r) => routeName(r) === name)!;
      const res = await send(route, auth(soYTe), VALID_BODIES[name]());
      expect({ name, status: res.status }).toEqual({ name, status: 201 });
    }
  });

  it('checks the agency scope and the user-admin role in the command handlers too, not only at the routes', async () => {
    const commands = app.get(CommandBus);
    const before = await counts();
    await expect(
      commands.execute(
        new SubmitReportCommand(
          params.taskId,
          { reportId: 'r-handler', periodId: '2020-03', text: 'x', progressPercent: 1, indicatorValues: [] },
          { actor: soGtvt, now: clock.now() },
        ),
      ),
    ).rejects.toMatchObject({ code: 'NOT_YOUR_AGENCY', kind: 'forbidden' });
    for (const actor of [committee, auditor, soYTe]) {
      await expect(
        commands.execute(
          new CreateUserCommand(
            { username: `khong.duoc.${actor.role}`, displayName: 'Không được', role: 'admin', agency: null, password: 'mật khẩu đủ dài 2019' },
            { actor, now: clock.now() },
          ),
        ),
      ).rejects.toMatchObject({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' });
    }
    expect(await counts()).toEqual(before);
  });

  it('never takes the actor from the request: a body that tries is refused on every route, headers and query are ignored', async () => {
    const spoofHeaders = { 'X-Actor': 'ke-gia-mao', 'X-User-Id': 'ke-gia-mao', 'X-Role': 'admin', 'X-Agency': 'SO_GTVT' };
    const spoofBody = { actor: 'ke-gia-mao', metadata: { actor: 'ke-gia-mao', role: 'admin', agency: 'SO_GTVT' } };
    const wrong: string[] = [];
    let reached = 0;
    let refusedBody = 0;
    for (const route of routes.filter((r) => !UNAUTHENTICATED_COMMANDS.has(routeName(r)))) {
      // The first role the route lets in; the body must then be refused before anything is written.
      for (const actor of [committee, admin, soYTe, monitoring]) {
        const before = await counts();
        const res = await send(route, { ...auth(actor), ...spoofHeaders }, spoofBody, `${urlOf(route)}?actor=ke-gia-mao&role=admin`);
        if (res.status === 403 && res.body.code === 'ROLE_NOT_ALLOWED') continue;
        reached++;
        const fields: string[] = (res.body.details?.fields ?? []).map((f: { field: string }) => f.field);
        const after = await counts();
        if (res.status < 300) {
          // A route without a body: whatever it wrote must carry the token's actor.
          const { rows } = await db.pool.query(`SELECT metadata FROM events ORDER BY global_position DESC LIMIT $1`, [after.events - before.events]);
          for (const { metadata } of rows) {
            if (metadata.actor !== actor.userId || metadata.role !== actor.role) wrong.push(`${routeName(route)} recorded ${metadata.actor}/${metadata.role}`);
          }
        } else if (res.status === 400 && fields.includes('actor') && fields.includes('metadata')) {
          refusedBody++;
        }
        if (res.status >= 300 && after.events !== before.events) wrong.push(`${routeName(route)} wrote on a refusal`);
        break;
      }
    }
    expect(wrong).toEqual([]);
    expect(reached).toBeGreaterThanOrEqual(10);
    // Routes with a body refuse the fields outright (a route without one may just ignore them).
    expect(refusedBody).toBeGreaterThanOrEqual(10);

    // A valid command with the same spoofing in headers and query: the events carry the token's actor.
    const res = await http()
      .post(`/tasks/${params.taskId}/reports?actor=ke-gia-mao&role=admin&agency=SO_GTVT`)
      .set({ ...auth(soYTe), ...spoofHeaders })
      .send({ periodId: '2020-03', text: 'Báo cáo tháng 3', progressPercent: 60 })
      .expect(201);
    const { rows } = await db.pool.query('SELECT metadata FROM events WHERE global_position = $1', [res.body.position]);
    expect(rows[0].metadata).toMatchObject({ actor: soYTe.userId, role: 'agency', agency: 'SO_Y_TE' });
  });

  describe('users and login', () => {
    const password = 'Mật khẩu của Hòa 2019!';

    it('an admin creates a user over the API; the password is kept only as a salted scrypt hash', async () => {
      const created = await http()
        .post('/users')
        .set(auth(admin))
        .send({ username: 'Nguyen.Thi.Hoa', displayName: 'Nguyễn Thị Hòa', role: 'agency', agency: 'SO_Y_TE', password })
        .expect(201);
      const { rows } = await db.pool.query('SELECT username, password_hash FROM identity_users WHERE user_id = $1', [created.body.userId]);
      expect(rows[0].username).toBe('nguyen.thi.hoa');
      expect(rows[0].password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      // The user stream records who created the user, from the admin's token, and no secret.
      const stream = await db.pool.query('SELECT data, metadata FROM events WHERE stream_id = $1', [`user-${created.body.userId}`]);
      expect(stream.rows[0].metadata).toMatchObject({ actor: admin.userId, role: 'admin' });
      const stored = JSON.stringify(stream.rows[0]);
      expect(stored).not.toContain(password);
      expect(stored).not.toContain(rows[0].password_hash);
      // Only admins: the committee is refused.
      await http()
        .post('/users')
        .set(auth(committee))
        .send({ username: 'khong.duoc', displayName: 'X', role: 'admin', password })
        .expect(403);
    });

    it('POST /users again with the same Idempotency-Key answers the same, existing user; a same-key race ends as one user', async () => {
      const body = { username: 'tran.van.an', displayName: 'Trần Văn An', role: 'monitoring', agency: 'CA_TINH', password: 'mật khẩu của An 2019' };
      const first = await http().post('/users').set(auth(admin)).set('Idempotency-Key', 'tao-tran-van-an').send(body).expect(201);
      const before = await counts();
      const again = await http().post('/users').set(auth(admin)).set('Idempotency-Key', 'tao-tran-van-an').send(body).expect(201);
      expect(again.body).toEqual({ ...first.body, duplicate: true, eventCount: 0 });
      expect(await counts()).toEqual(before);
      const user = await http().get(`/users/${again.body.userId}`).set(auth(admin)).expect(200);
      expect(user.body).toMatchObject({ userId: first.body.userId, username: 'tran.van.an' });

      const raced = { ...body, username: 'le.thi.binh', displayName: 'Lê Thị Bình' };
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => http().post('/users').set(auth(admin)).set('Idempotency-Key', 'tao-le-thi-binh').send(raced)),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.userId)).size).toBe(1);
      expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
      const { rows } = await db.pool.query('SELECT user_id FROM identity_users WHERE username = $1', ['le.thi.binh']);
      expect(rows).toEqual([{ user_id: answers[0].body.userId }]);

      // The identity routes read the same headers as every other command route, as strictly.
      const badKey = await http().post('/users').set(auth(admin)).set('Idempotency-Key', 'khoa co dau cach').send({ ...body, username: 'khac.han' });
      expect({ status: badKey.status, code: badKey.body.code }).toEqual({ status: 400, code: 'IDEMPOTENCY_KEY_INVALID' });
      const badMatch = await http().post(`/users/${first.body.userId}/disable`).set(auth(admin)).set('If-Match', '1abc').send({ reason: 'x' });
      expect({ status: badMatch.status, code: badMatch.body.code }).toEqual({ status: 400, code: 'IF_MATCH_INVALID' });
    });

    it('logs in, gets a bearer token with user, role and agency, and uses it for a command', async () => {
      const login = await http().post('/auth/login').send({ username: 'nguyen.thi.hoa', password }).expect(200);
      expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, user: { username: 'nguyen.thi.hoa', role: 'agency', agency: 'SO_Y_TE' } });
      const claims = JSON.parse(Buffer.from(login.body.accessToken.split('.')[1], 'base64url').toString());
      expect(claims.exp - claims.iat).toBe(3600);
      const me = await http().get('/auth/me').set(bearer(login.body.accessToken)).expect(200);
      expect(me.body).toEqual({ userId: login.body.user.userId, role: 'agency', agency: 'SO_Y_TE' });

      const report = await http()
        .post(`/tasks/${params.taskId}/reports`)
        .set(bearer(login.body.accessToken))
        .send({ periodId: '2020-04', text: 'Báo cáo tháng 4', progressPercent: 70 })
        .expect(201);
      const { rows } = await db.pool.query('SELECT metadata FROM events WHERE global_position = $1', [report.body.position]);
      expect(rows[0].metadata).toMatchObject({ actor: login.body.user.userId, role: 'agency', agency: 'SO_Y_TE' });
      // …but not on another agency's task.
      const other = await http()
        .post(`/plans/${imported.planId}/tasks`)
        .set(auth(committee))
        .send({ title: 'Nhiệm vụ của Sở GTVT', leadAgency: 'SO_GTVT', dueDate: '2020-06-30' })
        .expect(201);
      await http()
        .post(`/tasks/${other.body.taskId}/reports`)
        .set(bearer(login.body.accessToken))
        .send({ periodId: 'due', text: 'x', progressPercent: 1 })
        .expect(403);
    });

    it('refuses a wrong password and an unknown user with the same answer', async () => {
      const wrong = await http().post('/auth/login').send({ username: 'nguyen.thi.hoa', password: 'sai mật khẩu rồi' }).expect(401);
      const unknown = await http().post('/auth/login').send({ username: 'khong.ton.tai', password: 'sai mật khẩu rồi' }).expect(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.code).toBe('LOGIN_FAILED');
    });

    it('answers 429 with Retry-After after 5 failed logins for a user name, even to the right password', async () => {
      await deleteByPrefix(redis.client, `${redis.prefix}:login:`);
      const before = await counts();
      for (let i = 0; i < 5; i++) {
        await http().post('/auth/login').send({ username: 'nguyen.thi.hoa', password: `đoán thử lần ${i}` }).expect(401);
      }
      const throttled = await http().post('/auth/login').send({ username: 'nguyen.thi.hoa', password }).expect(429);
      expect(throttled.body.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      expect(await counts()).toEqual(before);
    });

    it('answers 429 to one address trying many user names (LOGIN_MAX_ATTEMPTS_PER_IP = 12), whatever X-Forwarded-For it claims', async () => {
      await deleteByPrefix(redis.client, `${redis.prefix}:login:`);
      // TRUST_PROXY is not set: a made-up X-Forwarded-For does not buy a fresh counter.
      const forwarded = (i: number) => ({ 'X-Forwarded-For': `203.0.113.${i}` });
      for (let i = 0; i < 12; i++) {
        await http().post('/auth/login').set(forwarded(i)).send({ username: `thu.ten.${i}`, password: 'mật khẩu đoán' }).expect(401);
      }
      await http().post('/auth/login').set(forwarded(99)).send({ username: 'thu.ten.moi', password: 'mật khẩu đoán' }).expect(429);
      await deleteByPrefix(redis.client, `${redis.prefix}:login:`);
    });

    it('a disabled user can no longer log in, and the tokens already issued stop working at once', async () => {
      const login = await http().post('/auth/login').send({ username: 'can.bo.y.te', password: 'mật khẩu đủ dài 2019' }).expect(200);
      await http().get('/auth/me').set(bearer(login.body.accessToken)).expect(200);
      await http().post(`/users/${params.userId}/disable`).set(auth(admin)).send({ reason: 'Chuyển công tác' }).expect(201);
      const refused = await http().get('/auth/me').set(bearer(login.body.accessToken)).expect(401);
      expect(refused.body.code).toBe('USER_DISABLED');
      await http().post('/auth/login').send({ username: 'can.bo.y.te', password: 'mật khẩu đủ dài 2019' }).expect(401);
    });

    it('a password change revokes the tokens issued before it, even in the same second; a login with the new one works at once', async () => {
      const oldPassword = 'mật khẩu cũ của Cường 2019';
      const newPassword = 'mật khẩu mới của Cường 2020';
      const created = await http()
        .post('/users')
        .set(auth(admin))
        .send({ username: 'pham.van.cuong', displayName: 'Phạm Văn Cường', role: 'committee', password: oldPassword })
        .expect(201);
      const before = (await http().post('/auth/login').send({ username: 'pham.van.cuong', password: oldPassword }).expect(200)).body.accessToken;
      await http().get('/auth/me').set(bearer(before)).expect(200);

      await http().post(`/users/${created.body.userId}/password`).set(auth(admin)).send({ newPassword }).expect(201);
      const refused = await http().get('/auth/me').set(bearer(before)).expect(401);
      expect(refused.body.code).toBe('TOKEN_REVOKED');
      const command = await http().post(`/plans/${imported.planId}/tasks`).set(bearer(before)).send({ title: 'Không được', leadAgency: 'SO_Y_TE', dueDate: '2020-06-30' });
      expect({ status: command.status, code: command.body.code }).toEqual({ status: 401, code: 'TOKEN_REVOKED' });

      await http().post('/auth/login').send({ username: 'pham.van.cuong', password: oldPassword }).expect(401);
      // Logged in again straight away (most likely within the second of the change): the new token
      // is not caught by the revocation, its iat is at least the revocation second.
      const after = (await http().post('/auth/login').send({ username: 'pham.van.cuong', password: newPassword }).expect(200)).body.accessToken;
      await http().get('/auth/me').set(bearer(after)).expect(200);
      const { rows } = await db.pool.query('SELECT tokens_not_before FROM identity_users WHERE user_id = $1', [created.body.userId]);
      const iat = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).iat as number;
      expect(iat(before)).toBeLessThan(rows[0].tokens_not_before);
      expect(iat(after)).toBeGreaterThanOrEqual(rows[0].tokens_not_before);
      // A token minted in the same second as the change, before it, is refused too (seconds are all a token knows).
      const sameSecond = jwt({ alg: 'HS256', typ: 'JWT' }, { sub: created.body.userId, role: 'committee', agency: null, iat: rows[0].tokens_not_before - 1, exp: rows[0].tokens_not_before + 3600 }, JWT_SECRET);
      expect((await http().get('/auth/me').set(bearer(sameSecond)).expect(401)).body.code).toBe('TOKEN_REVOKED');
      // Other users' tokens are untouched.
      await http().get('/auth/me').set(auth(committee)).expect(200);
    });

    it('user streams are read by administrators and auditors only, like the user list', async () => {
      for (const reader of [committee, monitoring, soYTe]) {
        const res = await http().get(`/streams/user-${params.userId}/events`).set(auth(reader));
        expect({ role: reader.role, status: res.status, code: res.body.code }).toEqual({ role: reader.role, status: 403, code: 'ROLE_NOT_ALLOWED' });
        await http().get('/users').set(auth(reader)).expect(403);
      }
      for (const reader of [auditor, admin]) {
        const res = await http().get(`/streams/user-${params.userId}/events`).set(auth(reader)).expect(200);
        expect(res.body.events[0]).toMatchObject({ type: 'UserCreated', data: { userId: params.userId } });
      }
      // Other streams stay open to the committee and the monitoring agency.
      await http().get(`/streams/task-${params.taskId}/events`).set(auth(committee)).expect(200);
      await http().get(`/streams/task-${params.taskId}/events`).set(auth(monitoring)).expect(200);
    });

    it('an operator creates a user from the CLI, who then logs in over the API', async () => {
      const cli = spawnSync(
        process.execPath,
        ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'create-user', '-u', 'thanh.tra.tinh', '-r', 'auditor', '-n', 'Trần Văn Thanh', '--password-stdin'],
        {
          cwd: REPO,
          input: 'mật khẩu thanh tra 2019\n',
          encoding: 'utf8',
          timeout: 120_000,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, JWT_SECRET },
        },
      );
      expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
      expect(cli.stdout).toMatch(/Đã tạo người dùng thanh\.tra\.tinh \(auditor\)/);
      const login = await http().post('/auth/login').send({ username: 'thanh.tra.tinh', password: 'mật khẩu thanh tra 2019' }).expect(200);
      expect(login.body.user).toMatchObject({ role: 'auditor', agency: null, displayName: 'Trần Văn Thanh' });
      const { rows } = await db.pool.query(`SELECT metadata FROM events WHERE stream_id = $1`, [`user-${login.body.user.userId}`]);
      expect(rows[0].metadata).toMatchObject({ actor: 'system', role: 'system' });
    });
  });
});
