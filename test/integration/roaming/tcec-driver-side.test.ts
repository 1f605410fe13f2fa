import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTcecPartner } from '../../../simulators/tcec-partner.js';
import type { CatalogLocation } from '../../../src/domain/availability/availability.model.js';
import { stationInfoOf } from '../../../src/roaming/tcec/mappers/index.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { TcecCaller } from '../../helpers/tcec-caller.js';
import { create, operator } from '../api/api-helpers.js';

// What we use to call the peer (its inbound), and what it uses to call us.
const toPeer = { operatorSecret: 'to-peer-operator', dataSecret: 'to-peer-data-key', dataSecretIv: 'to-peer-data-iv0', sigSecret: 'to-peer-sig-key0' };
const fromPeer = { operatorSecret: 'fr-peer-operator', dataSecret: 'fr-peer-data-key', dataSecretIv: 'fr-peer-data-iv0', sigSecret: 'fr-peer-sig-key0' };
const ALIASES = { SevicePrice: 'ServicePrice', SeviceMoney: 'ServiceMoney', TotalSeviceMoney: 'TotalServiceMoney', DetailSeviceMoney: 'DetailServiceMoney' };

/** The peer's station as its platform describes it (made with our own mapper, as a T/CEC platform would send it). */
const peerLocation: CatalogLocation = {
  id: 'ST-001', operatorId: 'X', name: 'Peer Xiangtan North', city: 'Xiangtan', district: '岳塘区 Yuetang', address: 'Furong Ave', lat: 27.8832, lng: 112.9728, timeZone: 'Asia/Shanghai',
  stations: [{ id: 'EQ-01', evses: [{ evseNo: 1, connectors: [{ connectorNo: 1, standard: 'GBT_DC', maxPowerW: 60_000 }] }, { evseNo: 2, connectors: [{ connectorNo: 1, standard: 'GBT_DC', maxPowerW: 60_000 }] }] }],
  tariff: null,
};

const gbtEvse = (evseNo: number) => ({ evseNo, connectors: [{ connectorNo: 1, standard: 'GBT_DC', maxPowerW: 60_000 }] });
/** The peer's station with a second piece of equipment whose connectors (EVSE numbers) it changes. */
const withSecondEquipment = (evseNos: number[]): CatalogLocation => ({ ...peerLocation, stations: [...peerLocation.stations, { id: 'EQ-02', evses: evseNos.map(gbtEvse) }] });

