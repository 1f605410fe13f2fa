import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlConnection } from './database.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));
/** Arbitrary but fixed: every node that starts takes this advisory lock before migrating. */
const MIGRATION_LOCK_KEY = 7_305_202_611;

export interface Migration {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

export class MigrationChecksumError extends Error {}

/**
 * Applies pending migrations in name order, each in its own transaction, recording name and
 * checksum in _migrations. An applied migration whose file changed stops the start-up: history
 * is never rewritten silently. Safe when several nodes start at once (advisory lock).
 * `before` (for migration tests): apply only those whose name sorts before it, as a store that
 * ran an older release has them.
 */
export async function migrate(sql: SqlConnection, dir = MIGRATIONS_DIR, options: { before?: string } = {}): Promise<string[]> {
  const { before } = options;
  const migrations = (await readMigrations(dir)).filter((m) => before === undefined || m.name < before);
  return sql.withLock(MIGRATION_LOCK_KEY, async (conn) => {
    await conn.exec(`CREATE TABLE IF NOT EXISTS "_migrations" (
      "name" TEXT PRIMARY KEY,
      "checksum" TEXT NOT NULL,
      "applied_at" TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const applied = new Map(
      (await conn.query<{ name: string; checksum: string }>('SELECT name, checksum FROM "_migrations"')).map((r) => [r.name, r.checksum]),
    );
    const done: string[] = [];
    for (const m of migrations) {
      const previous = applied.get(m.name);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new MigrationChecksumError(`migration ${m.name} was changed after it was applied`);
        }
        continue;
      }
      await conn.exec('BEGIN');
      try {
        await conn.exec(m.sql);
        await conn.query('INSERT INTO "_migrations" (name, checksum) VALUES ($1, $2)', [m.name, m.checksum]);
        await conn.exec('COMMIT');
      } catch (e) {
        await conn.exec('ROLLBACK');
        throw e;
      }
      done.push(m.name);
    }
    return done;
  });
}
