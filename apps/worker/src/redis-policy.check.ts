import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Redis } from 'ioredis';
import { REDIS, checkRedisEvictionPolicy } from '@dondoc/platform';

/** The worker refuses to start on a Redis that may evict BullMQ's keys. */
@Injectable()
export class RedisPolicyCheck implements OnApplicationBootstrap {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationBootstrap(): Promise<void> {
    const problem = await checkRedisEvictionPolicy(this.redis);
    if (problem) throw new Error(problem);
  }
}
