import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPartnerMessageLog, MemoryPartnerStore } from '../../../src/adapters/memory/partner.store.js';
import type { SqlConnection } from '../../../src/adapters/prisma/database.js';
import { SqlPartnerMessageLog } from '../../../src/adapters/prisma/partner-message.log.js';
import { SqlPartnerStore } from '../../../src/adapters/prisma/partner.store.js';
import { AesGcmSealer } from '../../../src/adapters/secrets/aes-gcm-sealer.js';
import type { NewPartner, PartnerMessageLog, PartnerStore } from '../../../src/domain/partners/index.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

interface PartnerTarget {
  name: string;
  open(): Promise<{
    store: PartnerStore;
    log: PartnerMessageLog;
    addOperator(id: string): Promise<void>;
    operatorExists(id: string): Promise<boolean>;
    /** Something (an agreement) names this operator, so its record must stay. */
    useOperator(id: string, other: string): Promise<void>;
    /** SQL only: the partners row as stored. */
    rawRow?(id: string): Promise<string>;
    /** SQL only: the same store under another secrets key. */
    otherKey?: PartnerStore;
    dispose(): Promise<void>;
  }>;
}

const sqlTarget = (t: (typeof STORE_TARGETS)[number]): PartnerTarget => ({
  name: t.name,
  async open() {
    const { db, dispose } = await t.open();
    const sql: SqlConnection = db.sql;
    return {
      store: new SqlPartnerStore(sql, new AesGcmSealer(randomBytes(32))),
      log: new SqlPartnerMessageLog(sql),
      addOperator: async (id) => void (await sql.query(`INSERT INTO operators (id, name, roles) VALUES ($1, $1, '{CPO}')`, [id])),
      operatorExists: async (id) => (await sql.query(`SELECT 1 FROM operators WHERE id = $1`, [id])).length === 1,
      useOperator: async (id, other) =>
        void (await sql.query(`INSERT INTO agreements (id, provider_id, operator_id, valid_from, cities) VALUES ($1, $2, $3, now(), '{}')`, [`AG-${id}`, id, other])),
      rawRow: async (id) => JSON.stringify((await sql.query(`SELECT * FROM partners WHERE id = $1`, [id]))[0]),
      otherKey: new SqlPartnerStore(sql, new AesGcmSealer(randomBytes(32))),
      dispose,
    };
  },
});

const memoryTarget: PartnerTarget = {
  name: 'memory',
  async open() {
    const used = new Set<string>();
    const store = new MemoryPartnerStore((id) => used.has(id));
    return {
      store,
      log: new MemoryPartnerMessageLog(),
      addOperator: async (id) => void store.operators.set(id, { name: id, roles: ['CPO'] }),
      operatorExists: async (id) => store.operators.has(id),
      useOperator: async (id) => void used.add(id),
      dispose: async () => {},
    };
  },
};

const secrets = (tag: string) => ({ operatorSecret: `op-secret-${tag}`, dataSecret: `data-secret-${tag}`.slice(0, 16).padEnd(16, 'x'), dataSecretIv: `iv-${tag}`.padEnd(16, 'y'), sigSecret: `sig-secret-${tag}` });

const partner = (id: string, partnerOperatorId: string): NewPartner => ({
  id,
  name: `Partner ${id}`,
  protocol: 'tcec',
  role: 'emsp',
  operatorIds: ['MEMBER'],
  tcec: {
    partnerOperatorId,
    ourOperatorId: 'XJ0000001',
    baseUrl: 'http://partner.example/evcs/v1',
    inbound: secrets(`in-${id}`),
    outbound: secrets(`out-${id}`),
    aliases: { SevicePrice: 'ServicePrice' },
    statusPushSeconds: 30,
    suite: 'tcec-102-2016',
  },
});

