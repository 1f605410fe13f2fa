import { join } from 'node:path';
import { openDatabase, type Database } from '../adapters/prisma/database.js';
import { GroupCommit } from '../adapters/prisma/group-commit.js';
import { migrate } from '../adapters/prisma/migrator.js';
import { OutboxTail } from '../adapters/prisma/outbox-runner.js';
import { SqlOutbox } from '../adapters/prisma/outbox.store.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../shared/logger.js';
import type { Closers } from './closers.js';

export interface Store {
  readonly db: Database;
  readonly gc: GroupCommit;
  readonly outbox: SqlOutbox;
  /** This node's reader of new events (cache invalidation). */
  readonly tail: OutboxTail;
  /**
   * Awaited by writes whose follow-ups the writer's next read should see (master data, command
   * answers): this node's tail and consumers catch up first.
   */
  afterCommit(): Promise<void>;
  /** Adds a step to afterCommit (the platform adds its outbox consumers). */
  follow(step: () => Promise<void>): void;
}

/** The database (PostgreSQL or PGlite), migrated, with its group commit and the outbox. */
export async function openStore(config: Config, log: Logger, closers: Closers, pgliteTemplate?: Blob): Promise<Store> {
  const db = await openDatabase({
    databaseUrl: config.store.databaseUrl,
    dataDir: join(config.store.dataDir, 'pglite'),
    poolSize: config.store.poolSize,
    pgliteTemplate,
  });
  closers.add(() => db.close());
  const applied = await migrate(db.sql);
  log.info({ store: db.kind, applied }, 'store ready');
  // One transaction at a time on PGlite (a single connection); several on PostgreSQL, leaving
  // connections for reads. Small batches spread over several connections keep latency low.
  const gc = new GroupCommit(db.sql, {
    maxBatch: db.kind === 'pglite' ? 256 : config.store.writeBatchMax,
    maxConcurrent: db.kind === 'pglite' ? 1 : Math.min(config.store.writeConcurrency, config.store.poolSize - 2),
  });
  closers.add(() => gc.drained());
  const outbox = new SqlOutbox(db.sql);
  // Every 100 ms: it also wakes the node's durable consumers (platform.ts), so this is their latency.
  const tail = new OutboxTail(outbox, log.child({ component: 'outbox-tail' }), 100);
  await tail.start();
  closers.add(async () => tail.stop());
  const followers: (() => Promise<void>)[] = [() => tail.poll()];
  return {
    db,
    gc,
    outbox,
    tail,
    afterCommit: async () => void (await Promise.all(followers.map((f) => f()))),
    follow: (step) => void followers.push(step),
  };
}
