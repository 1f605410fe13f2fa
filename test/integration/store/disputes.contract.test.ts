import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlCdrRepository } from '../../../src/adapters/prisma/cdr.repository.js';
import type { SqlConnection } from '../../../src/adapters/prisma/database.js';
import { SqlDisputeRepository } from '../../../src/adapters/prisma/dispute.repository.js';
import { SqlSettlementStore } from '../../../src/adapters/prisma/settlement.store.js';
import { buildCdr, creditFor, type Cdr } from '../../../src/domain/cdrs/index.js';
import type { Dispute } from '../../../src/domain/disputes/index.js';
import { settlementPeriod } from '../../../src/domain/settlement/index.js';
import { tariffVersion } from '../../../src/domain/tariffs/index.js';
import { SqlTariffRepository } from '../../../src/adapters/prisma/tariff.repository.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const t = (s: string) => new Date(s);
const now = t('2026-11-22T00:00:00Z');

const dispute = (id: string, cdrId: string, over: Partial<Dispute> = {}): Dispute => ({
  id,
  cdrId,
  statementId: null,
  raisedBy: 'APP',
  reason: 3,
  note: 'energy differs',
  status: 'open',
  resolvedBy: null,
  resolvedAt: null,
  resolutionNote: null,
  creditCdrId: null,
  replacementCdrId: null,
  createdAt: now,
  ...over,
});