describe.each([...STORE_TARGETS.map(sqlTarget), memoryTarget])('partners on $name', (target) => {
  let t: Awaited<ReturnType<PartnerTarget['open']>>;

  beforeAll(async () => {
    t = await target.open();
    await t.addOperator('MEMBER');
    await t.addOperator('MEMBER2');
    await t.addOperator('TAKEN');
  });
  afterAll(() => t.dispose());

  it('creates a partner with its own operator record, and round-trips it exactly', async () => {
    const p = await t.store.create(partner('P1', 'MA0000001'));
    expect(p).toMatchObject({ ...partner('P1', 'MA0000001'), state: 'active', lastError: null });
    expect(await t.operatorExists('P1')).toBe(true);
    expect(await t.store.get('P1')).toEqual(p);
    expect(await t.store.findByTcecOperatorId('MA0000001')).toEqual(p);
    expect(await t.store.findByTcecOperatorId('MA0000009')).toBeNull();
    expect(await t.store.get('NONE')).toBeNull();
  });

  it('refuses a taken id, a member operator\'s id, an unknown member, a taken OperatorID', async () => {
    await expect(t.store.create(partner('P1', 'MA0000002'))).rejects.toMatchObject({ code: 'PARTNER_ALREADY_EXISTS' });
    await expect(t.store.create(partner('TAKEN', 'MA0000002'))).rejects.toMatchObject({ code: 'OPERATOR_ALREADY_EXISTS' });
    await expect(t.store.create({ ...partner('P2', 'MA0000002'), operatorIds: ['MEMBER', 'NOBODY'] })).rejects.toMatchObject({ code: 'OPERATOR_NOT_FOUND', details: { field: 'operatorIds.1' } });
    await expect(t.store.create(partner('P2', 'MA0000001'))).rejects.toMatchObject({ code: 'PARTNER_ALREADY_EXISTS' });
    // Nothing of a refused creation stays.
    expect(await t.operatorExists('P2')).toBe(false);
    expect((await t.store.list()).map((p) => p.id)).toEqual(['P1']);
  });

  it('keeps secrets sealed at rest, readable only with the same key', async () => {
    if (!t.rawRow || !t.otherKey) return;
    await expect(t.otherKey.get('P1')).rejects.toThrow(/cannot be opened with this PARTNER_SECRETS_KEY/);
    const raw = await t.rawRow('P1');
    for (const s of [...Object.values(secrets('in-P1')), ...Object.values(secrets('out-P1'))]) expect(raw).not.toContain(s);
    expect(raw).toContain('MA0000001');
  });

  it('updates only what is named; new secrets replace the old; errors make it failing until a success', async () => {
    const u = await t.store.update('P1', { name: 'Renamed', tcec: { outbound: secrets('rotated'), statusPushSeconds: 60 } });
    expect(u).toMatchObject({ name: 'Renamed', role: 'emsp', operatorIds: ['MEMBER'], tcec: { outbound: secrets('rotated'), inbound: secrets('in-P1'), statusPushSeconds: 60, baseUrl: 'http://partner.example/evcs/v1' } });
    expect((await t.store.get('P1'))?.tcec.outbound).toEqual(secrets('rotated'));
    await expect(t.store.update('P1', { operatorIds: ['NOBODY'] })).rejects.toMatchObject({ code: 'OPERATOR_NOT_FOUND', details: { field: 'operatorIds.0' } });
    expect((await t.store.get('P1'))?.operatorIds).toEqual(['MEMBER']);
    // Several member operators, in the order given; the list is replaced whole.
    expect((await t.store.update('P1', { operatorIds: ['MEMBER2', 'MEMBER'] })).operatorIds).toEqual(['MEMBER2', 'MEMBER']);
    expect((await t.store.get('P1'))?.operatorIds).toEqual(['MEMBER2', 'MEMBER']);
    expect((await t.store.update('P1', { operatorIds: ['MEMBER'] })).operatorIds).toEqual(['MEMBER']);
    await expect(t.store.update('NONE', { name: 'x' })).rejects.toMatchObject({ code: 'PARTNER_NOT_FOUND' });
    const at = new Date('2026-12-07T01:02:03.456Z');
    await t.store.recordOutcome('P1', { message: 'HTTP 502', at });
    expect(await t.store.get('P1')).toMatchObject({ state: 'failing', lastError: { message: 'HTTP 502', at } });
    await t.store.recordOutcome('P1', null);
    expect(await t.store.get('P1')).toMatchObject({ state: 'active', lastError: { message: 'HTTP 502' } });
    await t.store.update('P1', { state: 'suspended' });
    await t.store.recordOutcome('P1', { message: 'timeout', at });
    expect(await t.store.get('P1')).toMatchObject({ state: 'suspended', lastError: { message: 'timeout' } });
    expect(await t.store.update('P1', { name: 'Renamed again' })).toMatchObject({ state: 'suspended', lastError: { message: 'timeout' } });
    expect(await t.store.update('P1', { state: 'active' })).toMatchObject({ state: 'active', lastError: null });
  });

  it('deletes a partner; its operator record goes unless something names it', async () => {
    await t.store.create(partner('P3', 'MA0000003'));
    await t.store.create(partner('P4', 'MA0000004'));
    await t.useOperator('P4', 'MEMBER2');
    await t.store.delete('P3');
    await t.store.delete('P4');
    expect(await t.store.get('P3')).toBeNull();
    expect(await t.operatorExists('P3')).toBe(false);
    expect(await t.operatorExists('P4')).toBe(true);
    await expect(t.store.delete('P3')).rejects.toMatchObject({ code: 'PARTNER_NOT_FOUND' });
  });

  it('keeps the message trail newest first, paged, and prunes by age', async () => {
    const m = (i: number, at: string) => ({
      partnerId: 'P1',
      direction: (i % 2 ? 'in' : 'out') as 'in' | 'out',
      kind: `query_${i}`,
      status: i === 2 ? 4001 : 0,
      error: i === 2 ? 'signature mismatch' : null,
      raw: { request: { OperatorID: 'MA0000001', Data: `d${i}` }, response: { Ret: 0 } },
      decrypted: { request: { N: i, Name: '长沙' }, response: null },
      at: new Date(at),
    });
    await t.log.append(m(1, '2026-11-01T00:00:00Z'));
    await t.log.append(m(2, '2026-12-01T00:00:00Z'));
    await t.log.append(m(3, '2026-12-05T00:00:00Z'));
    await t.log.append({ ...m(4, '2026-12-05T00:00:00Z'), partnerId: null });
    const first = await t.log.list('P1', { limit: 2 });
    expect(first.items.map((x) => x.kind)).toEqual(['query_3', 'query_2']);
    expect(first.items[1]).toMatchObject({ direction: 'out', status: 4001, error: 'signature mismatch', decrypted: { request: { N: 2, Name: '长沙' } }, at: new Date('2026-12-01T00:00:00Z') });
    const second = await t.log.list('P1', { limit: 2, before: first.nextCursor! });
    expect(second.items.map((x) => x.kind)).toEqual(['query_1']);
    expect(second.nextCursor).toBeNull();
    await expect(t.log.list('P1', { limit: 2, before: 'x' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    expect(await t.log.prune(new Date('2026-12-02T00:00:00Z'))).toBe(2);
    expect((await t.log.list('P1', { limit: 10 })).items.map((x) => x.kind)).toEqual(['query_3']);
  });
});
