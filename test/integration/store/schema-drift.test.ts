import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/prisma/database.js';
import { migrate } from '../../../src/adapters/prisma/migrator.js';
import { schemaSnapshot } from '../../helpers/catalog-snapshot.js';
import { sqlFromPrismaSchema } from '../../helpers/schema-from-prisma.js';
import { createTestDatabase } from '../../helpers/services.js';

/** The migrations in prisma/migrations produce exactly the schema that schema.prisma declares. */
describe('migrated schema matches schema.prisma', () => {
  const dbs: { drop(): Promise<void> }[] = [];
  const open: Database[] = [];
  let expected: Record<string, unknown[]>;

  beforeAll(async () => {
    const target = await createTestDatabase('xjdrift');
    dbs.push(target);
    const db = await openDatabase({ databaseUrl: target.url, poolSize: 2 });
    open.push(db);
    await db.sql.exec(await sqlFromPrismaSchema());
    expected = await schemaSnapshot(db.sql);
  });

  afterAll(async () => {
    for (const d of open) await d.close();
    for (const d of dbs) await d.drop();
  });

  it('the reference has the tables we expect', () => {
    const tables = new Set(expected.columns?.map((c) => (c as { table_name: string }).table_name));
    expect([...tables].sort()).toEqual(
      ['agreements', 'api_keys', 'cdr_lines', 'cdrs', 'charging_sessions', 'commands', 'connector_status_history', 'connectors', 'disputes', 'evses', 'id_tokens', 'locations', 'meter_samples', 'operators', 'outbox_consumers', 'outbox_events', 'reservations', 'settlement_closes', 'settlement_queue', 'settlement_statements', 'statement_cdrs', 'station_certificates', 'station_events', 'station_variables', 'stations', 'tariff_periods', 'tariff_versions', 'tariffs', 'transaction_events', 'grid_limits', 'session_loads', 'station_charging_limits', 'station_default_profiles', 'firmware_campaigns', 'firmware_campaign_stations', 'station_local_lists', 'session_reconciliations', 'station_variable_characteristics', 'station_logs', 'partners', 'partner_operators', 'partner_messages', 'tcec_tokens', 'tcec_seen_requests', 'tcec_partner_tokens', 'tcec_seq_blocks', 'partner_pushes', 'roaming_charges', 'roaming_connectors', 'roaming_sync_state'].sort(),
    );
  });

  it('on PostgreSQL', async () => {
    const target = await createTestDatabase('xjdrift');
    dbs.push(target);
    const db = await openDatabase({ databaseUrl: target.url, poolSize: 2 });
    open.push(db);
    await migrate(db.sql);
    expect(await schemaSnapshot(db.sql)).toEqual(expected);
  });

  it('on PGlite', async () => {
    const db = await openDatabase({ dataDir: 'memory://' });
    open.push(db);
    await migrate(db.sql);
    expect(await schemaSnapshot(db.sql)).toEqual(expected);
  });
});
