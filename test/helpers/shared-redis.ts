import { afterAll, beforeAll } from 'vitest';
import { connectRedis, type Redis } from '../../src/adapters/redis/client.js';
import { REDIS_URL } from './services.js';

/**
 * One Redis connection for a test file, opened before its tests and closed after them (after
 * `beforeClose`, e.g. removing the file's keys). Call at the top level; use the getter in tests.
 */
export function sharedRedis(beforeClose?: (redis: Redis) => Promise<void>): () => Redis {
  let redis: Redis | undefined;
  beforeAll(async () => {
    redis = await connectRedis(REDIS_URL);
  });
  afterAll(async () => {
    if (!redis) return;
    await beforeClose?.(redis);
    await redis.quit();
  });
  return () => {
    if (!redis) throw new Error('sharedRedis(): used before the file started');
    return redis;
  };
}
