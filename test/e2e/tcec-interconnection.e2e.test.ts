import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { wireWh } from '../../simulators/station/energy.js';
import { SimulatedStation } from '../../simulators/station/station.js';
import type { ChargingSession } from '../../simulators/station/types.js';
import { shanghaiDate } from '../../src/shared/shanghai-time.js';
import { createTestDatabase } from '../helpers/services.js';
import { simStationSpec, stationCreateBody } from '../helpers/sim-stations.js';
import { startServer, tempDataDir, type ServerProcess } from './server-process.js';

/** What each side uses to call the other (T/CEC: 16-character secrets). */
const A_TO_B = { operatorSecret: 'a-to-b-operator1', dataSecret: 'a-to-b-data-key1', dataSecretIv: 'a-to-b-data-iv01', sigSecret: 'a-to-b-sig-key01' };
const B_TO_A = { operatorSecret: 'b-to-a-operator1', dataSecret: 'b-to-a-data-key1', dataSecretIv: 'b-to-a-data-iv01', sigSecret: 'b-to-a-sig-key01' };
/** Station side's tariff, one band all day: 0.6125 + 0.8000 CNY/kWh, amounts that need rounding. */
const ELEC = 6125;
const SERVICE = 8000;
const fen = (wh: number, price: number) => Math.floor((wh * price + 50_000) / 100_000);
const cny = (f: number) => (f / 100).toFixed(2);

/**
 * Two instances of the platform, each on its own port and PostgreSQL database: A is the station
 * side (member CPO-A and a simulated station), B the driver side (member EMSP-B and its driver's
 * token). They connect over T/CEC 102 both ways and run a day of roaming: token, station sync
 * (full, then incremental), a QR-code start, status pushes while charging, the stop, the order
 * push priced to the fen and confirmed, a second order lost on the way, the day's
 * check_charge_orders with that order disputed, and both sides' statements agreeing.
 */
