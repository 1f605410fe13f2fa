import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/prisma/database.js';
import { MigrationChecksumError, migrate, readMigrations } from '../../../src/adapters/prisma/migrator.js';
import { createTestDatabase } from '../../helpers/services.js';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function pgDatabase(): Promise<Database> {
  const t = await createTestDatabase('xjmig');
  const db = await openDatabase({ databaseUrl: t.url, poolSize: 6 });
  cleanup.push(() => t.drop(), () => db.close());
  return db;
}

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xj-mig-'));
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

describe('migrator', () => {
  it('reads the project migrations in order with checksums', async () => {
    const ms = await readMigrations();
    expect(ms.length).toBeGreaterThanOrEqual(1);
    expect(ms.map((m) => m.name)).toEqual([...ms.map((m) => m.name)].sort());
    expect(ms[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('several nodes starting at once apply each migration exactly once', async () => {
    const db = await pgDatabase();
    const results = await Promise.all([migrate(db.sql), migrate(db.sql), migrate(db.sql)]);
    expect(results.flat()).toEqual((await readMigrations()).map((m) => m.name));
    const rows = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "_migrations"');
    expect(rows[0]?.n).toBe((await readMigrations()).length);
  });

  it('refuses to start when an applied migration was edited', async () => {
    const db = await pgDatabase();
    const v1 = await migrationsDir({ '001_a': 'CREATE TABLE a (id int);' });
    expect(await migrate(db.sql, v1)).toEqual(['001_a']);
    const v2 = await migrationsDir({ '001_a': 'CREATE TABLE a (id bigint);' });
    await expect(migrate(db.sql, v2)).rejects.toBeInstanceOf(MigrationChecksumError);
  });

  it('a failing migration leaves nothing half-applied', async () => {
    const db = await pgDatabase();
    const dir = await migrationsDir({ '001_ok': 'CREATE TABLE ok (id int);', '002_bad': 'CREATE TABLE half (id int); SELECT * FROM missing_table;' });
    await expect(migrate(db.sql, dir)).rejects.toThrow(/missing_table/);
    const tables = await db.sql.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema='public' ORDER BY 1");
    expect(tables.map((r) => r.t)).toEqual(['_migrations', 'ok']);
  });

  it('works on PGlite too', async () => {
    const db = await openDatabase({ dataDir: 'memory://' });
    cleanup.push(() => db.close());
    expect((await migrate(db.sql)).length).toBeGreaterThanOrEqual(1);
    expect(await migrate(db.sql)).toEqual([]);
  });
});
