/**
 * Single-runner locks for scheduled jobs: when several nodes run the jobs role, each run of a job
 * happens on one of them. The lease expires by itself if its holder dies.
 */
export interface JobLock {
  acquire(job: string, owner: string, leaseMs: number): Promise<boolean>;
  release(job: string, owner: string): Promise<void>;
}
