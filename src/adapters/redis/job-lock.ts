import type { JobLock } from '../../domain/scheduling/index.js';
import type { Redis } from './client.js';

const RELEASE_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** SET NX PX: one holder per job across nodes; released only by its holder. */
export class RedisJobLock implements JobLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'xj:job:',
  ) {}

  async acquire(job: string, owner: string, leaseMs: number): Promise<boolean> {
    return (await this.redis.set(this.prefix + job, owner, { NX: true, PX: leaseMs })) === 'OK';
  }

  async release(job: string, owner: string): Promise<void> {
    await this.redis.eval(RELEASE_IF_OWNER, { keys: [this.prefix + job], arguments: [owner] });
  }
}
