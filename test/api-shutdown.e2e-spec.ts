import { INestApplication } from '@nestjs/common';
import { Agent, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadAppConfig } from '@dondoc/platform';
import { connects, createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@dondoc/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

/**
 * SIGTERM closes the API even while a client keeps a keep-alive connection busy (a health
 * probe, a dashboard polling): Node's server.close() alone waits for such a connection forever.
 */
describe('API shutdown with a busy keep-alive client', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase('api_shutdown_e2e');
    redis = await createTestRedis('api_shutdown_e2e');
    const config = loadAppConfig({ DATABASE_URL: db.url, JWT_SECRET: 's'.repeat(40), REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, PG_POOL_SIZE: '2' });
    app = await createApiApp({ config }, false);
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await redis?.cleanup();
    await db?.drop();
  });

  it('closes while a kept connection is busy and its client keeps asking, and refuses new connections after', async () => {
    const server = app.getHttpServer() as Server;
    const { port } = server.address() as AddressInfo;
    // One connection for every request, as a browser or a probe keeps it.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: { first: string; rest: string }, beforeRest?: () => Promise<void>) =>
      new Promise<{ status: number; connection: string | undefined; reused: boolean }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method, path, agent, headers: body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body.first + body.rest) } : {} });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        if (!body) return req.end();
        req.write(body.first);
        void beforeRest!().then(() => req.end(body.rest), reject);
      });
    expect((await send('GET', '/health')).status).toBe(200);

    // A login whose body is still arriving when the shutdown closes the server: its connection is busy.
    let closing: Promise<string> | undefined;
    const received = new Promise((resolve) => server.once('request', resolve));
    const login = await send('POST', '/auth/login', { first: '{"username":"khong.co",', rest: '"password":"sai-mat-khau"}' }, async () => {
      await received;
      closing = Promise.race([
        app.close().then(() => 'closed'),
        // A hang detector, not a speed target: without the fix the server never closes.
        new Promise<string>((resolve) => setTimeout(() => resolve('still open after 15 s'), 15_000)),
      ]);
      while (server.listening) await new Promise((resolve) => setTimeout(resolve, 5));
    });
    expect(login).toMatchObject({ status: 401, reused: true });

    // The client keeps asking on its kept connection, as a probe does, until it is let go.
    const after: Array<{ status: number; connection: string | undefined }> = [];
    let done = false;
    void closing!.then(() => (done = true));
    while (!done) {
      const answer = await send('GET', '/health').catch(() => null);
      if (!answer?.reused) break;
      after.push(answer);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await closing).toBe('closed');
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(after[after.length - 1].connection).toBe('close');
    await expect(connects(port)).resolves.toBe(false);
    agent.destroy();
  }, 30_000);
});
