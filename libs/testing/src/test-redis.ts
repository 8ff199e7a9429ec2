import { randomBytes } from 'node:crypto';
import IORedis, { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  url: string;
  /** Key prefix of this test file: BullMQ queues and every other key live under it. */
  prefix: string;
  client: Redis;
  /** Deletes this file's keys and closes the client. */
  cleanup(): Promise<void>;
}

export async function createTestRedis(label = 'test'): Promise<TestRedis> {
  const prefix = `dondoc_t_${label}_${randomBytes(4).toString('hex')}`;
  const client = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: 3 });
  return {
    url: TEST_REDIS_URL,
    prefix,
    client,
    async cleanup() {
      await deleteByPrefix(client, prefix);
      client.disconnect();
    },
  };
}

export async function deleteByPrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await client.del(...keys);
  } while (cursor !== '0');
}
