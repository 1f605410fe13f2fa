import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireWh } from '../../simulators/station/energy.js';
import { SimulatedStation } from '../../simulators/station/station.js';
import type { ChargingSession } from '../../simulators/station/types.js';
import { shanghaiDate } from '../../src/shared/shanghai-time.js';
import { createTestDatabase } from '../helpers/services.js';
import { simStationSpec, stationCreateBody } from '../helpers/sim-stations.js';
import { startServer, tempDataDir, type ServerProcess } from './server-process.js';

const DAY_MS = 86_400_000;
/** Three days ago in Shanghai, and the day after: both have ended, so they close for good. */
const D = shanghaiDate(new Date(Date.now() - 3 * DAY_MS));
const D1 = shanghaiDate(new Date(Date.parse(`${D}T12:00:00+08:00`) + DAY_MS));
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

/** Both CPOs' tariff, CNY per kWh in ten-thousandths: electricity and service fee by period. */
const PERIODS = [
  { startsAt: '00:00', energy: 3000, service: 4000, tier: 'valley' },
  { startsAt: '08:00', energy: 6000, service: 6000, tier: 'flat' },
  { startsAt: '17:00', energy: 10000, service: 8000, tier: 'peak' },
  { startsAt: '23:00', energy: 3000, service: 4000, tier: 'valley' },
] as const;
const priceAt = (d: Date) => {
  const minute = (d.getTime() / 60_000 + 8 * 60) % (24 * 60);
  return [...PERIODS].reverse().find((p) => Number(p.startsAt.slice(0, 2)) * 60 + Number(p.startsAt.slice(3)) <= minute)!;
};
/** Fen of `wh` at `price` (CNY/kWh × 10^4), half up: the rule the platform must follow, in integers. */
const fen = (wh: number, price: number) => Math.floor((wh * price + 50_000) / 100_000);

/** What a session must cost: its readings cut it at the boundaries; each piece priced on its own. */
function expectedFen(points: { at: Date; wh: number }[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const wh = points[i]!.wh - points[i - 1]!.wh;
    const p = priceAt(points[i - 1]!.at);
    total += fen(wh, p.energy) + fen(wh, p.service);
  }
  return total;
}
const cny = (f: number) => (f / 100).toFixed(2);

/**
 * The whole money path end to end, with the real server as a child process on PostgreSQL and
 * simulated stations: two CPOs in two cities (Changsha, Zhuzhou), two EMSPs (one with agreements,
 * one without), both OCPP versions, a session across the 17:00 peak boundary, one across midnight,
 * and a gateway killed (SIGKILL) mid-session — and the two days' statements hold exactly the CDRs
 * expected, to the fen.
 */
