import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedStation } from '../../../simulators/station/station.js';
import { formatTimeStamp, TCEC_RET } from '../../../src/roaming/tcec/envelope/index.js';
import { partnerDriverToken } from '../../../src/roaming/tcec/server/index.js';
import { create } from '../api/api-helpers.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { connectAndBoot, simStationSpec, stationCreateBody } from '../../helpers/sim-stations.js';
import { TcecCaller } from '../../helpers/tcec-caller.js';

const INBOUND = { operatorSecret: 'didi-op-secret-1', dataSecret: 'didi-data-key-16', dataSecretIv: 'didi-data-iv-016', sigSecret: 'didi-sig-secret1' };
const OUTBOUND = { operatorSecret: 'xj-op-secret-001', dataSecret: 'xj-data-key-0016', dataSecretIv: 'xj-data-iv-00016', sigSecret: 'xj-sig-secret-01' };
const STRANGER_IN = { ...INBOUND, operatorSecret: 'kd-op-secret-001', sigSecret: 'kd-sig-secret-01' };
const DIDI = 'MA01H3BQ2';
const KUAIDIAN = 'MA02KD001';
const DAY = [
  { startsAt: '00:00', energyPricePerKwh: '0.3', serviceFeePerKwh: '0.4' },
  { startsAt: '08:00', energyPricePerKwh: '0.95', serviceFeePerKwh: '0.8' },
  { startsAt: '22:00', energyPricePerKwh: '0.3', serviceFeePerKwh: '0.4' },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > deadline) return v;
    await sleep(100);
  }
}

const partnerBody = (id: string, operatorId: string, inbound: typeof INBOUND) => ({
  id,
  name: id,
  protocol: 'tcec',
  role: 'emsp',
  operatorId: 'CPO-X',
  tcec: { partnerOperatorId: operatorId, ourOperatorId: 'XJCL00001', baseUrl: 'http://127.0.0.1:9/evcs/v1', inbound, outbound: OUTBOUND, aliases: { SevicePrice: 'ServicePrice' } },
});

