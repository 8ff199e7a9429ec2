import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { EventStoreModule } from '@dondoc/event-store';
import { Actor, loadAppConfig, ManualClock, PlatformModule, TokenService } from '@dondoc/platform';
import { createTestDatabase, createTestRedis, freePort, TestDatabase, TestRedis } from '@dondoc/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { ProjectionsWorkerModule } from '../apps/worker/src/projections/projections-worker.module';

const admin: Actor = { userId: 'u-admin', role: 'admin', agency: null };
const committee: Actor = { userId: 'u-bcd', role: 'committee', agency: null };

/** Redis is where wake-ups travel; it holds no truth. With it gone, commands still succeed and the workers' poll projects them. */
describe('commands and read models with Redis down', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let api: INestApplication;
  let worker: INestApplicationContext;
  const clock = new ManualClock('2019-12-01T02:00:00.000Z');
  let token: (actor: Actor) => string;

  beforeAll(async () => {
    db = await createTestDatabase('read_models_redis_down');
    redis = await createTestRedis('read_models_redis_down');
    // The API's Redis is down for good: nothing listens on that port. The projection worker has
    // a Redis, but nobody can wake it through the queue: only its poll finds the events.
    const deadRedis = `redis://127.0.0.1:${await freePort()}`;
    const apiConfig = loadAppConfig({ DATABASE_URL: db.url, REDIS_URL: deadRedis, REDIS_PREFIX: redis.prefix, JWT_SECRET: 'd'.repeat(40) });
    api = await createApiApp({ config: apiConfig, clock }, false);
    await api.init();
    const workerConfig = loadAppConfig({ DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, JWT_SECRET: 'd'.repeat(40) });
    worker = await NestFactory.createApplicationContext(
      { module: class ProjectionWorkerUnderTest {}, imports: [PlatformModule.forRoot({ config: workerConfig, clock }), EventStoreModule, ProjectionsWorkerModule] },
      { logger: false },
    );
    await worker.init();
    const tokens = api.get(TokenService);
    token = (actor) => tokens.issue(actor);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('appends, answers 201 at once, and the read model catches up through the poll', async () => {
    const http = () => request(api.getHttpServer());
    const register = (code: string, nameVi: string) =>
      http()
        .post('/agencies')
        .set('Authorization', `Bearer ${token(admin)}`)
        .send({ code, nameVi, level: 'province', kind: 'department', collective: false })
        .expect(201);
    await register('SO_Y_TE', 'Sở Y tế');
    const started = Date.now();
    const res = await register('SO_GTVT', 'Sở Giao thông vận tải');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(res.body.position).toBeGreaterThan(0);

    const card = await http()
      .get('/agencies/SO_GTVT/scorecard')
      .query({ minPosition: res.body.position })
      .set('Authorization', `Bearer ${token(committee)}`)
      .expect(200);
    expect(card.body).toMatchObject({ agencyCode: 'SO_GTVT', nameVi: 'Sở Giao thông vận tải', consistency: { reached: true } });
  });
});
