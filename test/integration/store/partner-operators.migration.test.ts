import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate } from '../../../src/adapters/prisma/migrator.js';
import { migrationTargets } from '../../helpers/migration-targets.js';

const MIGRATION = '20261208110000_partner_operators';
const TARGETS = migrationTargets('xjpartnerops');

describe.each(TARGETS)(`${MIGRATION} on $name`, (target) => {
  it('moves each existing partner\'s partners.operator_id into partner_operators (position 0) and drops the column', async () => {
    const db = await target.open();
    const before = await migrate(db.sql, MIGRATIONS_DIR, { before: MIGRATION });
    expect(before).not.toContain(MIGRATION);
    expect(before.at(-1)! < MIGRATION).toBe(true);
    // Partners as an older release stored them: one operator each, in partners.operator_id.
    await db.sql.query(`INSERT INTO operators (id, name, roles) VALUES ('PEER-1', 'Peer 1', '{CPO}'), ('PEER-2', 'Peer 2', '{EMSP}'), ('EMSP-1', 'Member 1', '{EMSP}'), ('CPO-2', 'Member 2', '{CPO}')`);
    await db.sql.query(
      `INSERT INTO partners (id, name, protocol, role, operator_id, tcec_operator_id, settings, secrets)
       VALUES ('PEER-1', 'Peer 1', 'tcec', 'cpo', 'EMSP-1', 'MAPEER001', '{}', 'sealed-1'),
              ('PEER-2', 'Peer 2', 'tcec', 'emsp', 'CPO-2', 'MAPEER002', '{}', 'sealed-2')`,
    );
    expect(await migrate(db.sql)).toContain(MIGRATION);
    expect(await db.sql.query('SELECT partner_id, operator_id, position FROM partner_operators ORDER BY partner_id')).toEqual([
      { partner_id: 'PEER-1', operator_id: 'EMSP-1', position: 0 },
      { partner_id: 'PEER-2', operator_id: 'CPO-2', position: 0 },
    ]);
    // The partners themselves are untouched; the old column is gone.
    expect(await db.sql.query(`SELECT id, name, role, tcec_operator_id, secrets FROM partners ORDER BY id`)).toEqual([
      { id: 'PEER-1', name: 'Peer 1', role: 'cpo', tcec_operator_id: 'MAPEER001', secrets: 'sealed-1' },
      { id: 'PEER-2', name: 'Peer 2', role: 'emsp', tcec_operator_id: 'MAPEER002', secrets: 'sealed-2' },
    ]);
    expect(await db.sql.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'partners' AND column_name = 'operator_id'`)).toEqual([]);
    // The member is kept by a foreign key: it cannot be deleted from under the partner.
    await expect(db.sql.query(`DELETE FROM operators WHERE id = 'EMSP-1'`)).rejects.toThrow();
  });
});
