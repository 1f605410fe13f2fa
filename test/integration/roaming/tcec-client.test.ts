import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryEnvelopeSeqBlocks } from '../../../src/adapters/memory/envelope-seq-blocks.js';
import { MemoryPartnerOutboundTokens } from '../../../src/adapters/memory/partner-outbound-tokens.js';
import { SqlEnvelopeSeqBlocks } from '../../../src/adapters/prisma/envelope-seq.blocks.js';
import { SqlPartnerOutboundTokens } from '../../../src/adapters/prisma/partner-outbound-tokens.store.js';
import { AesGcmSealer } from '../../../src/adapters/secrets/aes-gcm-sealer.js';
import { TcecCallError, TcecClient, type OutboundMessage, type OutboundPartner } from '../../../src/roaming/tcec/client/index.js';
import { ManualClock } from '../../../src/shared/clock.js';
import { FakeTcecPartner } from '../../../simulators/tcec-partner.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const secrets = { operatorSecret: 'op-secret-123456', dataSecret: 'data-secret-1234', dataSecretIv: 'data-iv-12345678', sigSecret: 'sig-secret-12345' };

describe('TcecClient against a partner platform over HTTP', () => {
  const fake = new FakeTcecPartner({ secrets, aliases: { SevicePrice: 'ServicePrice' }, tokenSeconds: 3600, handlers: { query_equip_business_policy: (b) => ({ ConnectorID: b.ConnectorID, SuccStat: 0, PolicyInfos: [{ StartTime: '000000', ElecPrice: 0.5, SevicePrice: 0.4 }] }) } });
  const clock = new ManualClock('2026-12-01T00:00:00Z');
  const log: OutboundMessage[] = [];
  const outcomes: { partnerId: string; error: string | null }[] = [];
  const health = { recordOutcome: async (partnerId: string, e: { message: string } | null) => void outcomes.push({ partnerId, error: e?.message ?? null }) };
  const client = new TcecClient({ clock, messages: { append: async (m) => void log.push(m) }, health, seqs: new MemoryEnvelopeSeqBlocks(), tokens: new MemoryPartnerOutboundTokens() });
  let partner: OutboundPartner;

  beforeAll(async () => {
    const baseUrl = await fake.listen();
    partner = { id: 'PARTNER-A', tcec: { ourOperatorId: 'MA5XJ0001', baseUrl, outbound: secrets, aliases: { SevicePrice: 'ServicePrice' }, suite: 'tcec-102-2016' } };
  });
  afterAll(() => fake.close());

  it('gets a token first, then calls with it; the partner spelling comes back canonical', async () => {
    const data = await client.request<{ PolicyInfos: { SevicePrice: number }[] }>(partner, 'query_equip_business_policy', { EquipBizSeq: 'X', ConnectorID: 'C1' });
    expect(data.PolicyInfos[0]!.SevicePrice).toBe(0.4);
    expect(fake.received.map((r) => r.iface)).toEqual(['query_token', 'query_equip_business_policy']);
    await client.request(partner, 'query_equip_business_policy', { EquipBizSeq: 'Y', ConnectorID: 'C1' });
    expect(fake.tokensIssued).toHaveLength(1);
  });

  it('renews the token before TokenAvailableTime runs out (a fifth of its life, at most 5 minutes, before)', async () => {
    clock.advance(3600_000 - 5 * 60_000 - 1000);
    await client.request(partner, 'query_equip_business_policy', { EquipBizSeq: 'Z', ConnectorID: 'C1' });
    expect(fake.tokensIssued).toHaveLength(1);
    clock.advance(2000);
    await client.request(partner, 'query_equip_business_policy', { EquipBizSeq: 'Z', ConnectorID: 'C1' });
    expect(fake.tokensIssued).toHaveLength(2);
  });

  it('asks for a new token once when the partner answers 4002', async () => {
    fake.revokeTokens();
    await client.request(partner, 'query_equip_business_policy', { EquipBizSeq: 'W', ConnectorID: 'C1' });
    expect(fake.tokensIssued).toHaveLength(3);
  });

  it('keeps every raw message with its decrypted body in the audit trail, secrets masked', () => {
    const token = log.find((m) => m.kind === 'query_token')!;
    expect(token).toMatchObject({ partnerId: 'PARTNER-A', direction: 'out', status: 0, error: null });
    expect(token.decrypted.request).toEqual({ OperatorID: 'MA5XJ0001', OperatorSecret: '***' });
    expect((token.decrypted.response as { AccessToken: string }).AccessToken).toBe('***');
    expect(JSON.stringify(log)).not.toContain(secrets.operatorSecret);
    expect((token.raw.request as { Data: string }).Data).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(log.filter((m) => m.status === 4002)).toHaveLength(1);
  });

  it('fails with TcecCallError when the partner is unreachable or its answer is not signed right, and audits that too', async () => {
    const gone: OutboundPartner = { ...partner, id: 'GONE', tcec: { ...partner.tcec, baseUrl: 'http://127.0.0.1:1/evcs/v1' } };
    await expect(client.request(gone, 'query_station_status', {})).rejects.toBeInstanceOf(TcecCallError);
    expect(log.at(-1)).toMatchObject({ partnerId: 'GONE', status: null, error: expect.stringContaining('unreachable') });
    const wrongKeys: OutboundPartner = { ...partner, id: 'WRONG', tcec: { ...partner.tcec, outbound: { ...secrets, sigSecret: 'another-sig-key!' } } };
    await expect(client.request(wrongKeys, 'query_station_status', {})).rejects.toThrow(/signature/);
  });

  it('reports a broken link (the partner becomes failing) and a working one once (active again), not on every call', async () => {
    const gone: OutboundPartner = { ...partner, id: 'FLAKY', tcec: { ...partner.tcec, baseUrl: 'http://127.0.0.1:1/evcs/v1' } };
    await expect(client.request(gone, 'query_station_status', {})).rejects.toBeInstanceOf(TcecCallError);
    expect(outcomes.filter((o) => o.partnerId === 'FLAKY')).toEqual([{ partnerId: 'FLAKY', error: expect.stringContaining('unreachable') }]);
    const back: OutboundPartner = { ...partner, id: 'FLAKY' };
    await client.request(back, 'query_equip_business_policy', { EquipBizSeq: 'V', ConnectorID: 'C1' });
    await client.request(back, 'query_equip_business_policy', { EquipBizSeq: 'U', ConnectorID: 'C1' });
    expect(outcomes.filter((o) => o.partnerId === 'FLAKY').map((o) => o.error === null)).toEqual([false, true]);
  });
});

