import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryPartnerAccessTokens, MemoryReplayGuard } from '../../../src/adapters/memory/partner-access.js';
import { MemoryPartnerMessageLog, MemoryPartnerStore } from '../../../src/adapters/memory/partner.store.js';
import { encodeRequest, envelopeProfile, formatTimeStamp, TCEC_RET, TcecRefusal, type PartnerEnvelope } from '../../../src/roaming/tcec/envelope/index.js';
import { queryTokenHandler, TcecInbound, tokenHash } from '../../../src/roaming/tcec/server/index.js';
import { ManualClock } from '../../../src/shared/clock.js';

const IN = { operatorSecret: 'op-secret-in-001', dataSecret: 'data-secret-in01', dataSecretIv: 'data-iv-in-00001', sigSecret: 'sig-secret-in-01' };
const env = (over: Partial<typeof IN> = {}): PartnerEnvelope => {
  const s = { ...IN, ...over };
  return { profile: envelopeProfile({ dataSecret: s.dataSecret, dataSecretIv: s.dataSecretIv, sigSecret: s.sigSecret }), aliases: {} };
};

describe('TcecInbound (the checks, in order, before any handler)', () => {
  const clock = new ManualClock('2026-12-07T02:00:00Z');
  let calls: unknown[];
  let inbound: TcecInbound;
  let tokens: MemoryPartnerAccessTokens;
  let replay: MemoryReplayGuard;
  let log: MemoryPartnerMessageLog;
  let seq = 0;
  const stamp = () => ({ timeStamp: formatTimeStamp(clock.now()), seq: String(++seq).padStart(4, '0') });

  beforeEach(async () => {
    const partners = new MemoryPartnerStore();
    partners.operators.set('M', { name: 'M', roles: ['CPO'] });
    await partners.create({
      id: 'P',
      name: 'P',
      protocol: 'tcec',
      role: 'emsp',
      operatorIds: ['M'],
      tcec: { partnerOperatorId: 'MA0000001', ourOperatorId: 'XJ0000001', baseUrl: 'http://x/evcs/v1', inbound: IN, outbound: IN, aliases: {}, statusPushSeconds: null, suite: 'tcec-102-2016' },
    });
    calls = [];
    tokens = new MemoryPartnerAccessTokens();
    replay = new MemoryReplayGuard();
    log = new MemoryPartnerMessageLog();
    await tokens.issue('P', tokenHash('good-token'), new Date(clock.now().getTime() + 60_000));
    inbound = new TcecInbound({
      partners,
      messages: log,
      tokens,
      replay,
      clock,
      settings: { timestampWindowSeconds: 300 },
      handlers: {
        query_token: queryTokenHandler(tokens, 3600),
        echo: async (_ctx, body) => (calls.push(body), { data: { Echo: body } }),
        business: async () => {
          throw new TcecRefusal(TCEC_RET.business, 'no such ConnectorID');
        },
        broken: async () => {
          throw new Error('database on fire');
        },
      },
    });
  });

  it('serves a sound call and signs the answer', async () => {
    const r = await inbound.handle('echo', encodeRequest(env(), 'MA0000001', { A: 1 }, stamp()), 'Bearer good-token');
    expect(r.Ret).toBe(0);
    expect(calls).toEqual([{ A: 1 }]);
    expect(JSON.parse(env().profile.decryptData(r.Data))).toEqual({ Echo: { A: 1 } });
    expect(r.Sig).toBe(env().profile.sign(`0${r.Msg}${r.Data}`));
  });

  it('refuses before the handler, and before decrypting when the signature is wrong', async () => {
    const cases: [string, unknown, string | undefined, number][] = [
      ['wrong signature', encodeRequest(env({ sigSecret: 'another-sig-key!' }), 'MA0000001', { A: 1 }, stamp()), 'Bearer good-token', 4001],
      ['wrong signature over garbage Data', { ...encodeRequest(env(), 'MA0000001', {}, stamp()), Data: '!!!' }, 'Bearer good-token', 4001],
      ['no token', encodeRequest(env(), 'MA0000001', { A: 1 }, stamp()), undefined, 4002],
      ['unknown token', encodeRequest(env(), 'MA0000001', { A: 1 }, stamp()), 'Bearer nope', 4002],
      ['undecryptable', encodeRequest(env({ dataSecret: 'wrong-data-key!!' }), 'MA0000001', { A: 1 }, stamp()), 'Bearer good-token', 4003],
      ['old TimeStamp', encodeRequest(env(), 'MA0000001', { A: 1 }, { timeStamp: formatTimeStamp(new Date(clock.now().getTime() - 301_000)), seq: '0001' }), 'Bearer good-token', 4003],
      ['unknown caller', encodeRequest(env(), 'MA0000009', { A: 1 }, stamp()), 'Bearer good-token', 4003],
      ['not an envelope', { OperatorID: 'MA0000001' }, 'Bearer good-token', 4003],
    ];
    for (const [what, body, auth, ret] of cases) expect((await inbound.handle('echo', body, auth)).Ret, what).toBe(ret);
    expect(calls).toEqual([]);
    // None of them left a replay key behind.
    expect(await replay.prune(new Date(8.64e15))).toBe(0);
  });

  it('refuses an expired token and a replayed (OperatorID, TimeStamp, Seq)', async () => {
    const once = encodeRequest(env(), 'MA0000001', { A: 1 }, stamp());
    expect((await inbound.handle('echo', once, 'Bearer good-token')).Ret).toBe(0);
    expect((await inbound.handle('echo', once, 'Bearer good-token')).Ret).toBe(4003);
    clock.advance(60_000);
    expect((await inbound.handle('echo', encodeRequest(env(), 'MA0000001', { A: 2 }, stamp()), 'Bearer good-token')).Ret).toBe(4002);
    expect(calls).toEqual([{ A: 1 }]);
  });

  it('answers business refusals 4004 and our own failures 500, signed; audits every call', async () => {
    const biz = await inbound.handle('business', encodeRequest(env(), 'MA0000001', {}, stamp()), 'Bearer good-token');
    expect(biz).toMatchObject({ Ret: 4004, Data: '' });
    expect(biz.Sig).toBe(env().profile.sign(`4004${biz.Msg}`));
    expect((await inbound.handle('broken', encodeRequest(env(), 'MA0000001', {}, stamp()), 'Bearer good-token')).Ret).toBe(500);
    const trail = (await log.list('P', { limit: 10 })).items;
    expect(trail.map((m) => [m.kind, m.status])).toEqual([['broken', 500], ['business', 4004]]);
    expect(trail[0]!.error).toBe('internal error');
  });

  it('query_token needs no Bearer, masks the secret and the token in the audit', async () => {
    const r = await inbound.handle('query_token', encodeRequest(env(), 'MA0000001', { OperatorID: 'MA0000001', OperatorSecret: IN.operatorSecret }, stamp()), undefined);
    const body = JSON.parse(env().profile.decryptData(r.Data)) as { AccessToken: string; TokenAvailableTime: number };
    expect(body.TokenAvailableTime).toBe(3600);
    expect(await tokens.find(tokenHash(body.AccessToken))).toMatchObject({ partnerId: 'P' });
    const [m] = (await log.list('P', { limit: 1 })).items;
    expect(m!.decrypted).toMatchObject({ request: { OperatorSecret: '***' }, response: { AccessToken: '***' } });
  });
});
