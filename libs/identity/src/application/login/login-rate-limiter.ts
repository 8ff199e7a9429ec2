import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@dondoc/platform/config/app-config';
import { REDIS } from '@dondoc/platform/redis/redis';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: 'ip' | 'username' };

/**
 * Counts one attempt per client IP and per user name and expires the counts at the end of a
 * fixed window; both increments and both expiries happen in one Lua call, so concurrent
 * attempts cannot slip past the limit. Redis rather than @nestjs/throttler's in-memory
 * store: every API process sees the same counts.
 */
const HIT_SCRIPT = `
local ip = redis.call('INCR', KEYS[1])
if ip == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local user = redis.call('INCR', KEYS[2])
if user == 1 then redis.call('EXPIRE', KEYS[2], ARGV[1]) end
return { ip, user, redis.call('TTL', KEYS[1]), redis.call('TTL', KEYS[2]) }`;

@Injectable()
export class LoginRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** Records an attempt and says whether it may go on. */
  async hit(ip: string, username: string): Promise<RateDecision> {
    const [ipCount, userCount, ipTtl, userTtl] = (await this.redis.eval(
      HIT_SCRIPT,
      2,
      this.ipKey(ip),
      this.usernameKey(username),
      String(this.config.LOGIN_WINDOW_SECONDS),
    )) as number[];
    if (ipCount > this.config.LOGIN_MAX_ATTEMPTS_PER_IP) {
      return { allowed: false, scope: 'ip', retryAfterSeconds: Math.max(1, ipTtl) };
    }
    if (userCount > this.config.LOGIN_MAX_ATTEMPTS_PER_USERNAME) {
      return { allowed: false, scope: 'username', retryAfterSeconds: Math.max(1, userTtl) };
    }
    return { allowed: true };
  }

  /** A successful login clears the user name's count (the IP's keeps running). */
  async succeeded(username: string): Promise<void> {
    await this.redis.del(this.usernameKey(username));
  }

  private ipKey(ip: string): string {
    return `${this.config.REDIS_PREFIX}:login:ip:${ip}`;
  }

  /** Hashed: user names typed by strangers are not stored in Redis as they were typed. */
  private usernameKey(username: string): string {
    return `${this.config.REDIS_PREFIX}:login:user:${createHash('sha256').update(username).digest('hex').slice(0, 32)}`;
  }
}