describe('T/CEC 102 between two platforms', () => {
  const cleanup: (() => Promise<void>)[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  let aDb: pg.Client;
  let station: SimulatedStation;
  let clock = new Date(Date.now() - 90 * 60_000);
  const today = shanghaiDate(new Date());
  const charges: { ref: string; wh: number }[] = [];

  const ok = async (s: ServerProcess, path: string, body: unknown, status = 201) => {
    const r = await s.api(path, { body });
    expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(status);
    return r.body;
  };

  beforeAll(async () => {
    const dbA = await createTestDatabase('xjtcecA');
    const dbB = await createTestDatabase('xjtcecB');
    cleanup.push(dbA.drop, dbB.drop);
    const dataA = await tempDataDir();
    const dataB = await tempDataDir();
    cleanup.push(dataA.remove, dataB.remove);
    a = await startServer({ DATA_DIR: dataA.dir, DATABASE_URL: dbA.url, TCEC_SERVICE_TEL: '0731-88880000' });
    cleanup.push(() => a.stop());
    b = await startServer({ DATA_DIR: dataB.dir, DATABASE_URL: dbB.url });
    cleanup.push(() => b.stop());
    aDb = new pg.Client({ connectionString: dbA.url });
    await aDb.connect();
    cleanup.push(() => aDb.end());

    // A: the station side.
    await ok(a, '/v1/operators', { id: 'CPO-A', name: 'Changsha CPO', roles: ['CPO'] });
    await ok(a, '/v1/locations', { id: 'L-A1', operatorId: 'CPO-A', name: 'Meixi Lake', city: 'Changsha', district: '岳麓区 Yuelu', address: 'Meixi Lake Rd', lat: 28.1952, lng: 112.8977 });
    await ok(a, '/v1/tariffs', { id: 'TOU-A', operatorId: 'CPO-A', name: 'Flat', validFrom: '2026-01-01T00:00:00Z', periods: [{ startsAt: '00:00', energyPricePerKwh: '0.6125', serviceFeePerKwh: '0.8000' }] });
    const spec = simStationSpec('CS-A1', '1.6', 'acWallbox7');
    await ok(a, '/v1/stations', stationCreateBody(spec, 'CPO-A', 'L-A1'));
    await ok(a, '/v1/partners', {
      id: 'PLAT-B', name: 'Platform B', protocol: 'tcec', role: 'emsp', operatorId: 'CPO-A',
      tcec: { partnerOperatorId: 'MA000000B', ourOperatorId: 'MA000000A', baseUrl: `${b.http}/evcs/v1`, inbound: B_TO_A, outbound: A_TO_B, aliases: { SevicePrice: 'ServicePrice' }, statusPushSeconds: 5 },
    });
    await ok(a, '/v1/agreements', { providerId: 'PLAT-B', operatorId: 'CPO-A', validFrom: '2026-01-01T00:00:00Z' });

    // B: the driver side (its partner spells ServicePrice too: both ends rename).
    await ok(b, '/v1/operators', { id: 'EMSP-B', name: 'Driver app', roles: ['EMSP'] });
    await ok(b, '/v1/tokens', { uid: 'B-DRIVER-1', operatorId: 'EMSP-B', status: 'Accepted' });
    await ok(b, '/v1/partners', {
      id: 'PLAT-A', name: 'Platform A', protocol: 'tcec', role: 'cpo', operatorId: 'EMSP-B',
      tcec: { partnerOperatorId: 'MA000000A', ourOperatorId: 'MA000000B', baseUrl: `${a.http}/evcs/v1`, inbound: A_TO_B, outbound: B_TO_A, aliases: { SevicePrice: 'ServicePrice' } },
    });

    station = new SimulatedStation({ endpoint: a.ocpp, spec, clock: () => clock, reconnect: true, callTimeoutMs: 10_000 });
    await station.connect();
    await station.boot();
    await station.reportAllStatuses();
    cleanup.push(() => station.close());
  });
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  const locationOnB = async (id: string) => (await b.api(`/v1/locations/${id}`)).body;
  const statusOnB = async () => {
    const loc = await locationOnB('PLAT-A-L-A1');
    return loc?.evses?.[0]?.connectors?.[0]?.status as string | undefined;
  };

  it('syncs the station side\'s stations into the driver side\'s catalog: full, then only what changed', async () => {
    const full = await ok(b, '/v1/partners/PLAT-A/station-sync', { full: true }, 200);
    expect(full).toMatchObject({ stations: 1, connectors: 1, since: null, skipped: [] });
    const loc = await locationOnB('PLAT-A-L-A1');
    expect(loc).toMatchObject({ operatorId: 'PLAT-A', city: 'Changsha', name: 'Meixi Lake' });
    // GCJ-02 on the wire, WGS-84 again in B's catalog.
    expect(Math.abs(loc.lat - 28.1952)).toBeLessThan(1e-5);
    expect(Math.abs(loc.lng - 112.8977)).toBeLessThan(1e-5);
    await expect.poll(statusOnB, { timeout: 10_000 }).toBe('AVAILABLE');

    await ok(a, '/v1/locations', { id: 'L-A2', operatorId: 'CPO-A', name: 'Changsha South', city: 'Changsha', district: '雨花区 Yuhua', address: 'Huahou Rd', lat: 28.1483, lng: 113.0646 });
    await ok(a, '/v1/stations', stationCreateBody(simStationSpec('CS-A2', '1.6', 'dc60'), 'CPO-A', 'L-A2'));
    await new Promise((r) => setTimeout(r, 1100));
    const incremental = await ok(b, '/v1/partners/PLAT-A/station-sync', {}, 200);
    // Asked with LastQueryTime (the start of the full sync): the new station, not the whole list again.
    expect(incremental.since).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(incremental.stations).toBeGreaterThanOrEqual(1);
    expect(await locationOnB('PLAT-A-L-A2')).toMatchObject({ operatorId: 'PLAT-A', district: '雨花区 Yuhua' });
    // Nothing changed since: an incremental sync brings nothing.
    await new Promise((r) => setTimeout(r, 1100));
    expect(await ok(b, '/v1/partners/PLAT-A/station-sync', {}, 200)).toMatchObject({ stations: 0 });
  });

  it('starts a charge by QR code, pushes status while charging, stops, and prices the order to the fen on both sides', async () => {
    const started = await ok(b, '/v1/partners/PLAT-A/charges', { stationId: 'PLAT-A-CS-A1', evseNo: 1, idToken: 'B-DRIVER-1' });
    expect(started).toMatchObject({ partnerConnectorId: 'CS-A1.1.1', providerId: 'EMSP-B', state: 1 });
    const ref = started.ref as string;
    expect(ref).toMatch(/^MA000000B\d{18}$/);
    // The station starts (RemoteStartTransaction), A pushes the start result.
    await expect.poll(async () => (await b.api(`/v1/partners/PLAT-A/charges/${ref}`)).body.state, { timeout: 15_000 }).toBe(2);
    await expect.poll(statusOnB, { timeout: 10_000 }).toBe('CHARGING');
    const session: ChargingSession = station.activeSessions[0]!;
    const startWh = wireWh(session.meterWh);
    clock = new Date(clock.getTime() + 20 * 60_000);
    await station.sendMeterValues(session);
    // notification_equip_charge_status every 5 s carries the energy so far.
    await expect.poll(async () => (await b.api(`/v1/partners/PLAT-A/charges/${ref}`)).body.energyWh, { timeout: 15_000 }).toBeGreaterThan(0);
    clock = new Date(clock.getTime() + 10 * 60_000);
    const stopped = await ok(b, `/v1/partners/PLAT-A/charges/${ref}/stop`, {}, 200);
    expect(stopped.state).toBe(3);
    let charge: any;
    await expect.poll(async () => (charge = (await b.api(`/v1/partners/PLAT-A/charges/${ref}`)).body).cdrId, { timeout: 20_000 }).toBeTruthy();
    const wh = wireWh(session.meterWh) - startWh;
    charges.push({ ref, wh });
    const expected = cny(fen(wh, ELEC) + fen(wh, SERVICE));
    const cdrB = (await b.api(`/v1/cdrs/${charge.cdrId}`)).body;
    expect(cdrB).toMatchObject({ cpoId: 'PLAT-A', providerId: 'EMSP-B', status: 'priced', total: expected });
    const [cdrA] = (await a.api('/v1/cdrs?providerId=PLAT-B')).body.items;
    expect(cdrA).toMatchObject({ cpoId: 'CPO-A', providerId: 'PLAT-B', total: expected, energyWh: wh });
    // B checked the order against A's business policy and confirmed it.
    expect(charge).toMatchObject({ state: 4, confirmResult: 0, disputeReason: null });
    const trail = (await a.api('/v1/partners/PLAT-B/messages?limit=100')).body.items as any[];
    expect(trail.map((m) => m.kind)).toEqual(expect.arrayContaining(['notification_start_charge_result', 'notification_equip_charge_status', 'notification_stop_charge_result', 'notification_charge_order_info', 'query_equip_business_policy']));
  });

  it("a day's check_charge_orders finds the order that never arrived; both statements agree once A accepts the dispute", async () => {
    // The second order push is lost: B's platform is suspended on A while the charge ends …
    const second = await ok(b, '/v1/partners/PLAT-A/charges', { stationId: 'PLAT-A-CS-A1', evseNo: 1, idToken: 'B-DRIVER-1' });
    await expect.poll(async () => (await b.api(`/v1/partners/PLAT-A/charges/${second.ref}`)).body.state, { timeout: 15_000 }).toBe(2);
    clock = new Date(clock.getTime() + 15 * 60_000);
    expect((await a.api('/v1/partners/PLAT-B', { method: 'PATCH', body: { state: 'suspended' } })).status).toBe(200);
    await station.stopSession(station.activeSessions[0]!, 'Local');
    await expect.poll(async () => (await a.api('/v1/cdrs?providerId=PLAT-B')).body.items.length, { timeout: 15_000 }).toBe(2);
    // … and every retry fails (a minute apart; moved forward here) until A gives up on it.
    await expect
      .poll(async () => {
        await aDb.query(`UPDATE partner_pushes SET next_at = now() WHERE status = 'pending'`);
        return (await aDb.query(`SELECT count(*)::int AS n FROM partner_pushes WHERE kind = 'notification_charge_order_info' AND status = 'abandoned'`)).rows[0].n;
      }, { timeout: 30_000, interval: 1_200 })
      .toBe(1);
    expect((await a.api('/v1/partners/PLAT-B', { method: 'PATCH', body: { state: 'active' } })).status).toBe(200);

    // The day's check: two orders from A; B knows one of them.
    expect((await ok(a, '/v1/partners/order-checks', { date: today }, 202)).partners).toBe(1);
    let disputes: any[] = [];
    await expect.poll(async () => (disputes = (await a.api('/v1/disputes?status=open')).body.items).length, { timeout: 15_000 }).toBe(1);
    const lostCdr = (await a.api(`/v1/cdrs/${disputes[0].cdrId}`)).body;
    expect(disputes[0]).toMatchObject({ raisedBy: 'PLAT-B', reason: 1 });
    const check = (await aDb.query(`SELECT status FROM partner_pushes WHERE kind = 'check_charge_orders'`)).rows;
    expect(check).toEqual([{ status: 'sent' }]);
    // A's operator accepts: the lost order is credited.
    expect((await a.api(`/v1/disputes/${disputes[0].id}/accept`, { body: { note: 'never delivered' } })).status).toBe(200);

    const statement = async (s: ServerProcess, providerId: string, cpoId: string) => {
      const run = (await s.api('/v1/settlements/run', { body: { period: 'day', date: today } })).body;
      return (run.statements as any[]).filter((x) => x.providerId === providerId && x.cpoId === cpoId);
    };
    const onA = await statement(a, 'PLAT-B', 'CPO-A');
    const onB = await statement(b, 'EMSP-B', 'PLAT-A');
    const expected = cny(fen(charges[0]!.wh, ELEC) + fen(charges[0]!.wh, SERVICE));
    expect(onB.map((s) => s.total.total)).toEqual([expected]);
    const totalA = onA.reduce((sum, s) => sum + Math.round(Number(s.total.total) * 100), 0);
    expect(cny(totalA)).toBe(expected);
    expect(lostCdr.total).not.toBe('0.00');
  });
});
