import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { EventStoreModule } from '@dondoc/event-store';
import { Actor, loadAppConfig, ManualClock, PlatformModule, TokenService } from '@dondoc/platform';
import { createTestDatabase, RedisServer, startRedisServer, TestDatabase } from '@dondoc/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { ProjectionsWorkerModule } from '../apps/worker/src/projections/projections-worker.module';

const admin: Actor = { userId: 'u-admin', role: 'admin', agency: null };
const committee: Actor = { userId: 'u-bcd', role: 'committee', agency: null };

/** Redis is where wake-ups travel; it holds no truth. With it gone, commands still succeed and the workers' poll projects them. */
describe('commands and read models with Redis down', () => {
  let db: TestDatabase;
  let redis: RedisServer;
  let api: INestApplication;
  let worker: INestApplicationContext;
  const clock = new ManualClock('2019-12-01T02:00:00.000Z');
  let token: (actor: Actor) => string;

  beforeAll(async () => {
    db = await createTestDatabase('read_models_redis_down');
    // Our own Redis: this test stops it, which the shared one must never see.
    redis = await startRedisServer();
    const config = loadAppConfig({ DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: 'dondoc_down', JWT_SECRET: 'd'.repeat(40) });
    api = await createApiApp({ config, clock }, false);
    await api.init();
    worker = await NestFactory.createApplicationContext(
      { module: class ProjectionWorkerUnderTest {}, imports: [PlatformModule.forRoot({ config, clock }), EventStoreModule, ProjectionsWorkerModule] },
      { logger: false },
    );
    await worker.init();
    const tokens = api.get(TokenService);
    token = (actor) => tokens.issue(actor);
  });

  afterAll(async () => {
    await redis?.stop();
    await Promise.race([Promise.all([worker?.close(), api?.close()]), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await db?.drop();
  });

  it('appends, answers 201, and the read model catches up through the poll', async () => {
    const http = () => request(api.getHttpServer());
    await http()
      .post('/agencies')
      .set('Authorization', `Bearer ${token(admin)}`)
      .send({ code: 'SO_Y_TE', nameVi: 'Sở Y tế', level: 'province', kind: 'department', collective: false })
      .expect(201);
    await redis.stop();

    const started = Date.now();
    const res = await http()
      .post('/agencies')
      .set('Authorization', `Bearer ${token(admin)}`)
      .send({ code: 'SO_GTVT', nameVi: 'Sở Giao thông vận tải', level: 'province', kind: 'department', collective: false })
      .expect(201);
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
