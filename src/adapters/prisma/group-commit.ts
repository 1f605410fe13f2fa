import type { PrismaClient } from './generated/client.js';
import type { TransactionClient } from './generated/internal/prismaNamespace.js';

export type Tx = TransactionClient;

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export interface GroupCommitOptions {
  /** Most jobs in one transaction. */
  maxBatch: number;
  /** Transactions in flight at once (keep below the connection pool size). */
  maxConcurrent: number;
}

/**
 * Group commit: write jobs that arrive together share one database transaction, so a burst of
 * station messages costs one commit (one WAL flush) instead of one each. Every job's promise
 * settles only after its transaction committed, so an OCPP answer never leaves before its data is
 * durable. If a batch fails, its jobs are retried one per transaction, so one bad job cannot fail
 * its neighbours.
 */
export class GroupCommit {
  #queue: Job[] = [];
  #inFlight = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: GroupCommitOptions,
  ) {}

  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.#schedule();
    });
  }

  /** Resolves when nothing is queued or in flight (used at shutdown). */
  drained(): Promise<void> {
    if (this.#queue.length === 0 && this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate lets every message already read from the sockets join this batch.
    setImmediate(() => {
      this.#scheduled = false;
      this.#drain();
    });
  }

  #drain(): void {
    while (this.#queue.length > 0 && this.#inFlight < this.options.maxConcurrent) {
      const batch = this.#queue.splice(0, this.options.maxBatch);
      this.#inFlight++;
      void this.#flush(batch).finally(() => {
        this.#inFlight--;
        if (this.#queue.length > 0) this.#drain();
        else if (this.#inFlight === 0) this.#idle.splice(0).forEach((r) => r());
      });
    }
  }

  async #flush(batch: Job[]): Promise<void> {
    try {
      const results = await this.prisma.$transaction(
        async (tx) => {
          const out: unknown[] = [];
          for (const job of batch) out.push(await job.fn(tx));
          return out;
        },
        { maxWait: 10_000, timeout: 30_000 },
      );
      batch.forEach((job, i) => job.resolve(results[i]));
    } catch (e) {
      if (batch.length === 1) {
        batch[0]?.reject(e);
        return;
      }
      for (const job of batch) {
        try {
          job.resolve(await this.prisma.$transaction((tx) => job.fn(tx), { maxWait: 10_000, timeout: 30_000 }));
        } catch (err) {
          job.reject(err);
        }
      }
    }
  }
}
