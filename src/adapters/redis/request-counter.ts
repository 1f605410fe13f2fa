import type { RequestCounter } from '../../domain/access/index.js';
import type { Redis } from './client.js';

// One round trip: count, start the window on the first request, report what is left of it.
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

/** Fixed-window counters in Redis (INCR + PEXPIRE), shared by every API node. */
export class RedisRequestCounter implements RequestCounter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'xj:rate:',
  ) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const [count, ttl] = (await this.redis.eval(HIT, { keys: [this.prefix + key], arguments: [String(windowMs)] })) as [number, number];
    return { count: Number(count), resetInMs: Number(ttl) };
  }
}
