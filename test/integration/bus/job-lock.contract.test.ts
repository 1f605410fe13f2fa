import { describe, expect, it } from 'vitest';
import { MemoryJobLock } from '../../../src/adapters/memory/job-lock.js';
import { RedisJobLock } from '../../../src/adapters/redis/job-lock.js';
import type { JobLock } from '../../../src/domain/scheduling/index.js';
import { Scheduler, type Job } from '../../../src/jobs/scheduler.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { redisPrefix } from '../../helpers/services.js';
import { sharedRedis } from '../../helpers/shared-redis.js';

const redis = sharedRedis();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const targets: { name: string; make(): JobLock }[] = [
  { name: 'memory', make: () => new MemoryJobLock() },
  { name: 'Redis', make: () => new RedisJobLock(redis(), redisPrefix('job')) },
];

describe.each(targets)('job lock ($name)', ({ make }) => {
  it('one holder at a time; released only by its holder; leases expire', async () => {
    const lock = make();
    expect(await lock.acquire('j', 'node-a', 200)).toBe(true);
    expect(await lock.acquire('j', 'node-b', 200)).toBe(false);
    await lock.release('j', 'node-b');
    expect(await lock.acquire('j', 'node-b', 200)).toBe(false);
    await lock.release('j', 'node-a');
    expect(await lock.acquire('j', 'node-b', 100)).toBe(true);
    await sleep(150);
    expect(await lock.acquire('j', 'node-a', 100)).toBe(true);
  });

  it('two schedulers on two nodes run a job once per turn, and a run never overlaps itself', async () => {
    const lock = make();
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const job: Job = {
      name: 'count',
      schedule: '* * * * * *',
      leaseMs: 5_000,
      run: async () => {
        runs++;
        maxConcurrent = Math.max(maxConcurrent, ++concurrent);
        await sleep(50);
        concurrent--;
      },
    };
    const a = new Scheduler(lock, 'node-a', silentLogger);
    const b = new Scheduler(lock, 'node-b', silentLogger);
    const results = await Promise.all([a.runOnce(job), b.runOnce(job), a.runOnce(job)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
    expect(maxConcurrent).toBe(1);
    expect(await b.runOnce(job)).toBe(true); // the lock was released after the run
  });
});