describe.each([{ store: 'PGlite', postgres: false }, { store: 'PostgreSQL', postgres: true }])('T/CEC station side on $store: our stations for a partner\'s drivers', ({ postgres }) => {
  let p: TestPlatform;
  let didi: TcecCaller;
  let stranger: TcecCaller;
  let station: SimulatedStation;
  const spec = simStationSpec('XJ-CS-01', '1.6', 'acWallbox7');
  const connector = 'XJ-CS-01.1.1';
  const count = async (sql: string) => Number((await p.sql!.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) x`))[0]!.n);
  const counts = async () => ({
    commands: await count('SELECT 1 FROM commands'),
    charges: await count('SELECT 1 FROM roaming_charges'),
    tokens: await count('SELECT 1 FROM id_tokens'),
    sessions: await count('SELECT 1 FROM charging_sessions'),
  });

  beforeAll(async () => {
    p = await startTestPlatform({ postgres, env: { TCEC_SERVICE_TEL: '0731-88888888' } });
    await create(p, '/v1/operators', { id: 'CPO-X', name: 'CPO X', roles: ['CPO'] });
    await create(p, '/v1/locations', { id: 'LOC-A', operatorId: 'CPO-X', name: '芙蓉广场', city: 'Changsha', district: '芙蓉区', address: '五一大道 1 号', lat: 28.1963, lng: 112.9774 });
    await create(p, '/v1/stations', stationCreateBody(spec, 'CPO-X', 'LOC-A'));
    await create(p, '/v1/tariffs', { id: 'TF-X', operatorId: 'CPO-X', name: 'Peak and valley', periods: DAY });
    await create(p, '/v1/partners', partnerBody('DIDI', DIDI, INBOUND));
    await create(p, '/v1/partners', partnerBody('KUAIDIAN', KUAIDIAN, STRANGER_IN));
    // DiDi's drivers may charge at CPO-X's stations; Kuaidian has no agreement.
    await create(p, '/v1/agreements', { id: 'AG-DIDI', providerId: 'DIDI', operatorId: 'CPO-X', validFrom: '2026-01-01T00:00:00Z' });
    station = await connectAndBoot(p.ocpp, spec);
    didi = new TcecCaller(p, DIDI, INBOUND, { SevicePrice: 'ServicePrice' });
    stranger = new TcecCaller(p, KUAIDIAN, STRANGER_IN, { SevicePrice: 'ServicePrice' });
  });
  afterAll(async () => {
    await station?.close();
    await p.stop();
  });

  it('query_stations_info: our member\'s locations, paged, GCJ-02, AreaCode; incremental by LastQueryTime', async () => {
    const all = await didi.request('query_stations_info', { PageNo: 1, PageSize: 10 });
    expect(all).toMatchObject({ PageNo: 1, PageCount: 1, ItemSize: 1 });
    const s = all.StationInfos[0];
    expect(s).toMatchObject({ StationID: 'LOC-A', OperatorID: 'XJCL00001', StationName: '芙蓉广场', CountryCode: 'CN', ServiceTel: '0731-88888888' });
    expect(s.AreaCode).toMatch(/^4301\d\d$/);
    // GCJ-02 is a few hundred metres off WGS 84 in Changsha.
    expect(Math.abs(s.StationLng - 112.9774)).toBeGreaterThan(0.001);
    expect(s.EquipmentInfos[0]).toMatchObject({ EquipmentID: 'XJ-CS-01', ConnectorInfos: [expect.objectContaining({ ConnectorID: connector, NationalStandard: 2 })] });
    await sleep(1100);
    const since = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect((await didi.request('query_stations_info', { LastQueryTime: since })).ItemSize).toBe(0);
    await create(p, '/v1/locations', { id: 'LOC-B', operatorId: 'CPO-X', name: '湘潭站', city: 'Xiangtan', address: '建设北路 2 号', lat: 27.8297, lng: 112.9441 });
    const changed = await until(() => didi.request('query_stations_info', { LastQueryTime: since }), (r) => r.ItemSize === 1);
    expect(changed.StationInfos.map((x: { StationID: string }) => x.StationID)).toEqual(['LOC-B']);
    const page2 = await didi.request('query_stations_info', { PageNo: 2, PageSize: 1 });
    expect(page2).toMatchObject({ PageNo: 2, PageCount: 2, ItemSize: 2, StationInfos: [expect.objectContaining({ StationID: 'LOC-B' })] });
  });

  it('query_station_status, query_equip_auth and query_equip_business_policy (in the partner\'s spelling)', async () => {
    const status = await didi.request('query_station_status', { StationIDs: ['LOC-A', 'NOT-OURS'] });
    expect(status.StationStatusInfos).toEqual([{ StationID: 'LOC-A', ConnectorStatusInfos: [{ ConnectorID: connector, Status: 1 }] }]);
    expect(await didi.request('query_equip_auth', { EquipAuthSeq: `${DIDI}000000000000000001`, ConnectorID: connector })).toMatchObject({ SuccStat: 1, FailReason: 1 });
    const policy = await didi.request('query_equip_business_policy', { EquipBizSeq: `${DIDI}000000000000000002`, ConnectorID: connector });
    expect(policy).toMatchObject({ SuccStat: 0, SumPeriod: 3 });
    expect(policy.PolicyInfos).toEqual([
      { StartTime: '000000', ElecPrice: 0.3, SevicePrice: 0.4 },
      { StartTime: '080000', ElecPrice: 0.95, SevicePrice: 0.8 },
      { StartTime: '220000', ElecPrice: 0.3, SevicePrice: 0.4 },
    ]);
    // On the wire it travelled as DiDi spells it.
    const wire = didi.sent.filter((m) => m.kind === 'query_equip_business_policy').at(-1)!;
    expect(JSON.stringify(wire.decrypted.response)).toContain('SevicePrice'); // canonical after decoding …
    const raw = didi.envelope().profile.decryptData((wire.raw.response as { Data: string }).Data);
    expect(raw).toContain('"ServicePrice"'); // … the partner's spelling inside Data
  });

  it('an unknown ConnectorID is 4004 and stores nothing; without an agreement a start is refused (FailReason 3)', async () => {
    const before = await counts();
    for (const iface of ['query_start_charge', 'query_equip_auth', 'query_equip_business_policy']) {
      const r = didi.open((await didi.post(iface, didi.build({ StartChargeSeq: `${DIDI}000000000000000009`, EquipAuthSeq: 'x', EquipBizSeq: 'x', ConnectorID: 'XJ-CS-01.9.9' }), await didi.token())).body);
      expect(r.ret, iface).toBe(TCEC_RET.business);
    }
    const noDeal = await stranger.request('query_start_charge', { StartChargeSeq: `${KUAIDIAN}000000000000000001`, ConnectorID: connector });
    expect(noDeal).toMatchObject({ SuccStat: 1, FailReason: 3 });
    // A supervisor looks but does not charge.
    await p.api('/v1/partners/KUAIDIAN', { method: 'PATCH', body: { role: 'supervisor' } });
    expect((await stranger.request('query_station_status', { StationIDs: ['LOC-A'] })).StationStatusInfos).toHaveLength(1);
    const supervised = stranger.open((await stranger.post('query_start_charge', stranger.build({ StartChargeSeq: `${KUAIDIAN}000000000000000002`, ConnectorID: connector }), await stranger.token())).body);
    expect(supervised).toMatchObject({ ret: TCEC_RET.business, msg: expect.stringContaining('role supervisor') });
    await p.api('/v1/partners/KUAIDIAN', { method: 'PATCH', body: { role: 'emsp' } });
    expect(await counts()).toEqual(before);
  });

  it('a start with a wrong signature, a bad or expired token, undecryptable Data, an old TimeStamp is refused; nothing is stored but the audit', async () => {
    const before = await counts();
    const trailBefore = await count(`SELECT 1 FROM partner_messages WHERE partner_id = 'DIDI'`);
    const start = (n: number) => ({ StartChargeSeq: `${DIDI}00000000000000030${n}`, ConnectorID: connector });
    const token = await didi.token();
    const ret = async (envelope: unknown, t: string | null) => (await didi.post('query_start_charge', envelope, t)).body.Ret as number;
    expect(await ret(didi.build(start(1), { secrets: { sigSecret: 'another-sig-key!' } }), token)).toBe(TCEC_RET.signature);
    expect(await ret(didi.build(start(2)), 'no-such-token')).toBe(TCEC_RET.token);
    expect(await ret(didi.build(start(3)), null)).toBe(TCEC_RET.token);
    expect(await ret(didi.build(start(4), { secrets: { dataSecret: 'wrong-data-key!!' } }), token)).toBe(TCEC_RET.parameters);
    expect(await ret(didi.build(start(5), { timeStamp: formatTimeStamp(new Date(Date.now() - 3_600_000)) }), token)).toBe(TCEC_RET.parameters);
    await p.sql!.query(`UPDATE tcec_tokens SET expires_at = now() - interval '1 second'`);
    expect(await ret(didi.build(start(6)), token)).toBe(TCEC_RET.token);
    await didi.client.forget(didi.partner.id);
    expect(await counts()).toEqual(before);
    const trail = await p.sql!.query<{ status: number }>(`SELECT status FROM partner_messages WHERE partner_id = 'DIDI' ORDER BY id DESC LIMIT 6`);
    expect(trail.map((m) => m.status).sort()).toEqual([4001, 4002, 4002, 4002, 4003, 4003]);
    expect(await count(`SELECT 1 FROM partner_messages WHERE partner_id = 'DIDI'`)).toBe(trailBefore + 6);
  });

  it('query_start_charge starts through the command service under the agreement; status while charging; stop', async () => {
    const seq = `${DIDI}000000000000000100`;
    const started = await didi.request('query_start_charge', { StartChargeSeq: seq, ConnectorID: connector, QRCode: 'hlht://XJ-CS-01.1.1' });
    expect(started).toEqual({ StartChargeSeq: seq, StartChargeSeqStat: 1, ConnectorID: connector, SuccStat: 0, FailReason: 0 });
    // The same start again changes nothing.
    const commands = await count('SELECT 1 FROM commands');
    expect((await didi.request('query_start_charge', { StartChargeSeq: seq, ConnectorID: connector })).SuccStat).toBe(0);
    expect(await count('SELECT 1 FROM commands')).toBe(commands);
    const charging = await until(() => didi.request('query_equip_charge_status', { StartChargeSeq: seq }), (r) => r.StartChargeSeqStat === 2 && r.ConnectorStatus === 3);
    expect(charging).toMatchObject({ StartChargeSeq: seq, StartChargeSeqStat: 2, ConnectorID: connector, ConnectorStatus: 3 });
    expect(typeof charging.TotalPower).toBe('number');
    // The session is the partner's: its token, billed to it under the agreement.
    const [session] = await p.sql!.query<{ provider_id: string; agreement_id: string; id_token: string }>(`SELECT provider_id, agreement_id, id_token FROM charging_sessions`);
    expect(session).toMatchObject({ provider_id: 'DIDI', agreement_id: 'AG-DIDI', id_token: partnerDriverToken('DIDI') });
    expect(await stranger.request('query_equip_charge_status', { StartChargeSeq: seq }).catch((e: Error) => e.message)).toContain('4004');
    const stopped = await didi.request('query_stop_charge', { StartChargeSeq: seq, ConnectorID: connector });
    expect(stopped).toEqual({ StartChargeSeq: seq, StartChargeSeqStat: 3, SuccStat: 0, FailReason: 0 });
    const ended = await until(async () => (await p.sql!.query<{ status: string }>(`SELECT status FROM charging_sessions`))[0]!.status, (s) => s !== 'ACTIVE');
    expect(ended).not.toBe('ACTIVE');
    const again = await didi.request('query_stop_charge', { StartChargeSeq: seq, ConnectorID: connector });
    expect(again).toMatchObject({ SuccStat: 1, FailReason: 3 });
    // The connector free again before the next start.
    await until(() => didi.request('query_station_status', { StationIDs: ['LOC-A'] }), (r) => r.StationStatusInfos[0].ConnectorStatusInfos[0].Status === 1);
  });

  it('query_station_stats: energy per station, charger and connector over days', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const stats = await didi.request('query_station_stats', { StationID: 'LOC-A', StartTime: today, EndTime: today });
    expect(stats.StationStats).toMatchObject({ StationID: 'LOC-A', StartTime: today, EndTime: today, EquipmentStatsInfos: [{ EquipmentID: 'XJ-CS-01', ConnectorStatsInfos: [{ ConnectorID: connector }] }] });
    expect(stats.StationStats.StationElectricity).toBeGreaterThanOrEqual(0);
    expect(await didi.request('query_station_stats', { StationID: 'NOPE', StartTime: today, EndTime: today }).catch((e: Error) => e.message)).toContain('4004');
  });

  it('a replayed start is refused and starts nothing', async () => {
    const before = await counts();
    const envelope = didi.build({ StartChargeSeq: `${DIDI}000000000000000200`, ConnectorID: connector });
    const token = await didi.token();
    expect(didi.open((await didi.post('query_start_charge', envelope, token)).body)).toMatchObject({ ret: 0, body: { SuccStat: 0 } });
    const replay = didi.open((await didi.post('query_start_charge', envelope, token)).body);
    expect(replay).toMatchObject({ ret: TCEC_RET.parameters, msg: expect.stringContaining('replayed') });
    const after = await counts();
    expect(after.commands - before.commands).toBe(1);
    expect(after.charges - before.charges).toBe(1);
    // Let the one start run its course before the station goes away.
    const seq = `${DIDI}000000000000000200`;
    await until(() => didi.request('query_equip_charge_status', { StartChargeSeq: seq }), (r) => r.StartChargeSeqStat === 2);
    expect((await didi.request('query_stop_charge', { StartChargeSeq: seq, ConnectorID: connector })).SuccStat).toBe(0);
    await until(() => count(`SELECT 1 FROM charging_sessions WHERE status = 'ACTIVE'`), (n) => n === 0);
    // … and the station's last messages (the connector free again) be handled.
    await until(() => didi.request('query_station_status', { StationIDs: ['LOC-A'] }), (r) => r.StationStatusInfos[0].ConnectorStatusInfos[0].Status === 1);
    await sleep(300);
  });

  it('a partner connected to two member operators sees both operators\' stations; a start needs an agreement with the station\'s own operator', async () => {
    await create(p, '/v1/operators', { id: 'CPO-Y', name: 'CPO Y', roles: ['CPO'] });
    await create(p, '/v1/locations', { id: 'LOC-Y', operatorId: 'CPO-Y', name: '株洲站', city: 'Zhuzhou', address: '新华路 3 号', lat: 27.8274, lng: 113.1339 });
    await create(p, '/v1/stations', { id: 'ST-Y', operatorId: 'CPO-Y', locationId: 'LOC-Y', password: 'Yq7-kP2_zR9mW4tY-y', evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 60 }] }] });
    const stationIds = async () => ((await didi.request('query_stations_info', { PageNo: 1, PageSize: 10 })).StationInfos as { StationID: string }[]).map((x) => x.StationID).sort();
    expect(await stationIds()).toEqual(['LOC-A', 'LOC-B']);
    expect((await didi.request('query_station_status', { StationIDs: ['LOC-Y'] })).StationStatusInfos).toEqual([]);
    // An unknown operator in the list → 404 naming it, and nothing changes.
    const bad = await p.api('/v1/partners/DIDI', { method: 'PATCH', body: { operatorIds: ['CPO-X', 'NOBODY'] } });
    expect(bad).toMatchObject({ status: 404, body: { code: 'OPERATOR_NOT_FOUND', details: { field: 'operatorIds.1' } } });
    const linked = await p.api('/v1/partners/DIDI', { method: 'PATCH', body: { operatorIds: ['CPO-X', 'CPO-Y'] } });
    expect(linked.body).toMatchObject({ operatorIds: ['CPO-X', 'CPO-Y'], operatorId: 'CPO-X' });
    expect(await stationIds()).toEqual(['LOC-A', 'LOC-B', 'LOC-Y']);
    expect((await didi.request('query_station_status', { StationIDs: ['LOC-Y'] })).StationStatusInfos).toEqual([{ StationID: 'LOC-Y', ConnectorStatusInfos: [{ ConnectorID: 'ST-Y.1.1', Status: 0 }] }]);
    expect((await didi.request('query_station_stats', { StationID: 'LOC-Y', StartTime: '2026-12-01', EndTime: '2026-12-01' })).StationStats).toMatchObject({ StationID: 'LOC-Y', StationElectricity: 0 });
    expect(await didi.request('query_equip_business_policy', { EquipBizSeq: `${DIDI}000000000000000300`, ConnectorID: 'ST-Y.1.1' })).toMatchObject({ SuccStat: 1, FailReason: 1 }); // CPO-Y has no tariff
    // DiDi's agreement is with CPO-X: none with CPO-Y yet, so no start there.
    expect(await didi.request('query_start_charge', { StartChargeSeq: `${DIDI}000000000000000301`, ConnectorID: 'ST-Y.1.1' })).toMatchObject({ SuccStat: 1, FailReason: 3 });
    await create(p, '/v1/agreements', { id: 'AG-DIDI-Y', providerId: 'DIDI', operatorId: 'CPO-Y', validFrom: '2026-01-01T00:00:00Z' });
    // Now allowed: the start goes to ST-Y as a command under DiDi's token.
    expect(await didi.request('query_start_charge', { StartChargeSeq: `${DIDI}000000000000000302`, ConnectorID: 'ST-Y.1.1' })).toMatchObject({ SuccStat: 0, FailReason: 0 });
    expect(await count(`SELECT 1 FROM commands WHERE station_id = 'ST-Y' AND kind = 'start' AND params->>'idToken' = '${partnerDriverToken('DIDI')}'`)).toBe(1);
    // The old single-operator spelling still works and replaces the list.
    expect((await p.api('/v1/partners/DIDI', { method: 'PATCH', body: { operatorId: 'CPO-X' } })).body.operatorIds).toEqual(['CPO-X']);
    expect(await stationIds()).toEqual(['LOC-A', 'LOC-B']);
  });
});
