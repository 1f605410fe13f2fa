import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client.js';

/** Parameterised SQL on one connection or transaction. */
export interface Sql {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * The raw SQL surface of the store, for both back ends: the migrator, health checks, and the hot
 * write path (group commit), where Prisma's interactive transactions cost more than the writes.
 */
export interface SqlConnection extends Sql {
  /** Runs a script of one or more statements. */
  exec(sql: string): Promise<void>;
  /** Runs fn inside BEGIN … COMMIT on one connection; rolls back if fn throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Runs fn with a session-level advisory lock held (PGlite has one session: no lock needed). */
  withLock<T>(key: number, fn: (conn: SqlConnection) => Promise<T>): Promise<T>;
}

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly prisma: PrismaClient;
  readonly sql: SqlConnection;
  /** PGlite only: the whole data directory as a tarball (a template for openDatabase). */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… → PostgreSQL; otherwise PGlite in dataDir (or in memory when dataDir is 'memory://'). */
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  poolSize?: number | undefined;
  /**
   * PGlite only: a data directory (from `dump()`) to start a new database from, instead of creating
   * one (PGlite's initdb takes seconds; tests start many databases). Ignored for an existing one.
   */
  pgliteTemplate?: Blob | undefined;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 10) : openPglite(options.dataDir, options.pgliteTemplate);
}

function openPostgres(url: string, max: number): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const fromClient = (c: pg.Pool | pg.PoolClient): Omit<SqlConnection, 'withLock' | 'transaction'> => ({
    exec: async (sql) => {
      await c.query(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) =>
      (params === undefined ? await c.query(sql) : await c.query({ name: statementName(sql), text: sql, values: params })).rows as T[],
  });
  const transaction = async <T>(fn: (tx: Sql) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(fromClient(client));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  };
  return {
    kind: 'postgres',
    prisma,
    sql: {
      ...fromClient(pool),
      transaction,
      async withLock(key, fn) {
        const client = await pool.connect();
        try {
          await client.query('SELECT pg_advisory_lock($1)', [key]);
          try {
            return await fn({
              ...fromClient(client),
              transaction: () => Promise.reject(new Error('no transaction under the migration lock')),
              withLock: () => Promise.reject(new Error('nested lock')),
            });
          } finally {
            await client.query('SELECT pg_advisory_unlock($1)', [key]);
          }
        } finally {
          client.release();
        }
      },
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * Our SQL is a fixed set of texts, so each runs as a named prepared statement: PostgreSQL parses and
 * plans it once per connection instead of on every execution (a large share of its CPU per message).
 */
const names = new Map<string, string>();
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `xj_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    names.set(sql, name);
  }
  return name;
}

async function openPglite(dataDir: string | undefined, template: Blob | undefined): Promise<Database> {
  const inMemory = !dataDir || dataDir === 'memory://';
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const fresh = inMemory || !existsSync(join(dataDir, 'PG_VERSION'));
  const options = template && fresh ? { loadDataDir: template } : {};
  const db = inMemory ? new PGlite(options) : new PGlite(dataDir, options);
  await db.waitReady;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  const sql: SqlConnection = {
    exec: async (s) => {
      await db.exec(s);
    },
    query: async <T>(s: string, params?: unknown[]) => (await db.query<T>(s, params)).rows,
    transaction: <T>(fn: (tx: Sql) => Promise<T>) =>
      db.transaction((tx) => fn({ query: async <R>(s: string, params?: unknown[]) => (await tx.query<R>(s, params)).rows })),
    withLock: (_key, fn) => fn(sql),
  };
  return {
    kind: 'pglite',
    prisma,
    sql,
    dump: async () => {
      const file = await db.dumpDataDir('none');
      return file;
    },
    async close() {
      await prisma.$disconnect();
      await db.close();
    },
  };
}
