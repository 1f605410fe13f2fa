import { afterAll } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/prisma/database.js';
import { createTestDatabase } from './services.js';

export interface MigrationTarget {
  readonly name: string;
  /** An empty database (no migration applied), closed and dropped after the file's tests. */
  open(): Promise<Database>;
}

/**
 * Empty stores on PostgreSQL and PGlite for migration tests, which apply the migrations up to the
 * one they test, write rows the old way, then apply the rest.
 */
export function migrationTargets(databasePrefix: string): MigrationTarget[] {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });
  return [
    {
      name: 'PostgreSQL',
      async open() {
        const t = await createTestDatabase(databasePrefix);
        const db = await openDatabase({ databaseUrl: t.url, poolSize: 2 });
        cleanup.push(() => t.drop(), () => db.close());
        return db;
      },
    },
    {
      name: 'PGlite',
      async open() {
        const db = await openDatabase({ dataDir: 'memory://' });
        cleanup.push(() => db.close());
        return db;
      },
    },
  ];
}
