import { MemoryCommandDispatcher } from '../adapters/memory/command-dispatch.js';
import { MemoryJobLock } from '../adapters/memory/job-lock.js';
import { MemoryLiveStatus } from '../adapters/memory/live-status.js';
import { MemoryPresence } from '../adapters/memory/presence.js';
import { MemoryRequestCounter } from '../adapters/memory/request-counter.js';
import { MemoryStatusEventBus } from '../adapters/memory/status-event-bus.js';
import { connectRedis, type Redis } from '../adapters/redis/client.js';
import { RedisCommandDispatcher } from '../adapters/redis/command-dispatch.js';
import { RedisJobLock } from '../adapters/redis/job-lock.js';
import { RedisLiveStatus } from '../adapters/redis/live-status.js';
import { RedisPresence } from '../adapters/redis/presence.js';
import { RedisRequestCounter } from '../adapters/redis/request-counter.js';
import { RedisStatusEventBus } from '../adapters/redis/status-event-bus.js';
import type { Config } from '../config/index.js';
import type { RequestCounter } from '../domain/access/index.js';
import type { LiveStatusStore, StatusEventBus } from '../domain/availability/index.js';
import type { JobLock } from '../domain/scheduling/index.js';
import type { StationPresence } from '../domain/stations/index.js';
import type { Closers } from './closers.js';

export interface Bus {
  readonly redis: Redis | undefined;
  readonly presence: StationPresence;
  readonly liveStatus: LiveStatusStore;
  readonly statusEvents: StatusEventBus;
  readonly requestCounter: RequestCounter;
  readonly jobLock: JobLock;
  /** Command routing between nodes (Redis), or within this process. */
  readonly dispatch: RedisCommandDispatcher | MemoryCommandDispatcher;
}

/** Redis when REDIS_URL is set; otherwise in-process twins of the same interfaces (one node). */
export async function openBus(config: Config, closers: Closers): Promise<Bus> {
  const k = config.bus.keyPrefix;
  if (!config.bus.redisUrl) {
    return {
      redis: undefined,
      presence: new MemoryPresence(),
      liveStatus: new MemoryLiveStatus(),
      statusEvents: new MemoryStatusEventBus(),
      requestCounter: new MemoryRequestCounter(),
      jobLock: new MemoryJobLock(),
      dispatch: new MemoryCommandDispatcher(),
    };
  }
  const redis = await connectRedis(config.bus.redisUrl);
  closers.add(async () => void (await redis.quit()));
  const presence = new RedisPresence(redis, `${k}presence:`);
  const dispatch = new RedisCommandDispatcher(redis, presence, `${k}node:`);
  closers.add(async () => dispatch.close());
  return {
    redis,
    presence,
    liveStatus: new RedisLiveStatus(redis, `${k}live:`),
    statusEvents: new RedisStatusEventBus(redis, { key: `${k}status-events` }),
    requestCounter: new RedisRequestCounter(redis, `${k}rate:`),
    jobLock: new RedisJobLock(redis, `${k}job:`),
    dispatch,
  };
}
