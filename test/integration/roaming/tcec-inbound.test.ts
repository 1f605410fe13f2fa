import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TCEC_RET } from '../../../src/roaming/tcec/envelope/index.js';
import { ManualClock } from '../../../src/shared/clock.js';
import { create } from '../api/api-helpers.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { TcecCaller } from '../../helpers/tcec-caller.js';

const INBOUND = { operatorSecret: 'didi-op-secret-1', dataSecret: 'didi-data-key-16', dataSecretIv: 'didi-data-iv-016', sigSecret: 'didi-sig-secret1' };
const OUTBOUND = { operatorSecret: 'xj-op-secret-001', dataSecret: 'xj-data-key-0016', dataSecretIv: 'xj-data-iv-00016', sigSecret: 'xj-sig-secret-01' };
const DIDI = 'MA01H3BQ2';

describe.each([{ store: 'PGlite', postgres: false }, { store: 'PostgreSQL', postgres: true }])('T/CEC inbound envelope on $store: POST /evcs/v1/{interface}', ({ postgres }) => {
  let p: TestPlatform;
  let caller: TcecCaller;
  const messages = async () => (await p.api('/v1/partners/DIDI/messages?limit=500')).body.items as any[];
  const count = async (table: string) => Number((await p.sql!.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

  beforeAll(async () => {
    p = await startTestPlatform({ postgres, env: { TCEC_TIMESTAMP_WINDOW_SECONDS: '300' } });
    await create(p, '/v1/operators', { id: 'CPO-X', name: 'CPO X', roles: ['CPO'] });
    await create(p, '/v1/partners', {
      id: 'DIDI',
      name: 'DiDi',
      protocol: 'tcec',
      role: 'emsp',
      operatorId: 'CPO-X',
      tcec: { partnerOperatorId: DIDI, ourOperatorId: 'XJCL00001', baseUrl: 'http://127.0.0.1:9/evcs/v1', inbound: INBOUND, outbound: OUTBOUND, aliases: { QRCode: 'QrCode' } },
    });
    caller = new TcecCaller(p, DIDI, INBOUND, { QRCode: 'QrCode' });
  });
  afterAll(() => p.stop());

  it('query_token issues a Bearer token with TokenAvailableTime; a wrong secret gets SuccStat 1, FailReason 2', async () => {
    const good = await caller.post('query_token', caller.build({ OperatorID: DIDI, OperatorSecret: INBOUND.operatorSecret }), null);
    expect(good.status).toBe(200);
    const opened = caller.open(good.body);
    expect(opened).toMatchObject({ ret: 0, body: { OperatorID: DIDI, SuccStat: 0, TokenAvailableTime: 7200, FailReason: 0 } });
    expect(opened.body.AccessToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const wrong = caller.open((await caller.post('query_token', caller.build({ OperatorID: DIDI, OperatorSecret: 'not-the-secret!!' }), null)).body);
    expect(wrong.body).toMatchObject({ SuccStat: 1, FailReason: 2, AccessToken: '' });
    // Only a hash of the token is kept.
    expect(JSON.stringify(await p.sql!.query('SELECT * FROM tcec_tokens'))).not.toContain(opened.body.AccessToken);
  });

  it('a call with a good token reaches the interface (an unknown one is 4003)', async () => {
    const token = await caller.token();
    const r = await caller.post('query_no_such_thing', caller.build({}), token);
    expect(caller.open(r.body)).toMatchObject({ ret: TCEC_RET.parameters, msg: expect.stringContaining('unknown interface') });
  });

  it('refuses a wrong signature (4001) before decrypting, unknown or expired tokens (4002), undecryptable Data (4003)', async () => {
    const token = await caller.token();
    const tokensBefore = await count('tcec_tokens');
    const badSig = caller.build({ OperatorID: DIDI, OperatorSecret: INBOUND.operatorSecret }, { secrets: { sigSecret: 'another-sig-key!' } });
    expect((await caller.post('query_token', badSig, null)).body).toMatchObject({ Ret: TCEC_RET.signature });
    // Signed right but Data is sealed with another key: the signature passes, the Data does not.
    const badData = caller.build({ OperatorID: DIDI, OperatorSecret: INBOUND.operatorSecret }, { secrets: { dataSecret: 'wrong-data-key!!' } });
    expect(caller.open((await caller.post('query_token', badData, null)).body)).toMatchObject({ ret: TCEC_RET.parameters, msg: expect.stringContaining('decrypt') });
    // A signature over tampered Data: 4001 even though Data is garbage (checked first).
    const tampered = { ...caller.build({}), Data: 'AAAAAAAAAAAAAAAAAAAAAA==' };
    expect((await caller.post('query_station_status', tampered, token)).body.Ret).toBe(TCEC_RET.signature);
    expect((await caller.post('query_station_status', caller.build({ StationIDs: [] }), 'not-a-token')).body.Ret).toBe(TCEC_RET.token);
    expect((await caller.post('query_station_status', caller.build({ StationIDs: [] }), null)).body.Ret).toBe(TCEC_RET.token);
    await p.sql!.query(`UPDATE tcec_tokens SET expires_at = now() - interval '1 second'`);
    expect((await caller.post('query_station_status', caller.build({ StationIDs: [] }), token)).body.Ret).toBe(TCEC_RET.token);
    expect(await count('tcec_tokens')).toBe(tokensBefore);
    await caller.client.forget(caller.partner.id);
  });

  it('refuses an unknown OperatorID, a body that is no envelope, a TimeStamp outside the window, a replayed Seq', async () => {
    const token = await caller.token();
    const stranger = caller.build({}, { operatorId: 'MA9999999' });
    expect((await caller.post('query_token', stranger, null)).body).toMatchObject({ Ret: TCEC_RET.parameters, Sig: '' });
    expect((await caller.post('query_token', '{"OperatorID": ', null)).body).toMatchObject({ Ret: TCEC_RET.parameters });
    expect((await caller.post('query_token', { OperatorID: DIDI }, null)).body).toMatchObject({ Ret: TCEC_RET.parameters });
    const old = new ManualClock(new Date(Date.now() - 10 * 60_000));
    const late = new TcecCaller(p, DIDI, INBOUND, {}, old).build({ OperatorID: DIDI, OperatorSecret: INBOUND.operatorSecret });
    expect(caller.open((await caller.post('query_token', late, null)).body)).toMatchObject({ ret: TCEC_RET.parameters, msg: expect.stringContaining('window') });
    const tokensBefore = await count('tcec_tokens');
    const once = caller.build({ OperatorID: DIDI, OperatorSecret: INBOUND.operatorSecret });
    expect(caller.open((await caller.post('query_token', once, null)).body).ret).toBe(0);
    const again = caller.open((await caller.post('query_token', once, null)).body);
    expect(again).toMatchObject({ ret: TCEC_RET.parameters, msg: expect.stringContaining('replayed') });
    // The replay issued no token.
    expect(await count('tcec_tokens')).toBe(tokensBefore + 1);
    expect(token).toBeTruthy();
  });

  it('new inbound secrets revoke the tokens got with the old ones', async () => {
    const token = await caller.token();
    expect((await caller.post('query_station_status', caller.build({ StationIDs: [] }), token)).body.Ret).toBe(0);
    const rotated = { ...INBOUND, operatorSecret: 'didi-op-secret-2' };
    expect((await p.api('/v1/partners/DIDI', { method: 'PATCH', body: { tcec: { inbound: rotated } } })).status).toBe(200);
    expect((await caller.post('query_station_status', caller.build({ StationIDs: [] }), token)).body.Ret).toBe(TCEC_RET.token);
    const fresh = caller.open((await caller.post('query_token', caller.build({ OperatorID: DIDI, OperatorSecret: rotated.operatorSecret }), null)).body);
    expect(fresh.body).toMatchObject({ SuccStat: 0 });
    expect((await caller.post('query_station_status', caller.build({ StationIDs: [] }), fresh.body.AccessToken)).body.Ret).toBe(0);
    await p.api('/v1/partners/DIDI', { method: 'PATCH', body: { tcec: { inbound: INBOUND } } });
    await caller.client.forget(caller.partner.id);
  });

  it('a suspended partner is refused (4002); resumed, it is served again', async () => {
    await p.api('/v1/partners/DIDI', { method: 'PATCH', body: { state: 'suspended' } });
    expect((await caller.post('query_token', caller.build({ OperatorID: DIDI, OperatorSecret: INBOUND.operatorSecret }), null)).body.Ret).toBe(TCEC_RET.token);
    await p.api('/v1/partners/DIDI', { method: 'PATCH', body: { state: 'active' } });
    expect((await caller.post('query_token', caller.build({ OperatorID: DIDI, OperatorSecret: INBOUND.operatorSecret }), null)).body.Ret).toBe(0);
  });

  it('keeps every call in the audit trail, raw and decrypted, secrets masked', async () => {
    const trail = await messages();
    expect(trail.length).toBeGreaterThanOrEqual(10);
    expect(trail.every((m) => m.direction === 'in')).toBe(true);
    const statuses = trail.map((m) => m.status);
    for (const ret of [0, 4001, 4002, 4003]) expect(statuses).toContain(ret);
    const issued = trail.find((m) => m.kind === 'query_token' && m.status === 0 && m.decrypted.response?.SuccStat === 0);
    expect(issued.decrypted).toEqual({ request: { OperatorID: DIDI, OperatorSecret: '***' }, response: expect.objectContaining({ AccessToken: '***', SuccStat: 0 }) });
    expect(issued.raw.request).toMatchObject({ OperatorID: DIDI, Seq: expect.stringMatching(/^\d{4}$/) });
    expect(issued.raw.response).toMatchObject({ Ret: 0, Sig: expect.stringMatching(/^[0-9A-F]{32}$/) });
    const trailText = JSON.stringify(trail);
    for (const secret of Object.values(INBOUND)) expect(trailText).not.toContain(secret);
    const sig = trail.find((m) => m.status === TCEC_RET.signature);
    expect(sig).toMatchObject({ error: 'signature mismatch', decrypted: { request: null, response: null } });
  });
});
