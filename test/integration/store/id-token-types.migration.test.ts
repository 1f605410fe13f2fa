import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate } from '../../../src/adapters/prisma/migrator.js';
import { migrationTargets } from '../../helpers/migration-targets.js';

const MIGRATION = '20261202090000_id_token_types';
const TARGETS = migrationTargets('xjtoktype');

describe.each(TARGETS)(`${MIGRATION} on $name`, (target) => {
  it("turns stored 'RFID' tokens into ISO14443, keeps other types, and makes ISO14443 the default", async () => {
    const db = await target.open();
    // The project's migrations before this one, as a store that ran an older release has them.
    await migrate(db.sql, MIGRATIONS_DIR, { before: MIGRATION });
    await db.sql.query(`INSERT INTO operators (id, name, roles) VALUES ('OP-M', 'M', '{EMSP}')`);
    await db.sql.query(`INSERT INTO id_tokens (uid, operator_id) VALUES ('OLD-DEFAULT', 'OP-M')`);
    await db.sql.query(`INSERT INTO id_tokens (uid, operator_id, type) VALUES ('OLD-KEY', 'OP-M', 'KeyCode')`);
    expect(await migrate(db.sql)).toContain(MIGRATION);
    await db.sql.query(`INSERT INTO id_tokens (uid, operator_id) VALUES ('NEW-DEFAULT', 'OP-M')`);
    const rows = await db.sql.query<{ uid: string; type: string }>('SELECT uid, type FROM id_tokens ORDER BY uid');
    expect(rows).toEqual([
      { uid: 'NEW-DEFAULT', type: 'ISO14443' },
      { uid: 'OLD-DEFAULT', type: 'ISO14443' },
      { uid: 'OLD-KEY', type: 'KeyCode' },
    ]);
  });
});
