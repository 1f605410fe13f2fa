import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlAgreementRepository } from '../../../src/adapters/prisma/agreement.repository.js';
import type { SqlConnection } from '../../../src/adapters/prisma/database.js';
import { SqlOutbox } from '../../../src/adapters/prisma/outbox.store.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const t = (s: string) => new Date(s);

describe.each(STORE_TARGETS)('agreements on $name', (target) => {
  let repo: SqlAgreementRepository;
  let sql: SqlConnection;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    sql = opened.db.sql;
    repo = new SqlAgreementRepository(sql);
    await sql.query(`INSERT INTO operators (id, name, roles) VALUES ('E1', 'App', '{EMSP}'), ('C1', 'CPO one', '{CPO}'), ('C2', 'CPO two', '{CPO}')`);
  });
  afterAll(() => dispose());

  it('round-trips an agreement exactly (times, open end, cities) and lists by party', async () => {
    const a = await repo.create({ id: 'A1', providerId: 'E1', operatorId: 'C1', validFrom: t('2026-01-01T00:00:00.123Z'), validTo: null, cities: ['Changsha', 'Xiangtan'] });
    expect(a).toMatchObject({ id: 'A1', validFrom: t('2026-01-01T00:00:00.123Z'), validTo: null, cities: ['Changsha', 'Xiangtan'] });
    await repo.create({ id: 'A2', providerId: 'E1', operatorId: 'C2', validFrom: t('2026-02-01T00:00:00Z'), validTo: t('2026-03-01T00:00:00Z'), cities: [] });
    expect(await repo.get('A2')).toMatchObject({ validTo: t('2026-03-01T00:00:00Z'), cities: [] });
    expect((await repo.between('E1', 'C1')).map((x) => x.id)).toEqual(['A1']);
    expect(await repo.between('C1', 'E1')).toEqual([]);
    expect((await repo.list({ partyId: 'E1', limit: 10 })).items.map((x) => x.id)).toEqual(['A1', 'A2']);
    expect((await repo.list({ partyId: 'C2', limit: 10 })).items.map((x) => x.id)).toEqual(['A2']);
    const first = await repo.list({ limit: 1 });
    expect(first.items.map((x) => x.id)).toEqual(['A1']);
    expect((await repo.list({ limit: 1, cursor: first.nextCursor! })).items.map((x) => x.id)).toEqual(['A2']);
    await expect(repo.create({ id: 'A1', providerId: 'E1', operatorId: 'C1', validFrom: t('2026-01-01T00:00:00Z'), validTo: null, cities: [] })).rejects.toMatchObject({ code: 'AGREEMENT_ALREADY_EXISTS' });
    await expect(repo.create({ id: 'A9', providerId: 'E1', operatorId: 'NOBODY', validFrom: t('2026-01-01T00:00:00Z'), validTo: null, cities: [] })).rejects.toMatchObject({ code: 'OPERATOR_NOT_FOUND' });
  });

  it('updates leave unnamed fields alone; validTo null opens the end; every change is an event', async () => {
    const events = async () => (await new SqlOutbox(sql).read({ txId: '0', id: '0' }, 100, ['agreement.changed'])).events.map((e) => e.subject);
    const before = (await events()).length;
    expect(await repo.update('A2', { cities: ['Zhuzhou'] })).toMatchObject({ validTo: t('2026-03-01T00:00:00Z'), cities: ['Zhuzhou'] });
    expect(await repo.update('A2', { validTo: null })).toMatchObject({ validTo: null, cities: ['Zhuzhou'] });
    await expect(repo.update('NONE', { validTo: null })).rejects.toMatchObject({ code: 'AGREEMENT_NOT_FOUND' });
    expect((await events()).slice(before)).toEqual(['A2', 'A2']);
  });

  it('an agreement that sessions charged under is in use; others can be deleted', async () => {
    await sql.query(`INSERT INTO stations (id, operator_id, password_hash) VALUES ('S1', 'C1', 'x')`);
    await sql.query(`INSERT INTO charging_sessions (id, station_id, operator_id, ocpp_version, transaction_id, started_at, provider_id, agreement_id) VALUES ('SES-1', 'S1', 'C1', '1.6', '1', now(), 'E1', 'A1')`);
    await expect(repo.delete('A1')).rejects.toMatchObject({ code: 'AGREEMENT_IN_USE' });
    await repo.delete('A2');
    expect(await repo.get('A2')).toBeNull();
    await expect(repo.delete('A2')).rejects.toMatchObject({ code: 'AGREEMENT_NOT_FOUND' });
  });
});
