import { ChildProcess, spawn } from 'node:child_process';
import IORedis, { Redis } from 'ioredis';
import { freePort } from './free-port';

export interface RedisServer {
  url: string;
  port: number;
  client: Redis;
  /** Wipes this server (never the shared one). */
  flushAll(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A redis-server of the test's own, on a free port, without persistence, `hz 100` like
 * production: for tests that must wipe Redis or run it with another configuration, which the
 * shared Redis on 6379 must never see.
 */
export async function startRedisServer(options: { maxmemoryPolicy?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--hz', '100',
      '--maxmemory-policy', options.maxmemoryPolicy ?? 'noeviction'],
    { stdio: 'ignore' },
  );
  // A process that ends without stop() (a failed set-up, Jest's forced exit) takes its server
  // with it instead of leaving it running on the machine.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `redis://127.0.0.1:${port}`;
  const client = new IORedis(url, { maxRetriesPerRequest: 3, lazyConnect: true, retryStrategy: () => 50 });
  // Refusals while the server starts are retried below, and later failures reject the commands
  // that meet them; without a listener ioredis prints each one as an unhandled error event.
  client.on('error', () => undefined);
  for (let i = 0; ; i++) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (error) {
      if (i > 100) throw error;
      client.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    port,
    client,
    async flushAll() {
      await client.flushall();
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      client.disconnect();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
