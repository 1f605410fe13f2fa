import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedStation } from '../../../simulators/station/station.js';
import type { ChargingSession } from '../../../simulators/station/types.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { REDIS_URL } from '../../helpers/services.js';
import { connectAndBoot, simStationSpec, stationCreateBody } from '../../helpers/sim-stations.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LIMIT_KW = 100;

/**
 * One site, a 1.6 and a 2.0.1 dual DC charger (120 kW per gun) under a 100 kW grid limit: the
 * platform sends each session a TxProfile, re-balances when sessions start and stop and when an EV
 * draws less than its share, respects limits the station reports, and the stations' power (and so
 * their meter values) stays under the limit.
 */
describe.each([
  { mode: 'embedded', redis: false },
  { mode: 'PostgreSQL + Redis', redis: true },
] as const)('load management at one site ($mode)', ({ redis }) => {
  let p: TestPlatform;
  const tag = randomBytes(3).toString('hex');
  const a16 = simStationSpec(`LM-A16-${tag}`, '1.6', 'dc120Dual');
  const b201 = simStationSpec(`LM-B201-${tag}`, '2.0.1', 'dc120Dual');
  let A: SimulatedStation;
  let B: SimulatedStation;
  // B's clock runs ahead, minute by minute, so its readings fall into new minutes (see session.energy).
  let bClockOffsetMs = 0;
  const load = async () => (await p.api('/v1/locations/LOC-LM/load')).body;
  const sessions = () => [...A.activeSessions.map((s) => ({ st: A, s })), ...B.activeSessions.map((s) => ({ st: B, s }))];
  /** What the stations let their EVs draw right now. */
  const stationPowerW = () => sessions().reduce((sum, { s }) => sum + s.powerW, 0);
  /** Every session's profile accepted at its allocation, and each station applying exactly that. */
  const settled = async (count: number) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const body = await load();
      const done =
        body.sessions.length === count &&
        body.sessions.every((s: any) => s.profile?.status === 'accepted' && s.profile.acceptedKw === s.allocatedKw) &&
        body.sessions.every((s: any) => {
          const st = s.stationId === a16.id ? A : B;
          return st.limitW(s.evseId) === Math.round(s.allocatedKw * 1000);
        });
      if (done || Date.now() > deadline) return body;
      await sleep(100);
    }
  };
  const allocations = (body: any) => body.sessions.map((s: any) => [s.stationId === a16.id ? 'A' : 'B', s.evseId, s.allocatedKw, s.limitedBy]);
  const meterAll = async () => {
    for (const { st, s } of sessions()) await st.sendMeterValues(s);
  };

  beforeAll(async () => {
    p = await startTestPlatform(redis ? { postgres: true, redisUrl: REDIS_URL } : {});
    expect((await p.api('/v1/operators', { body: { id: 'OP-LM', name: 'Site CPO', roles: ['CPO'] } })).status).toBe(201);
    expect((await p.api('/v1/locations', { body: { id: 'LOC-LM', operatorId: 'OP-LM', name: 'Depot', city: 'Zhuzhou', address: 'Depot road', lat: 27.83, lng: 113.13 } })).status).toBe(201);
    expect((await p.api('/v1/tokens', { body: { uid: 'LM-FLEET', operatorId: 'OP-LM', status: 'Accepted' } })).status).toBe(201);
    for (const spec of [a16, b201]) expect((await p.api('/v1/stations', { body: stationCreateBody(spec, 'OP-LM', 'LOC-LM') })).status).toBe(201);
    A = await connectAndBoot(p.ocpp, a16);
    B = await connectAndBoot(p.ocpp, b201, { clock: () => new Date(Date.now() + bClockOffsetMs) });
    expect((await p.api('/v1/locations/LOC-LM/grid-limit', { method: 'PUT', body: { maxKw: LIMIT_KW } })).status).toBe(200);
  });
  afterAll(async () => {
    await A?.close();
    await B?.close();
    await p?.stop();
  });

  let a1: ChargingSession;
  let b1: ChargingSession;

  it('one session gets the whole limit (below its EVSE maximum) as a TxProfile', async () => {
    a1 = await A.startSession({ evseId: 1, idTag: 'LM-FLEET', evPowerW: 110_000 });
    const body = await settled(1);
    expect(allocations(body)).toEqual([['A', 1, 100, 'share']]);
    // 1.6: a TxProfile for the transaction the platform issued, in watts.
    const profile = A.chargingProfiles.all.find((x) => x.purpose === 'TxProfile')!;
    expect(profile).toMatchObject({ transactionId: String(a1.transactionId), rateUnit: 'W', evseId: 1, periods: [{ startPeriod: 0, limit: 100_000 }] });
    expect(a1.powerW).toBe(100_000);
    // Every station holds the default a new session starts at: 100 kW over the site's four EVSEs.
    for (const st of [A, B]) expect(st.chargingProfiles.all.find((x) => x.purpose === 'TxDefaultProfile')).toMatchObject({ evseId: 0, rateUnit: 'W', periods: [{ startPeriod: 0, limit: 25_000 }] });
  });

  it('a second session (2.0.1) halves it; a third makes thirds; the stations draw no more than the limit', async () => {
    b1 = await B.startSession({ evseId: 1, idTag: 'LM-FLEET', evPowerW: 110_000 });
    // It starts at the station's default, not at the EV's 110 kW.
    expect(b1.powerW).toBeLessThanOrEqual(25_000);
    let body = await settled(2);
    expect(allocations(body)).toEqual([['A', 1, 50, 'share'], ['B', 1, 50, 'share']]);
    expect(B.chargingProfiles.all.find((x) => x.purpose === 'TxProfile')).toMatchObject({ transactionId: b1.transactionId, evseId: 1 });
    expect(stationPowerW()).toBeLessThanOrEqual(LIMIT_KW * 1000);
    await B.startSession({ evseId: 2, idTag: 'LM-FLEET', evPowerW: 110_000 });
    body = await settled(3);
    expect(allocations(body)).toEqual([['A', 1, 33.334, 'share'], ['B', 1, 33.333, 'share'], ['B', 2, 33.333, 'share']]);
    expect(body.allocatedKw).toBe(100);
    expect(stationPowerW()).toBe(100_000);
    // What the meters say, as the platform sees it.
    await meterAll();
    const deadline = Date.now() + 10_000;
    while ((await load()).sessions.some((s: any) => s.measuredKw === null) && Date.now() < deadline) await sleep(100);
    const measured = await load();
    expect(measured.measuredKw).toBeLessThanOrEqual(LIMIT_KW);
    expect(measured.measuredKw).toBeGreaterThan(LIMIT_KW - 0.01);
  });

  // From here on every session has a profile in force: whatever the platform re-plans, the stations
  // never draw more than the limit, not even for a moment (decreases are in force before increases go).
  let peakW = 0;
  let sampler: NodeJS.Timeout | undefined;
  afterAll(() => clearInterval(sampler));

  it("a higher priority on one station's session: the other station's sessions come down first, then it rises", async () => {
    sampler = setInterval(() => (peakW = Math.max(peakW, stationPowerW())), 2);
    const a1Id = (await load()).sessions[0].sessionId;
    expect((await p.api(`/v1/sessions/${a1Id}/priority`, { method: 'PUT', body: { priority: 2 } })).status).toBe(200);
    let body = await settled(3);
    expect(allocations(body)).toEqual([['A', 1, 50, 'share'], ['B', 1, 25, 'share'], ['B', 2, 25, 'share']]);
    expect(peakW).toBeLessThanOrEqual(LIMIT_KW * 1000);
    expect((await p.api(`/v1/sessions/${a1Id}/priority`, { method: 'PUT', body: { priority: 1 } })).status).toBe(200);
    body = await settled(3);
    expect(allocations(body)).toEqual([['A', 1, 33.334, 'share'], ['B', 1, 33.333, 'share'], ['B', 2, 33.333, 'share']]);
    expect(peakW).toBeLessThanOrEqual(LIMIT_KW * 1000);
  });

  it('a session that stops frees its share for the others', async () => {
    await A.stopSession(a1);
    const body = await settled(2);
    expect(allocations(body)).toEqual([['B', 1, 50, 'share'], ['B', 2, 50, 'share']]);
    expect(stationPowerW()).toBe(100_000);
  });

  it('an EV drawing less than its share is capped near its draw; the other session gets the rest', async () => {
    // The car on B1 tapers to 20 kW; its next reading (a minute on) shows it.
    b1.evPowerW = 20_000;
    B.profilesChanged();
    bClockOffsetMs += 2 * 60_000;
    await B.sendMeterValues(b1);
    const deadline = Date.now() + 20_000;
    let body = await load();
    while (!(body.sessions[0]?.limitedBy === 'demand' && body.sessions[1]?.profile?.acceptedKw === 77) && Date.now() < deadline) {
      await sleep(100);
      body = await load();
    }
    body = await settled(2);
    expect(allocations(body)).toEqual([['B', 1, 23, 'demand'], ['B', 2, 77, 'share']]);
    expect(stationPowerW()).toBe(20_000 + 77_000);
  });

  it('a limit the 2.0.1 station reports (NotifyChargingLimit) caps that EVSE until it is cleared; EV needs are answered', async () => {
    await B.call('NotifyChargingLimit', { evseId: 2, chargingLimit: { chargingLimitSource: 'EMS', isGridCritical: true }, chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 40_000 }] }] });
    let body = await settled(2);
    expect(allocations(body)).toEqual([['B', 1, 23, 'demand'], ['B', 2, 40, 'reported']]);
    expect(body.stations.find((s: any) => s.stationId === b201.id).reportedLimits).toMatchObject([{ evseId: 2, source: 'EMS', limitKw: 40, gridCritical: true }]);
    await B.call('ClearedChargingLimit', { chargingLimitSource: 'EMS', evseId: 2 });
    body = await settled(2);
    expect(allocations(body)).toEqual([['B', 1, 23, 'demand'], ['B', 2, 77, 'share']]);
    // The EV on B2 says it takes at most 60 kW: the platform will schedule it (the site is managed).
    expect(await B.call('NotifyEVChargingNeeds', { evseId: 2, chargingNeeds: { requestedEnergyTransfer: 'DC', dcChargingParameters: { evMaxCurrent: 150, evMaxVoltage: 400, evMaxPower: 60_000 } } })).toEqual({ status: 'Accepted' });
    body = await settled(2);
    expect(allocations(body)).toEqual([['B', 1, 23, 'demand'], ['B', 2, 60, 'reported']]);
    clearInterval(sampler);
    expect(peakW).toBeGreaterThan(90_000);
    expect(peakW).toBeLessThanOrEqual(LIMIT_KW * 1000);
  });
});