describe('T/CEC driver side against a peer platform', () => {
  let p: TestPlatform;
  let peerStation = peerLocation;
  let caller: TcecCaller;
  const peer = new FakeTcecPartner({
    secrets: toPeer,
    aliases: ALIASES,
    handlers: {
      query_stations_info: () => ({ PageNo: 1, PageCount: 1, ItemSize: 1, StationInfos: [stationInfoOf(peerStation, { operatorId: 'MAPEER001', serviceTel: '0731-1' })] }),
      query_station_status: () => ({ StationStatusInfos: [{ StationID: 'ST-001', ConnectorStatusInfos: [{ ConnectorID: 'EQ-01.1.1', Status: 1 }, { ConnectorID: 'EQ-01.2.1', Status: 255 }] }] }),
      query_start_charge: (b) => ({ StartChargeSeq: b.StartChargeSeq, StartChargeSeqStat: 1, ConnectorID: b.ConnectorID, SuccStat: 0, FailReason: 0 }),
      query_stop_charge: (b) => ({ StartChargeSeq: b.StartChargeSeq, StartChargeSeqStat: 3, SuccStat: 0, FailReason: 0 }),
      query_equip_business_policy: (b) => ({ EquipBizSeq: b.EquipBizSeq, ConnectorID: b.ConnectorID, SuccStat: 0, FailReason: 0, SumPeriod: 2, PolicyInfos: [{ StartTime: '000000', ElecPrice: 0.4, SevicePrice: 0.5 }, { StartTime: '120000', ElecPrice: 0.8, SevicePrice: 0.6 }] }),
    },
  });
  const charge = async (ref: string) => (await p.api(`/v1/partners/PEER/charges/${ref}`)).body;
  const connectorStatus = async (evse: number) => (await p.api('/v1/locations/PEER-ST-001')).body.evses.find((e: any) => e.evseId === evse)?.connectors[0].status;

  beforeAll(async () => {
    const baseUrl = await peer.listen();
    p = await startTestPlatform();
    await create(p, '/v1/operators', operator('EMSP-B', ['EMSP']));
    await create(p, '/v1/tokens', { uid: 'DRIVER-1', operatorId: 'EMSP-B', status: 'Accepted' });
    await create(p, '/v1/partners', {
      id: 'PEER', name: 'Peer', protocol: 'tcec', role: 'cpo', operatorId: 'EMSP-B',
      tcec: { partnerOperatorId: 'MAPEER001', ourOperatorId: 'MA5XJ0001', baseUrl, inbound: fromPeer, outbound: toPeer, aliases: ALIASES },
    });
    caller = new TcecCaller(p, 'MAPEER001', fromPeer, ALIASES);
  });
  afterAll(async () => {
    await p?.stop();
    await peer.close();
  });

  it('pulls its stations into the catalog as the partner\'s, with their statuses', async () => {
    const r = await p.api('/v1/partners/PEER/station-sync', { body: { full: true } });
    expect(r.body).toMatchObject({ stations: 1, connectors: 2, since: null });
    const loc = (await p.api('/v1/locations/PEER-ST-001')).body;
    expect(loc).toMatchObject({ operatorId: 'PEER', city: 'Xiangtan', district: '岳塘区 Yuetang' });
    expect(await connectorStatus(1)).toBe('AVAILABLE');
    expect(await connectorStatus(2)).toBe('FAULTED');
    // The second sync asks only for what changed since the first began.
    await p.api('/v1/partners/PEER/station-sync', { body: {} });
    expect(peer.ofKind('query_stations_info').at(-1)!.body.LastQueryTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('takes its status pushes into live status; an unknown connector is ignored (Status 1)', async () => {
    expect(await caller.request('notification_stationStatus', { ConnectorStatusInfo: { ConnectorID: 'EQ-01.1.1', Status: 3 } })).toEqual({ Status: 0 });
    expect(await connectorStatus(1)).toBe('CHARGING');
    expect(await caller.request('notification_stationStatus', { ConnectorStatusInfo: { ConnectorID: 'NOPE', Status: 1 } })).toEqual({ Status: 1 });
    const bad = caller.open((await caller.post('notification_stationStatus', caller.build({ ConnectorStatusInfo: {} }), await caller.token())).body);
    expect(bad.ret).toBe(4004);
  });

  it('starts our driver\'s charge, follows its results, and confirms an order that matches its business policy', async () => {
    const started = (await p.api('/v1/partners/PEER/charges', { body: { stationId: 'PEER-EQ-01', evseNo: 1, idToken: 'DRIVER-1' } })).body;
    expect(started).toMatchObject({ state: 1, partnerConnectorId: 'EQ-01.1.1', providerId: 'EMSP-B' });
    expect(peer.ofKind('query_start_charge').at(-1)!.body).toMatchObject({ StartChargeSeq: started.ref, ConnectorID: 'EQ-01.1.1', QRCode: 'EQ-01.1.1' });
    const ref = started.ref as string;
    await caller.request('notification_start_charge_result', { StartChargeSeq: ref, StartChargeSeqStat: 2, ConnectorID: 'EQ-01.1.1', StartTime: '2026-12-01 11:30:00' });
    await caller.request('notification_equip_charge_status', { StartChargeSeq: ref, StartChargeSeqStat: 2, ConnectorID: 'EQ-01.1.1', TotalPower: 20, ElecMoney: 10, SeviceMoney: 9, TotalMoney: 19 });
    expect(await charge(ref)).toMatchObject({ state: 2, energyWh: 20_000 });
    expect((await p.api(`/v1/partners/PEER/charges/${ref}/stop`, { method: 'POST', body: {} })).body.state).toBe(3);
    await caller.request('notification_stop_charge_result', { StartChargeSeq: ref, StartChargeSeqStat: 4, ConnectorID: 'EQ-01.1.1', SuccStat: 0, FailReason: 0 });
    // 11:30–12:00 10 kWh at 0.4+0.5, 12:00–12:30 12 kWh at 0.8+0.6: 4.00 + 5.00 + 9.60 + 7.20.
    const order = {
      StartChargeSeq: ref, ConnectorID: 'EQ-01.1.1', StartTime: '2026-12-01 11:30:00', EndTime: '2026-12-01 12:30:00', TotalPower: 22, TotalElecMoney: 13.6, TotalSeviceMoney: 12.2, TotalMoney: 25.8, StopReason: 0, SumPeriod: 2,
      ChargeDetails: [
        { DetailStartTime: '2026-12-01 11:30:00', DetailEndTime: '2026-12-01 12:00:00', ElecPrice: 0.4, SevicePrice: 0.5, DetailPower: 10, DetailElecMoney: 4, DetailSeviceMoney: 5 },
        { DetailStartTime: '2026-12-01 12:00:00', DetailEndTime: '2026-12-01 12:30:00', ElecPrice: 0.8, SevicePrice: 0.6, DetailPower: 12, DetailElecMoney: 9.6, DetailSeviceMoney: 7.2 },
      ],
    };
    expect(await caller.request('notification_charge_order_info', order)).toEqual({ StartChargeSeq: ref, ConnectorID: 'EQ-01.1.1', ConfirmResult: 0 });
    // The peer was asked for its policy, spelled its way.
    expect(peer.ofKind('query_equip_business_policy').at(-1)!.body).toMatchObject({ ConnectorID: 'EQ-01.1.1' });
    const c = await charge(ref);
    expect(c).toMatchObject({ state: 4, confirmResult: 0, disputeReason: null, energyWh: 22_000 });
    const cdr = (await p.api(`/v1/cdrs/${c.cdrId}`)).body;
    expect(cdr).toMatchObject({ cpoId: 'PEER', providerId: 'EMSP-B', total: '25.80', energyWh: 22_000, status: 'priced' });
    expect(cdr.lines.map((l: any) => l.amount)).toEqual(['9.00', '16.80']);
    // The same order again (a retried push) makes no second CDR.
    await caller.request('notification_charge_order_info', order);
    expect((await p.api('/v1/cdrs?providerId=EMSP-B')).body.items).toHaveLength(1);
  });

  it('disputes an order that does not match its own business policy (reason 2), and answers the order check with our disputes', async () => {
    const ref = (await p.api('/v1/partners/PEER/charges', { body: { stationId: 'PEER-EQ-01', evseNo: 2, idToken: 'DRIVER-1' } })).body.ref as string;
    const dear = {
      StartChargeSeq: ref, ConnectorID: 'EQ-01.2.1', StartTime: '2026-12-01 08:00:00', EndTime: '2026-12-01 09:00:00', TotalPower: 10, TotalElecMoney: 4, TotalSeviceMoney: 7, TotalMoney: 11, StopReason: 0, SumPeriod: 1,
      ChargeDetails: [{ DetailStartTime: '2026-12-01 08:00:00', DetailEndTime: '2026-12-01 09:00:00', ElecPrice: 0.4, SevicePrice: 0.7, DetailPower: 10, DetailElecMoney: 4, DetailSeviceMoney: 7 }],
    };
    expect((await caller.request('notification_charge_order_info', dear)).ConfirmResult).toBe(1);
    expect(await charge(ref)).toMatchObject({ confirmResult: 1, disputeReason: 2 });
    const disputes = (await p.api('/v1/disputes')).body.items as any[];
    expect(disputes.map((d) => [d.raisedBy, d.reason])).toEqual([['EMSP-B', 2]]);

    const first = (await p.api('/v1/cdrs?providerId=EMSP-B&limit=10')).body.items.find((c: any) => c.total === '25.80');
    const check = await caller.request('check_charge_orders', {
      CheckOrderSeq: 'MAPEER001202612010000000001', StartTime: '2026-12-01 00:00:00', EndTime: '2026-12-01 23:59:59', OrderCount: 3, TotalOrderPower: 52, TotalOrderMoney: 56.8,
      ChargeOrders: [
        { StartChargeSeq: first.sessionId, TotalPower: 22, TotalMoney: 25.8 },
        { StartChargeSeq: ref, TotalPower: 10, TotalMoney: 11 },
        { StartChargeSeq: 'MAPEER001999999999999999999', TotalPower: 20, TotalMoney: 20 },
      ],
    });
    expect(check).toMatchObject({ CheckOrderSeq: 'MAPEER001202612010000000001', TotalDisputeOrder: 2, TotalDisputePower: 30, TotalDisputeMoney: 31 });
    expect(check.DisputeOrders.map((o: any) => [o.StartChargeSeq, o.DisputeReason])).toEqual([
      [ref, 2],
      ['MAPEER001999999999999999999', 1],
    ]);
  });

  it('a station with finished charges gets its connector changes: the one removed is retired (kept for its history), a changed one updated, a new one added', async () => {
    const ours = async () => (await p.api('/v1/stations/PEER-EQ-01')).body.evses as any[];
    const offered = async () => ((await p.api('/v1/locations/PEER-ST-001')).body.evses as any[]).filter((e) => e.stationId === 'PEER-EQ-01').map((e) => [e.evseId, e.connectors[0].maxPowerKw]);
    const cdrsBefore = (await p.api('/v1/cdrs?providerId=EMSP-B')).body.items.length as number;
    expect(cdrsBefore).toBeGreaterThan(0); // both EVSEs of EQ-01 have history here (the charges above)
    // The peer takes its first connector out, doubles the second's power and adds a third.
    peerStation = { ...peerLocation, stations: [{ id: 'EQ-01', evses: [{ evseNo: 2, connectors: [{ connectorNo: 1, standard: 'GBT_DC', maxPowerW: 120_000 }] }, gbtEvse(3)] }] };
    const r = await p.api('/v1/partners/PEER/station-sync', { body: {} });
    expect(r.body).toMatchObject({ stations: 1, connectors: 2, skipped: [] });
    // Each partner connector keeps its EVSE number: EQ-01.2.1 stays our EVSE 2, EQ-01.3.1 becomes EVSE 3.
    const evses = await ours();
    expect(evses.map((e) => [e.evseId, e.maxPowerKw, e.retiredAt === null])).toEqual([
      [1, 60, false],
      [2, 120, true],
      [3, 60, true],
    ]);
    expect(evses[0].connectors[0].retiredAt).toEqual(expect.any(String));
    // Drivers see it at once (catalog.changed through the outbox); the retired EVSE is not offered.
    await expect.poll(offered, { timeout: 1000 }).toEqual([
      [2, 120],
      [3, 60],
    ]);
    // Its link is gone: the peer's old connector is unknown here, the new one is ours.
    expect(await caller.request('notification_stationStatus', { ConnectorStatusInfo: { ConnectorID: 'EQ-01.1.1', Status: 1 } })).toEqual({ Status: 1 });
    expect(await caller.request('notification_stationStatus', { ConnectorStatusInfo: { ConnectorID: 'EQ-01.3.1', Status: 1 } })).toEqual({ Status: 0 });
    // Not startable any more; the new one is, under the peer's id.
    const refused = await p.api('/v1/partners/PEER/charges', { body: { stationId: 'PEER-EQ-01', evseNo: 1, idToken: 'DRIVER-1' } });
    expect(refused).toMatchObject({ status: 404, body: { code: 'CONNECTOR_NOT_FOUND' } });
    const started = (await p.api('/v1/partners/PEER/charges', { body: { stationId: 'PEER-EQ-01', evseNo: 3, idToken: 'DRIVER-1' } })).body;
    expect(started).toMatchObject({ partnerConnectorId: 'EQ-01.3.1' });
    // The history stays whole.
    expect((await p.api('/v1/cdrs?providerId=EMSP-B')).body.items).toHaveLength(cdrsBefore);
    // The same answer again changes nothing.
    await p.api('/v1/partners/PEER/station-sync', { body: {} });
    expect((await ours()).map((e) => [e.evseId, e.retiredAt === null])).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
  });

  it('reconciles a known station\'s connectors on an incremental sync: added ones appear (mapped), removed ones without history go', async () => {
    const evsesOf = async () => ((await p.api('/v1/locations/PEER-ST-001')).body.evses as any[]).filter((e) => e.stationId.endsWith('EQ-02')).map((e) => e.evseId).sort();
    peerStation = withSecondEquipment([1, 2]);
    await p.api('/v1/partners/PEER/station-sync', { body: {} });
    // Drivers' answers see a catalog change within a second (catalog.changed through the outbox).
    await expect.poll(evsesOf, { timeout: 1000 }).toEqual([1, 2]);
    peerStation = withSecondEquipment([1, 3]);
    const r = await p.api('/v1/partners/PEER/station-sync', { body: {} });
    expect(r.body).toMatchObject({ stations: 1, connectors: 4 });
    // One EVSE per connector, each keeping its number: the peer's EQ-02.3.1 is our new EVSE 3; its EQ-02.2.1 (no history) is gone.
    expect(await caller.request('notification_stationStatus', { ConnectorStatusInfo: { ConnectorID: 'EQ-02.3.1', Status: 3 } })).toEqual({ Status: 0 });
    expect(await caller.request('notification_stationStatus', { ConnectorStatusInfo: { ConnectorID: 'EQ-02.2.1', Status: 3 } })).toEqual({ Status: 1 });
    await expect.poll(evsesOf, { timeout: 1000 }).toEqual([1, 3]);
    expect((await p.api('/v1/stations/PEER-EQ-02')).body.evses.map((e: any) => e.evseId)).toEqual([1, 3]);
    const evse3 = async () => ((await p.api('/v1/locations/PEER-ST-001')).body.evses as any[]).find((e) => e.stationId.endsWith('EQ-02') && e.evseId === 3)?.connectors[0].status;
    await expect.poll(evse3, { timeout: 1000 }).toBe('CHARGING');
  });
});

/** A station (our location) of the peer's with its pieces of equipment, one GB/T DC connector (EVSE) each. */
const peerSite = (id: string, equipment: string[]): CatalogLocation => ({
  ...peerLocation,
  id,
  name: `Peer ${id}`,
  stations: equipment.map((eq) => ({ id: eq, evses: [gbtEvse(1)] })),
});

describe.each([{ store: 'PGlite', postgres: false }, { store: 'PostgreSQL', postgres: true }])('T/CEC driver side on $store: stations the peer no longer lists', ({ postgres }) => {
  let p: TestPlatform;
  let caller: TcecCaller;
  // The peer's listing, two pages; a page may fail.
  let pages: CatalogLocation[][] = [];
  let failPage: number | null = null;
  let chargeRef = '';
  const peer = new FakeTcecPartner({
    secrets: toPeer,
    aliases: ALIASES,
    handlers: {
      query_stations_info: (b) => {
        const no = Number(b.PageNo);
        if (no === failPage) return { ret: 500, msg: 'busy' };
        const sites = pages[no - 1] ?? [];
        return { PageNo: no, PageCount: pages.length, ItemSize: pages.flat().length, StationInfos: sites.map((s) => stationInfoOf(s, { operatorId: 'MAGONE001', serviceTel: '0731-2' })) };
      },
      query_station_status: () => ({ StationStatusInfos: [] }),
      query_start_charge: (b) => ({ StartChargeSeq: b.StartChargeSeq, StartChargeSeqStat: 1, ConnectorID: b.ConnectorID, SuccStat: 0, FailReason: 0 }),
    },
  });
  const sync = (full: boolean) => p.api('/v1/partners/GONE/station-sync', { body: { full } });
  const offered = async (site: string) => {
    const r = await p.api(`/v1/locations/GONE-${site}`);
    return r.status === 404 ? null : (r.body.evses as any[]).map((e) => `${e.stationId}.${e.evseId}`);
  };
  const start = (station: string, evseNo: number) => p.api('/v1/partners/GONE/charges', { body: { stationId: `GONE-${station}`, evseNo, idToken: 'DRIVER-G' } });
  const statusPush = (connectorId: string) => caller.request('notification_stationStatus', { ConnectorStatusInfo: { ConnectorID: connectorId, Status: 1 } });
  const changedEvents = async (stationId: string) =>
    Number((await p.sql!.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_events WHERE kind = 'catalog.changed' AND subject = $1`, [stationId]))[0]!.n);

  beforeAll(async () => {
    const baseUrl = await peer.listen();
    p = await startTestPlatform({ postgres });
    await create(p, '/v1/operators', operator('EMSP-G', ['EMSP']));
    await create(p, '/v1/tokens', { uid: 'DRIVER-G', operatorId: 'EMSP-G', status: 'Accepted' });
    await create(p, '/v1/partners', {
      id: 'GONE', name: 'Peer that shrinks', protocol: 'tcec', role: 'cpo', operatorId: 'EMSP-G',
      tcec: { partnerOperatorId: 'MAGONE001', ourOperatorId: 'MA5XJ0001', baseUrl, inbound: fromPeer, outbound: toPeer, aliases: ALIASES },
    });
    caller = new TcecCaller(p, 'MAGONE001', fromPeer, ALIASES);
    pages = [[peerSite('ST-A', ['EQ-A1', 'EQ-A2']), peerSite('ST-B', ['EQ-B1'])], [peerSite('ST-C', ['EQ-C1'])]];
    expect((await sync(true)).body).toMatchObject({ stations: 3, connectors: 4, removed: [] });
    // EQ-B1 has history here: a charge of our driver's.
    const started = (await start('EQ-B1', 1)).body;
    expect(started).toMatchObject({ partnerConnectorId: 'EQ-B1.1.1' });
    chargeRef = started.ref;
  });
  afterAll(async () => {
    await p?.stop();
    await peer.close();
  });

  it('an incremental sync, or a full one with a page that failed, takes nothing out', async () => {
    pages = [[peerSite('ST-A', ['EQ-A1', 'EQ-A2'])], []];
    expect((await sync(false)).body).toMatchObject({ stations: 1, removed: [] });
    failPage = 2;
    expect((await sync(true)).status).not.toBe(200);
    failPage = null;
    for (const site of ['ST-B', 'ST-C']) expect(await offered(site)).toHaveLength(1);
    expect(await statusPush('EQ-C1.1.1')).toEqual({ Status: 0 });
  });

  it('a complete full sync takes out what it no longer lists: deleted when nothing refers to it, else retired (history kept)', async () => {
    const before = await changedEvents('GONE-EQ-B1');
    const r = await sync(true);
    expect(r.status).toBe(200);
    expect(r.body.removed).toEqual([
      { stationId: 'GONE-EQ-B1', outcome: 'retired' },
      { stationId: 'GONE-EQ-C1', outcome: 'deleted' },
    ]);
    // ST-C had nothing here: its equipment and the location are gone.
    expect((await p.api('/v1/stations/GONE-EQ-C1')).status).toBe(404);
    expect(await offered('ST-C')).toBeNull();
    // EQ-B1 stays for its charge, every EVSE retired: not offered, not startable, its connector unknown to pushes.
    const b1 = (await p.api('/v1/stations/GONE-EQ-B1')).body;
    expect(b1.evses.map((e: any) => [e.evseId, e.retiredAt !== null, e.connectors.every((c: any) => c.retiredAt !== null)])).toEqual([[1, true, true]]);
    expect(await changedEvents('GONE-EQ-B1')).toBe(before + 1);
    await expect.poll(() => offered('ST-B'), { timeout: 2000 }).toEqual([]);
    expect(await start('EQ-B1', 1)).toMatchObject({ status: 404, body: { code: 'CONNECTOR_NOT_FOUND' } });
    expect(await statusPush('EQ-B1.1.1')).toEqual({ Status: 1 });
    expect(await statusPush('EQ-C1.1.1')).toEqual({ Status: 1 });
    expect((await p.api(`/v1/partners/GONE/charges/${chargeRef}`)).body).toMatchObject({ stationId: 'GONE-EQ-B1', evseNo: 1 });
    // ST-A is untouched; the same answer again changes nothing.
    expect(await offered('ST-A')).toEqual(['GONE-EQ-A1.1', 'GONE-EQ-A2.1']);
    expect((await sync(true)).body.removed).toEqual([]);
    expect(await changedEvents('GONE-EQ-B1')).toBe(before + 1);
  });

  it('equipment a listed station no longer names is taken out, on an incremental sync too', async () => {
    pages = [[peerSite('ST-A', ['EQ-A1'])], []];
    expect((await sync(false)).body.removed).toEqual([{ stationId: 'GONE-EQ-A2', outcome: 'deleted' }]);
    await expect.poll(() => offered('ST-A'), { timeout: 2000 }).toEqual(['GONE-EQ-A1.1']);
  });

  it('listed again, a retired station comes back into service (its old EVSE kept retired with its history)', async () => {
    pages = [[peerSite('ST-A', ['EQ-A1']), peerSite('ST-B', ['EQ-B1'])], []];
    expect((await sync(true)).body).toMatchObject({ stations: 2, removed: [] });
    await expect.poll(() => offered('ST-B'), { timeout: 2000 }).toEqual(['GONE-EQ-B1.2']);
    expect(await statusPush('EQ-B1.1.1')).toEqual({ Status: 0 });
    expect((await start('EQ-B1', 2)).body).toMatchObject({ partnerConnectorId: 'EQ-B1.1.1' });
  });
});
