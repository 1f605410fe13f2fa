import type { Sql, SqlConnection } from './database.js';

/** A transaction of the group commit: SQL, plus rows to hand to a bulk writer before COMMIT. */
export interface Tx extends Sql {
  bulk<R>(writer: BulkWriter<R>, rows: readonly R[]): void;
}

/** Writes many rows at once; all rows a writer receives in one batch are merged into one call. */
export interface BulkWriter<R> {
  write(tx: Sql, rows: readonly R[]): Promise<void>;
  /** True when write() issues exactly one statement, which is atomic without a transaction. */
  readonly singleStatement: boolean;
}

type Job = {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
} & (
  | { kind: 'fn'; fn: (tx: Tx) => Promise<unknown> }
  | { kind: 'bulk'; writer: BulkWriter<unknown>; rows: readonly unknown[] }
);

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
 * its neighbours. Runs on plain SQL: per statement, Prisma's interactive transactions cost more
 * than the database does (see docs/decisions/0003).
 */
export class GroupCommit {
  #queue: Job[] = [];
  #inFlight = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];

  constructor(
    private readonly sql: SqlConnection,
    private readonly options: GroupCommitOptions,
  ) {}

  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ kind: 'fn', fn, resolve: resolve as (v: unknown) => void, reject });
      this.#schedule();
    });
  }

  /**
   * Queues rows for a bulk writer. All rows that the same writer receives within one batch go to
   * the database in one statement (e.g. the meter values of hundreds of stations in one INSERT).
   */
  bulk<R>(writer: BulkWriter<R>, rows: readonly R[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ kind: 'bulk', writer: writer as BulkWriter<unknown>, rows, resolve: resolve as (v: unknown) => void, reject });
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
      // A batch of one bulk writer's rows is a single statement: atomic without BEGIN/COMMIT round trips.
      const single = singleWriter(batch);
      const results = single ? (await single.writer.write(this.sql, single.rows), batch.map(() => undefined)) : await this.sql.transaction((tx) => runBatch(tx, batch));
      batch.forEach((job, i) => job.resolve(results[i]));
    } catch (e) {
      if (batch.length === 1) {
        batch[0]?.reject(e);
        return;
      }
      for (const job of batch) {
        try {
          const [result] = await this.sql.transaction((tx) => runBatch(tx, [job]));
          job.resolve(result);
        } catch (err) {
          job.reject(err);
        }
      }
    }
  }
}

/** The jobs in arrival order, then each bulk writer once with every row queued for it. */
async function runBatch(sql: Sql, batch: readonly Job[]): Promise<unknown[]> {
  const merged = new Map<BulkWriter<unknown>, unknown[]>();
  const add = (writer: BulkWriter<unknown>, rows: readonly unknown[]) => {
    const list = merged.get(writer);
    if (list) list.push(...rows);
    else merged.set(writer, [...rows]);
  };
  const tx: Tx = { query: (text, params) => sql.query(text, params), bulk: (writer, rows) => add(writer as BulkWriter<unknown>, rows) };
  const out: unknown[] = [];
  for (const job of batch) {
    if (job.kind === 'fn') out.push(await job.fn(tx));
    else {
      add(job.writer, job.rows);
      out.push(undefined);
    }
  }
  // After the jobs: rows may refer to sessions a job of this batch created.
  for (const [writer, rows] of merged) await writer.write(sql, rows);
  return out;
}

function singleWriter(batch: readonly Job[]): { writer: BulkWriter<unknown>; rows: unknown[] } | undefined {
  const first = batch[0];
  if (first?.kind !== 'bulk' || !first.writer.singleStatement) return undefined;
  const rows: unknown[] = [];
  for (const job of batch) {
    if (job.kind !== 'bulk' || job.writer !== first.writer) return undefined;
    rows.push(...job.rows);
  }
  return { writer: first.writer, rows };
}