describe.each(STORE_TARGETS)('disputes on $name', (target) => {
  let sql: SqlConnection;
  let repo: SqlDisputeRepository;
  let cdrs: SqlCdrRepository;
  let dispose: () => Promise<void>;
  const cdrOf: Record<string, Cdr> = {};

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    sql = opened.db.sql;
    repo = new SqlDisputeRepository(sql);
    cdrs = new SqlCdrRepository(sql);
    await sql.query(`INSERT INTO operators (id, name, roles) VALUES ('CPO', 'CPO', '{CPO}'), ('APP', 'App', '{EMSP}'), ('OTHER', 'Other', '{EMSP}')`);
    await sql.query(`INSERT INTO locations (id, operator_id, name, city, address, lat, lng) VALUES ('L1', 'CPO', 'Hub', 'Xiangtan', 'Road 1', 27.85, 112.9)`);
    await sql.query(`INSERT INTO stations (id, operator_id, location_id, password_hash) VALUES ('S1', 'CPO', 'L1', 'x')`);
    await sql.query(`INSERT INTO evses (id, station_id, evse_no, max_power_w) VALUES ('S1.1', 'S1', 1, 60000)`);
    await sql.query(`INSERT INTO connectors (id, evse_id, station_id, evse_no, connector_no, standard, max_power_w) VALUES ('S1.1.1', 'S1.1', 'S1', 1, 1, 'GBT_DC', 60000)`);
    await new SqlTariffRepository(sql).create({
      id: 'T', operatorId: 'CPO', locationId: null, powerType: null, name: 'Flat', currency: 'CNY',
      versions: [tariffVersion('T', 1, { validFrom: t('2026-01-01T00:00:00Z'), periods: [{ startsAt: '00:00', energyPricePerKwh: '1', serviceFeePerKwh: '0.5' }] }, now)],
    });
    for (const [id, provider, start] of [['SES-1', 'APP', '2026-11-20T02:00:00Z'], ['SES-2', 'APP', '2026-11-20T04:00:00Z'], ['SES-3', 'OTHER', '2026-11-20T06:00:00Z']] as const) {
      await sql.query(
        `INSERT INTO charging_sessions (id, station_id, operator_id, ocpp_version, transaction_id, evse_no, connector_no, id_token, auth_status, status, started_at, stopped_at, meter_start_wh, meter_stop_wh, energy_wh, provider_id)
         VALUES ($1, 'S1', 'CPO', '1.6', $1, 1, 1, 'TAG', 'Accepted', 'COMPLETED', $2, $3, 0, 4000, 4000, $4)`,
        [id, start, new Date(Date.parse(start) + 3_600_000).toISOString(), provider],
      );
    }
    const facts = await cdrs.facts(['SES-1', 'SES-2', 'SES-3']);
    for (const f of facts) {
      const c = buildCdr(f, `CDR-${f.session.id}`, now);
      cdrOf[f.session.id] = c;
    }
    await cdrs.insert(Object.values(cdrOf));
  });
  afterAll(() => dispose());

  it('one open dispute per CDR; read back exactly; listed by status, CDR and party', async () => {
    const d = await repo.create(dispute('D-1', 'CDR-SES-1', { note: '7 kWh by our app' }));
    expect(d).toEqual(dispute('D-1', 'CDR-SES-1', { note: '7 kWh by our app' }));
    await expect(repo.create(dispute('D-1b', 'CDR-SES-1'))).rejects.toMatchObject({ code: 'DISPUTE_ALREADY_OPEN', details: { field: 'cdrId' } });
    await repo.create(dispute('D-3', 'CDR-SES-3', { raisedBy: 'OTHER', reason: 1 }));
    expect(await repo.get('D-NONE')).toBeNull();
    expect((await repo.list({ cdrId: 'CDR-SES-1' })).map((x) => x.id)).toEqual(['D-1']);
    expect((await repo.list({ status: 'open' })).map((x) => x.id).sort()).toEqual(['D-1', 'D-3']);
    // The CPO sees both (its stations); each provider only its own.
    expect((await repo.list({ visibleTo: 'CPO' })).map((x) => x.id).sort()).toEqual(['D-1', 'D-3']);
    expect((await repo.list({ visibleTo: 'APP' })).map((x) => x.id)).toEqual(['D-1']);
    expect((await repo.list({ visibleTo: 'NOBODY' })).map((x) => x.id)).toEqual([]);
  });

  it('accepting stores the credit (and replacement) in the same transaction, once; a failure leaves the dispute open', async () => {
    const original = cdrOf['SES-1']!;
    const credit = creditFor(original, now);
    expect(await repo.isCredited(original.id)).toBe(false);
    const resolution = { status: 'accepted' as const, resolvedBy: 'CPO', resolvedAt: now, resolutionNote: 'agreed', creditCdrId: credit.id, replacementCdrId: null };
    // A CDR the store refuses (an amount beyond its columns) fails the whole resolution.
    await expect(repo.resolve('D-1', resolution, [credit, { ...credit, id: 'BROKEN', totals: { ...credit.totals, total: new Decimal('1e15') } }])).rejects.toThrow();
    expect((await repo.get('D-1'))?.status).toBe('open');
    expect(await cdrs.get(credit.id)).toBeNull();
    const done = await repo.resolve('D-1', resolution, [credit]);
    expect(done).toMatchObject({ status: 'accepted', resolvedBy: 'CPO', resolutionNote: 'agreed', creditCdrId: credit.id });
    expect(await repo.isCredited(original.id)).toBe(true);
    await expect(repo.resolve('D-1', { ...resolution, status: 'rejected' }, [])).rejects.toMatchObject({ code: 'DISPUTE_NOT_OPEN' });
    // Answered: the CDR may be disputed again (the service refuses a credited one).
    await expect(repo.create(dispute('D-1c', 'CDR-SES-1'))).resolves.toMatchObject({ status: 'open' });
  });

  it('a statement settles a CDR when it links it (final) or is its pair’s (provisional)', async () => {
    const settlement = new SqlSettlementStore(sql);
    const [final] = await settlement.settle(settlementPeriod('day', '2026-11-20'), true);
    const other = cdrOf['SES-3']!;
    expect(final).toMatchObject({ providerId: 'APP', cpoId: 'CPO' });
    expect(await repo.statementCovers(final!.id, cdrOf['SES-2']!)).toBe(true);
    expect(await repo.statementCovers(final!.id, other)).toBe(false);
    expect(await repo.statementCovers('ST-D-20261120-none', cdrOf['SES-2']!)).toBe(false);
  });
});
