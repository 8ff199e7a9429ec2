import IORedis, { Redis } from 'ioredis';

export const REDIS = Symbol('REDIS');

/** BullMQ needs `maxRetriesPerRequest: null` on the connections its workers block on. */
export function createRedis(url: string, options: { forWorker?: boolean } = {}): Redis {
  return new IORedis(url, {
    maxRetriesPerRequest: options.forWorker ? null : 3,
    enableReadyCheck: true,
    lazyConnect: false,
  });
}

/**
 * BullMQ loses jobs if Redis evicts keys; refuse to run on anything but `noeviction`.
 * Returns the problem as a sentence, or null when Redis is fit.
 */
export async function checkRedisEvictionPolicy(redis: Redis): Promise<string | null> {
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  const policy = reply[1];
  if (policy !== 'noeviction') {
    return (
      `Redis maxmemory-policy là "${policy}", phải là "noeviction": BullMQ sẽ mất lịch nhắc việc ` +
      `khi Redis xóa khóa. Chạy: redis-cli CONFIG SET maxmemory-policy noeviction`
    );
  }
  return null;
}