describe('settlement end to end', () => {
  const cleanup: (() => Promise<void>)[] = [];
  let server: ServerProcess;
  const clocks = new Map<string, Date>();
  const stations = new Map<string, SimulatedStation>();
  /** Per scenario: the readings the station reported (start, boundary, stop), for the expected cost. */
  const expected = new Map<string, { stationId: string; points: { at: Date; wh: number }[] }>();

  const api = async (path: string, body?: unknown) => {
    const r = await server.api(path, body === undefined ? {} : { body });
    return r;
  };
  const ok = async (path: string, body: unknown) => {
    const r = await api(path, body);
    expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(201);
  };

  async function station(id: string, version: '1.6' | '2.0.1', operatorId: string, locationId: string, template: 'dc60' | 'acWallbox7') {
    const spec = simStationSpec(id, version, template);
    await ok('/v1/stations', stationCreateBody(spec, operatorId, locationId));
    clocks.set(id, at(D, '06:00'));
    const s = new SimulatedStation({ endpoint: server.ocpp, spec, clock: () => clocks.get(id)!, reconnect: true, callTimeoutMs: 10_000 });
    await s.connect();
    await s.boot();
    await s.reportAllStatuses();
    stations.set(id, s);
    cleanup.push(() => s.close());
    return s;
  }
  const setClock = (id: string, d: Date) => clocks.set(id, d);
  /** What the station put on the wire for its register (whole Wh). */
  const reading = (s: ChargingSession, d: Date) => ({ at: d, wh: wireWh(s.meterWh) });

  beforeAll(async () => {
    const db = await createTestDatabase('xjsettle');
    cleanup.push(db.drop);
    const data = await tempDataDir();
    cleanup.push(data.remove);
    server = await startServer({ DATA_DIR: data.dir, DATABASE_URL: db.url });
    cleanup.push(() => server.stop());
    await ok('/v1/operators', { id: 'CPO-CS', name: 'Changsha CPO', roles: ['CPO'] });
    await ok('/v1/operators', { id: 'CPO-ZZ', name: 'Zhuzhou CPO', roles: ['CPO'] });
    await ok('/v1/operators', { id: 'EMSP-OK', name: 'App with agreements', roles: ['EMSP'] });
    await ok('/v1/operators', { id: 'EMSP-NO', name: 'App without', roles: ['EMSP'] });
    for (const cpo of ['CPO-CS', 'CPO-ZZ']) await ok('/v1/agreements', { providerId: 'EMSP-OK', operatorId: cpo, validFrom: '2026-01-01T00:00:00Z' });
    await ok('/v1/locations', { id: 'L-CS', operatorId: 'CPO-CS', name: 'Meixi Lake', city: 'Changsha', address: 'x', lat: 28.19, lng: 112.9 });
    await ok('/v1/locations', { id: 'L-ZZ', operatorId: 'CPO-ZZ', name: 'Zhuzhou West', city: 'Zhuzhou', address: 'y', lat: 27.83, lng: 113.06 });
    const periods = PERIODS.map((p) => ({ startsAt: p.startsAt, energyPricePerKwh: String(p.energy / 10_000), serviceFeePerKwh: String(p.service / 10_000), tier: p.tier }));
    for (const cpo of ['CPO-CS', 'CPO-ZZ']) await ok('/v1/tariffs', { id: `TOU-${cpo}`, operatorId: cpo, name: 'Time of use', validFrom: '2026-01-01T00:00:00Z', periods });
    await ok('/v1/tokens', { uid: 'OK-1', operatorId: 'EMSP-OK', status: 'Accepted' });
    await ok('/v1/tokens', { uid: 'NO-1', operatorId: 'EMSP-NO', status: 'Accepted' });
    await station('CS-16', '1.6', 'CPO-CS', 'L-CS', 'dc60');
    await station('CS-201', '2.0.1', 'CPO-CS', 'L-CS', 'dc60');
    await station('ZZ-16', '1.6', 'CPO-ZZ', 'L-ZZ', 'dc60');
    await station('ZZ-201', '2.0.1', 'CPO-ZZ', 'L-ZZ', 'acWallbox7');
  });
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it('charges: across 17:00, across midnight, through a gateway crash, and without an agreement', async () => {
    // 1.6 in Changsha, EMSP-OK, 16:50 → 17:00 → 17:10 (flat then peak).
    const cs16 = stations.get('CS-16')!;
    setClock('CS-16', at(D, '16:50'));
    const peak = await cs16.startSession({ evseId: 1, idTag: 'OK-1' });
    const peakPoints = [reading(peak, at(D, '16:50'))];
    setClock('CS-16', at(D, '17:00'));
    await cs16.sendMeterValues(peak);
    peakPoints.push(reading(peak, at(D, '17:00')));
    setClock('CS-16', at(D, '17:10'));
    await cs16.stopSession(peak);
    peakPoints.push(reading(peak, at(D, '17:10')));
    expected.set('peak', { stationId: 'CS-16', points: peakPoints });

    // 2.0.1 in Zhuzhou, EMSP-OK, 23:50 → 00:00 → 00:10 the next day: settled on the day it ends.
    const zz201 = stations.get('ZZ-201')!;
    setClock('ZZ-201', at(D, '23:50'));
    const night = await zz201.startSession({ evseId: 1, idTag: 'OK-1' });
    const nightPoints = [reading(night, at(D, '23:50'))];
    setClock('ZZ-201', at(D1, '00:00'));
    await zz201.sendMeterValues(night);
    nightPoints.push(reading(night, at(D1, '00:00')));
    setClock('ZZ-201', at(D1, '00:10'));
    await zz201.stopSession(night);
    nightPoints.push(reading(night, at(D1, '00:10')));
    expected.set('night', { stationId: 'ZZ-201', points: nightPoints });

    // 1.6 in Zhuzhou, EMSP-OK, 10:00 → 10:15 … the gateway is killed … 10:30 after it is back.
    const zz16 = stations.get('ZZ-16')!;
    setClock('ZZ-16', at(D, '10:00'));
    const crash = await zz16.startSession({ evseId: 1, idTag: 'OK-1' });
    const crashPoints = [reading(crash, at(D, '10:00'))];
    setClock('ZZ-16', at(D, '10:15'));
    await zz16.sendMeterValues(crash);
    const env = server.env;
    await server.kill();
    server = await startServer(env);
    // The station reconnects by itself (ocpp-rpc back-off) and carries on.
    await expect.poll(async () => (await api('/v1/stations/ZZ-16')).body?.online, { timeout: 30_000, interval: 250 }).toBe(true);
    setClock('ZZ-16', at(D, '10:30'));
    await zz16.stopSession(crash);
    crashPoints.push(reading(crash, at(D, '10:30')));
    expected.set('crash', { stationId: 'ZZ-16', points: crashPoints });

    // EMSP-NO has no agreement with CPO-CS: refused in both versions; a station that charges anyway gets a held CDR.
    const cs201 = stations.get('CS-201')!;
    setClock('CS-201', at(D, '12:00'));
    const refused = await cs201.startSession({ evseId: 1, idTag: 'NO-1' });
    expect(refused.authStatus).toBe('NotAtThisLocation');
    setClock('CS-201', at(D, '12:05'));
    await cs201.stopSession(refused, 'DeAuthorized');
    setClock('CS-16', at(D, '13:00'));
    const refused16 = await cs16.startSession({ evseId: 1, idTag: 'NO-1' });
    expect(refused16.authStatus).toBe('Invalid');
    setClock('CS-16', at(D, '13:05'));
    await cs16.stopSession(refused16, 'DeAuthorized');
  });

  it('one CDR per session, priced to the fen; the refused ones held out of settlement', async () => {
    const sessionsOf = async (stationId: string) => (await api(`/v1/sessions?stationId=${stationId}&limit=100`)).body.items as any[];
    for (const [name, e] of expected) {
      const sessions = (await sessionsOf(e.stationId)).filter((s) => s.idToken === 'OK-1');
      expect(sessions, name).toHaveLength(1);
      expect(sessions[0].status, name).toBe('COMPLETED');
      let cdrs: any[] = [];
      await expect.poll(async () => (cdrs = (await api(`/v1/cdrs?sessionId=${sessions[0].id}`)).body.items).length, { timeout: 10_000 }).toBe(1);
      expect(cdrs[0], name).toMatchObject({ status: 'priced', providerId: 'EMSP-OK', total: cny(expectedFen(e.points)), energyWh: e.points[e.points.length - 1]!.wh - e.points[0]!.wh });
      expect(cdrs[0].lines.map((l: any) => l.endsAt), name).toEqual(e.points.slice(1).map((p) => p.at.toISOString()));
    }
    // The refused sessions ended last: their CDRs may still be in the pricing consumer's next batch.
    let refused: any[] = [];
    await expect.poll(async () => (refused = (await api('/v1/cdrs?providerId=EMSP-NO')).body.items).length, { timeout: 10_000 }).toBe(2);
    expect(refused.map((c) => [c.location.stationId, c.status, c.quality.map((q: any) => q.reason)]).sort()).toEqual([
      ['CS-16', 'held', ['NOT_AUTHORIZED']],
      ['CS-201', 'held', ['NOT_AUTHORIZED']],
    ]);
  });

  it("each day's statements hold exactly the CDRs expected, to the fen", async () => {
    const cdrOf = async (name: string) => {
      const e = expected.get(name)!;
      const [s] = (await api(`/v1/sessions?stationId=${e.stationId}&limit=100`)).body.items.filter((x: any) => x.idToken === 'OK-1');
      return (await api(`/v1/cdrs?sessionId=${s.id}`)).body.items[0].id as string;
    };
    const day = (await api('/v1/settlements/run', { period: 'day', date: D })).body;
    expect(day.status).toBe('final');
    expect(day.statements.map((s: any) => [s.providerId, s.cpoId, s.regular.cdrCount, s.total.total])).toEqual([
      ['EMSP-OK', 'CPO-CS', 1, cny(expectedFen(expected.get('peak')!.points))],
      ['EMSP-OK', 'CPO-ZZ', 1, cny(expectedFen(expected.get('crash')!.points))],
    ]);
    const ids = async (statement: any) => (await api(`/v1/settlements/${statement.id}`)).body.cdrIds;
    expect(await ids(day.statements[0])).toEqual([await cdrOf('peak')]);
    expect(await ids(day.statements[1])).toEqual([await cdrOf('crash')]);
    const next = (await api('/v1/settlements/run', { period: 'day', date: D1 })).body;
    expect(next.statements.map((s: any) => [s.providerId, s.cpoId, s.regular.cdrCount, s.adjustments.cdrCount, s.total.total])).toEqual([
      ['EMSP-OK', 'CPO-ZZ', 1, 0, cny(expectedFen(expected.get('night')!.points))],
    ]);
    expect(await ids(next.statements[0])).toEqual([await cdrOf('night')]);
    // Re-running the closed days gives the same statements.
    expect((await api('/v1/settlements/run', { period: 'day', date: D })).body).toEqual(day);
  });
});
