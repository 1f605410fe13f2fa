import { openDatabase, type Database } from '../../src/adapters/prisma/database.js';
import { migrate } from '../../src/adapters/prisma/migrator.js';
import { createTestDatabase } from './services.js';

export interface StoreTarget {
  readonly name: string;
  /** A fresh, migrated database; dispose() closes and removes it. */
  open(): Promise<{ db: Database; dispose(): Promise<void> }>;
}

/** Every store implementation the platform runs on: contract suites run against each. */
export const STORE_TARGETS: StoreTarget[] = [
  {
    name: 'PostgreSQL',
    async open() {
      const t = await createTestDatabase();
      const db = await openDatabase({ databaseUrl: t.url, poolSize: 8 });
      await migrate(db.sql);
      return {
        db,
        async dispose() {
          await db.close();
          await t.drop();
        },
      };
    },
  },
  {
    name: 'PGlite',
    async open() {
      const db = await openDatabase({ dataDir: 'memory://' });
      await migrate(db.sql);
      return { db, dispose: () => db.close() };
    },
  },
];
