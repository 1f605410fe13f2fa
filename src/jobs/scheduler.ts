import cron, { type ScheduledTask } from 'node-cron';
import type { JobLock } from '../domain/scheduling/index.js';
import type { Logger } from '../shared/logger.js';

export interface Job {
  readonly name: string;
  /** node-cron expression (6 fields: seconds first). */
  readonly schedule: string;
  /** How long one run may hold the lock. */
  readonly leaseMs: number;
  run(): Promise<string | number | void>;
}

/**
 * Runs jobs on their schedule in Asia/Shanghai time, each run on one node only (JobLock) and never
 * overlapping itself on this node.
 */
export class Scheduler {
  #tasks: ScheduledTask[] = [];
  #running = new Set<string>();

  constructor(
    private readonly lock: JobLock,
    private readonly nodeId: string,
    private readonly log: Logger,
  ) {}

  start(jobs: readonly Job[]): void {
    for (const job of jobs) {
      this.#tasks.push(cron.schedule(job.schedule, () => this.runOnce(job), { name: job.name, timezone: 'Asia/Shanghai' }));
    }
  }

  /** One run, if no other node (and no earlier run here) holds the job. Returns whether it ran. */
  async runOnce(job: Job): Promise<boolean> {
    if (this.#running.has(job.name)) return false;
    this.#running.add(job.name);
    try {
      if (!(await this.lock.acquire(job.name, this.nodeId, job.leaseMs))) return false;
      const started = Date.now();
      try {
        const result = await job.run();
        this.log.debug({ job: job.name, result, ms: Date.now() - started }, 'job ran');
        return true;
      } finally {
        await this.lock.release(job.name, this.nodeId);
      }
    } catch (err) {
      this.log.error({ err, job: job.name }, 'job failed');
      return false;
    } finally {
      this.#running.delete(job.name);
    }
  }

  async stop(): Promise<void> {
    for (const t of this.#tasks) await t.stop();
    this.#tasks = [];
  }
}