/** Two platform nodes (two clients) calling one strict partner as one OperatorID, on one shared store. */
describe.each([
  {
    name: 'memory',
    async open() {
      const seqs = new MemoryEnvelopeSeqBlocks();
      const tokens = new MemoryPartnerOutboundTokens();
      return { seqs: [seqs, seqs] as const, tokens: [tokens, tokens] as const, dispose: async () => {} };
    },
  },
  ...STORE_TARGETS.map((t) => ({
    name: t.name,
    async open() {
      const { db, dispose } = await t.open();
      await db.sql.query(`INSERT INTO operators (id, name, roles) VALUES ('M', 'M', '{CPO}'), ('STRICT', 'S', '{EMSP}')`);
      await db.sql.query(`INSERT INTO partners (id, name, protocol, role, settings, secrets) VALUES ('STRICT', 'S', 'tcec', 'emsp', '{}', 'sealed')`);
      await db.sql.query(`INSERT INTO partner_operators (partner_id, operator_id, position) VALUES ('STRICT', 'M', 0)`);
      const key = new AesGcmSealer(randomBytes(32));
      return {
        seqs: [new SqlEnvelopeSeqBlocks(db.sql), new SqlEnvelopeSeqBlocks(db.sql)] as const,
        tokens: [new SqlPartnerOutboundTokens(db.sql, key), new SqlPartnerOutboundTokens(db.sql, key)] as const,
        dispose,
      };
    },
  })),
])('two nodes as one OperatorID on $name', (target) => {
  const fake = new FakeTcecPartner({ secrets, strict: true, tokenSeconds: 3600 });
  const clock = new ManualClock('2026-12-01T00:00:00Z');
  let nodes: [TcecClient, TcecClient];
  let partner: OutboundPartner;
  let dispose: () => Promise<void>;
  const burst = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => nodes[i % 2]!.request(partner, 'notification_stationStatus', { ConnectorStatusInfo: { ConnectorID: `C${i}`, Status: 1 } })));

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    nodes = [0, 1].map((i) => new TcecClient({ clock, messages: { append: async () => {} }, seqs: opened.seqs[i]!, tokens: opened.tokens[i]!, node: `node-${i}` })) as [TcecClient, TcecClient];
    partner = { id: 'STRICT', tcec: { ourOperatorId: 'MA5XJ0001', baseUrl: await fake.listen(), outbound: secrets, aliases: {}, suite: 'tcec-102-2016' } };
  });
  afterAll(async () => {
    await fake.close();
    await dispose();
  });

  it('sends from both nodes in the same second with no replay and one token between them', async () => {
    await burst(400);
    expect(fake.refused).toEqual([]);
    expect(fake.ofKind('notification_stationStatus')).toHaveLength(400);
    expect(fake.tokensIssued).toHaveLength(1);
  });

  it('after the partner drops its tokens, one node renews and the other uses the renewed one', async () => {
    fake.revokeTokens();
    fake.refused.length = 0;
    await burst(100);
    expect(fake.tokensIssued).toHaveLength(2);
    expect(fake.refused.every((r) => r.ret === 4002)).toBe(true);
    expect(fake.ofKind('notification_stationStatus')).toHaveLength(500);
  });

  it('renews a token due for renewal once for both nodes', async () => {
    clock.advance(3600_000 - 5 * 60_000 + 1000);
    fake.refused.length = 0;
    await burst(100);
    expect(fake.tokensIssued).toHaveLength(3);
    expect(fake.refused).toEqual([]);
  });
});
