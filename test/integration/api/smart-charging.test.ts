import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedStation } from '../../../simulators/station/station.js';
import { settleCommand } from '../../helpers/commands.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { REDIS_URL } from '../../helpers/services.js';
import { connectAndBoot, simStationSpec, stationCreateBody } from '../../helpers/sim-stations.js';
import { expectError } from './api-helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Grid limits, the load view, priorities, station maxima and the charging-profile commands, through the API. */
describe.each([
  { mode: 'embedded (PGlite, in-process bus)', redis: false },
  { mode: 'PostgreSQL + Redis', redis: true },
] as const)('smart charging API on $mode', ({ redis }) => {
  let p: TestPlatform;
  const tag = randomBytes(3).toString('hex');
  const dc = simStationSpec(`SC-DC-${tag}`, '2.0.1', 'dc120Dual');
  const dc16 = simStationSpec(`SC-16-${tag}`, '1.6', 'dc120Dual');
  const stations: SimulatedStation[] = [];
  const keys: Record<string, string> = {};
  const as = (who: string, path: string, init: { method?: string; body?: unknown } = {}) => p.api(path, { ...init, key: keys[who]! });
  let sessionId = '';
  let session16Id = '';

  beforeAll(async () => {
    p = await startTestPlatform(redis ? { postgres: true, redisUrl: REDIS_URL } : {});
    for (const [id, roles] of [['OP-SC', ['CPO']], ['OP-OTHER', ['CPO']], ['OP-EMSP', ['EMSP']]] as const) {
      expect((await p.api('/v1/operators', { body: { id, name: id, roles } })).status).toBe(201);
      keys[id] = (await p.api('/v1/api-keys', { body: { operatorId: id, name: `${id} key` } })).body.key;
    }
    for (const [id, op] of [['LOC-SC', 'OP-SC'], ['LOC-PLAIN', 'OP-SC'], ['LOC-OTHER', 'OP-OTHER']]) {
      expect((await p.api('/v1/locations', { body: { id, operatorId: op, name: id, city: 'Changsha', address: 'Road 1', lat: 28.2, lng: 112.9 } })).status).toBe(201);
    }
    expect((await p.api('/v1/tokens', { body: { uid: 'SC-DRIVER', operatorId: 'OP-SC', status: 'Accepted' } })).status).toBe(201);
    for (const spec of [dc, dc16]) {
      expect((await p.api('/v1/stations', { body: { ...stationCreateBody(spec, 'OP-SC', 'LOC-SC'), maxPowerKw: 200 } })).status).toBe(201);
      stations.push(await connectAndBoot(p.ocpp, spec));
    }
  });
  afterAll(async () => {
    for (const s of stations) await s.close();
    await p?.stop();
  });

  it('a grid limit is set, read, replaced and removed by the admin; bad input is refused with the field', async () => {
    const put = await p.api('/v1/locations/LOC-PLAIN/grid-limit', { method: 'PUT', body: { maxKw: 250.5 } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ locationId: 'LOC-PLAIN', maxKw: 250.5, phases: 3 });
    expect((await p.api('/v1/locations/LOC-PLAIN/grid-limit')).body).toEqual(put.body);
    expect((await p.api('/v1/locations/LOC-PLAIN/grid-limit', { method: 'PUT', body: { maxKw: 100, phases: 1 } })).body).toMatchObject({ maxKw: 100, phases: 1 });
    expectError(await p.api('/v1/locations/LOC-PLAIN/grid-limit', { method: 'PUT', body: { maxKw: -1 } }), 400, 'VALIDATION_FAILED', 'maxKw');
    expectError(await p.api('/v1/locations/LOC-PLAIN/grid-limit', { method: 'PUT', body: { maxKw: 10, phases: 2 } }), 400, 'VALIDATION_FAILED', 'phases');
    expectError(await p.api('/v1/locations/LOC-PLAIN/grid-limit', { method: 'PUT', body: { maxKw: 10, extra: 1 } }), 400, 'VALIDATION_FAILED');
    expectError(await p.api('/v1/locations/NOWHERE/grid-limit', { method: 'PUT', body: { maxKw: 10 } }), 404, 'LOCATION_NOT_FOUND');
    // The failed writes changed nothing.
    expect((await p.api('/v1/locations/LOC-PLAIN/grid-limit')).body).toMatchObject({ maxKw: 100, phases: 1 });
    expect((await p.api('/v1/locations/LOC-PLAIN/grid-limit', { method: 'DELETE' })).status).toBe(204);
    expectError(await p.api('/v1/locations/LOC-PLAIN/grid-limit', { method: 'DELETE' }), 404, 'GRID_LIMIT_NOT_FOUND');
    expectError(await p.api('/v1/locations/LOC-PLAIN/grid-limit'), 404, 'GRID_LIMIT_NOT_FOUND');
    expectError(await p.api('/v1/locations/LOC-PLAIN/load'), 404, 'GRID_LIMIT_NOT_FOUND');
  });

  it("the location's CPO manages its limit; another operator, or an EMSP, does not even see the location", async () => {
    expect((await as('OP-SC', '/v1/locations/LOC-PLAIN/grid-limit', { method: 'PUT', body: { maxKw: 50 } })).status).toBe(200);
    expect((await as('OP-SC', '/v1/locations/LOC-PLAIN/load')).body).toMatchObject({ locationId: 'LOC-PLAIN', limit: { maxKw: 50 }, sessions: [], allocatedKw: 0, measuredKw: 0 });
    for (const who of ['OP-OTHER', 'OP-EMSP']) {
      expectError(await as(who, '/v1/locations/LOC-PLAIN/grid-limit'), 404, 'LOCATION_NOT_FOUND');
      expectError(await as(who, '/v1/locations/LOC-PLAIN/grid-limit', { method: 'PUT', body: { maxKw: 1 } }), 404, 'LOCATION_NOT_FOUND');
      expectError(await as(who, '/v1/locations/LOC-PLAIN/grid-limit', { method: 'DELETE' }), 404, 'LOCATION_NOT_FOUND');
      expectError(await as(who, '/v1/locations/LOC-PLAIN/load'), 404, 'LOCATION_NOT_FOUND');
    }
    expectError(await as('OP-SC', '/v1/locations/LOC-OTHER/grid-limit', { method: 'PUT', body: { maxKw: 1 } }), 404, 'LOCATION_NOT_FOUND');
    expect((await p.api('/v1/locations/LOC-PLAIN/grid-limit')).body).toMatchObject({ maxKw: 50 });
  });

  it("a station's own maximum is set at creation and changed or removed with PATCH", async () => {
    expect((await p.api(`/v1/stations/${dc.id}`)).body.maxPowerKw).toBe(200);
    expect((await p.api(`/v1/stations/${dc.id}`, { method: 'PATCH', body: { maxPowerKw: 150 } })).body.maxPowerKw).toBe(150);
    expect((await p.api(`/v1/stations/${dc.id}`, { method: 'PATCH', body: { maxPowerKw: null } })).body.maxPowerKw).toBeNull();
    expectError(await p.api(`/v1/stations/${dc.id}`, { method: 'PATCH', body: { maxPowerKw: 0 } }), 400, 'VALIDATION_FAILED', 'maxPowerKw');
  });

  it("a limited site's load shows each running session, its profile and its power; priority weights it", async () => {
    await stations[0]!.startSession({ evseId: 1, idTag: 'SC-DRIVER', evPowerW: 90_000 });
    await stations[1]!.startSession({ evseId: 1, idTag: 'SC-DRIVER', evPowerW: 90_000 });
    expect((await p.api('/v1/locations/LOC-SC/grid-limit', { method: 'PUT', body: { maxKw: 90 } })).status).toBe(200);
    const settled = async (want: (body: any) => boolean) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const r = await p.api('/v1/locations/LOC-SC/load');
        if (want(r.body) || Date.now() > deadline) return r.body;
        await sleep(100);
      }
    };
    const inForce = (body: any) => body.sessions.length === 2 && body.sessions.every((s: any) => s.profile?.status === 'accepted' && s.profile.acceptedKw === s.allocatedKw);
    let load = await settled(inForce);
    expect(load.sessions.map((s: any) => [s.stationId, s.evseId, s.allocatedKw, s.limitedBy, s.priority])).toEqual([
      [dc.id, 1, 45, 'share', 1],
      [dc16.id, 1, 45, 'share', 1],
    ]);
    expect(load).toMatchObject({ allocatedKw: 90, committedKw: 90, limit: { maxKw: 90 } });
    sessionId = load.sessions[0].sessionId;
    session16Id = load.sessions[1].sessionId;
    // The stations cap their power by the profiles; their meter values show it.
    for (const s of stations) await s.sendMeterValues(s.activeSessions[0]!);
    load = await settled((b) => b.sessions.every((s: any) => s.measuredKw !== null));
    expect(load.sessions.map((s: any) => s.measuredKw)).toEqual([45, 45]);
    expect(load.measuredKw).toBe(90);
    expect(load.stations.map((s: any) => s.stationId).sort()).toEqual([dc.id, dc16.id].sort());

    expect((await p.api(`/v1/sessions/${sessionId}/priority`, { method: 'PUT', body: { priority: 2 } })).body).toEqual({ sessionId, priority: 2 });
    load = await settled((b) => inForce(b) && b.sessions[0].allocatedKw === 60);
    expect(load.sessions.map((s: any) => [s.allocatedKw, s.priority])).toEqual([[60, 2], [30, 1]]);
    expectError(await p.api(`/v1/sessions/${sessionId}/priority`, { method: 'PUT', body: { priority: 11 } }), 400, 'VALIDATION_FAILED', 'priority');
    expectError(await as('OP-OTHER', `/v1/sessions/${sessionId}/priority`, { method: 'PUT', body: { priority: 1 } }), 409, 'SESSION_NOT_ACTIVE');
    expectError(await p.api('/v1/sessions/NO-SUCH/priority', { method: 'PUT', body: { priority: 1 } }), 409, 'SESSION_NOT_ACTIVE');
  });

  it('set-charging-profile, get-composite-schedule and clear-charging-profile through /v1/commands, checked before they are queued', async () => {
    const send = (kind: string, body: Record<string, unknown>, who?: string) => (who ? as(who, `/v1/commands/${kind}`, { body }) : p.api(`/v1/commands/${kind}`, { body }));
    const maxProfile = { id: 900, stackLevel: 0, purpose: 'ChargingStationMaxProfile', kind: 'Absolute', schedule: { rateUnit: 'W', startSchedule: new Date(Date.now() - 60_000).toISOString(), periods: [{ startPeriod: 0, limit: 40_000 }] } };
    const set = await send('set-charging-profile', { stationId: dc.id, evseId: 0, chargingProfile: maxProfile }, 'OP-SC');
    expect(set.status, JSON.stringify(set.body)).toBe(202);
    expect(await settleCommand((path) => as('OP-SC', path), set.body.id)).toMatchObject({ status: 'accepted', response: { status: 'Accepted' } });
    // The station caps its session at once.
    expect(stations[0]!.limitW(1)).toBe(40_000);
    const composite = await send('get-composite-schedule', { stationId: dc.id, evseId: 1, duration: 600 });
    expect(await settleCommand((path) => p.api(path), composite.body.id)).toMatchObject({
      status: 'accepted',
      response: { status: 'Accepted', schedule: { evseId: 1, duration: 600, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 40_000 }] } },
    });
    const composite16 = await send('get-composite-schedule', { stationId: dc16.id, evseId: 1, duration: 600, chargingRateUnit: 'W' });
    expect(await settleCommand((path) => p.api(path), composite16.body.id)).toMatchObject({ status: 'accepted', response: { status: 'Accepted', connectorId: 1 } });
    const clear = await send('clear-charging-profile', { stationId: dc.id, chargingProfileId: 900 });
    expect(await settleCommand((path) => p.api(path), clear.body.id)).toMatchObject({ status: 'accepted' });
    expect(stations[0]!.limitW(1)).toBeGreaterThan(40_000);
    // Nothing left to clear: the station says Unknown, a rejection.
    const again = await send('clear-charging-profile', { stationId: dc.id, chargingProfileId: 900 });
    expect(await settleCommand((path) => p.api(path), again.body.id)).toMatchObject({ status: 'rejected', response: { status: 'Unknown' } });

    // A TxProfile for a running session, 1.6: the station gets the integer transactionId it knows.
    const tx = { id: 901, stackLevel: 5, purpose: 'TxProfile', kind: 'Relative', schedule: { rateUnit: 'W', periods: [{ startPeriod: 0, limit: 20_000 }] } };
    const txCmd = await send('set-charging-profile', { stationId: dc16.id, evseId: 1, sessionId: session16Id, chargingProfile: tx });
    expect(txCmd.status, JSON.stringify(txCmd.body)).toBe(202);
    expect(await settleCommand((path) => p.api(path), txCmd.body.id)).toMatchObject({ status: 'accepted' });
    expect(stations[1]!.limitW(1)).toBe(20_000);

    // A TxProfile without a session is sent as given, for the transaction running on that EVSE (a
    // station rejects it where none runs: TC_K_02 in the conformance suite).
    const loose = await send('set-charging-profile', { stationId: dc16.id, evseId: 1, chargingProfile: tx });
    expect(loose.status, JSON.stringify(loose.body)).toBe(202);
    expect(await settleCommand((path) => p.api(path), loose.body.id)).toMatchObject({ status: 'accepted', response: { status: 'Accepted' } });

    // Refused before anything is stored.
    expectError(await send('set-charging-profile', { stationId: dc.id, evseId: 1 }), 400, 'VALIDATION_FAILED', 'chargingProfile');
    expectError(await send('set-charging-profile', { stationId: dc.id, evseId: 0, sessionId, chargingProfile: tx }), 400, 'VALIDATION_FAILED', 'evseId');
    expectError(await send('set-charging-profile', { stationId: dc.id, evseId: 1, chargingProfile: maxProfile }), 400, 'VALIDATION_FAILED', 'evseId');
    expectError(await send('set-charging-profile', { stationId: dc.id, evseId: 1, sessionId: session16Id, chargingProfile: tx }), 409, 'SESSION_NOT_ACTIVE', 'sessionId');
    const badPeriods = { ...tx, schedule: { rateUnit: 'W', periods: [{ startPeriod: 10, limit: 1 }] } };
    expectError(await send('set-charging-profile', { stationId: dc.id, evseId: 1, sessionId, chargingProfile: badPeriods }), 400, 'VALIDATION_FAILED', 'chargingProfile.schedule.periods');
    const badStep = { ...tx, schedule: { rateUnit: 'A', periods: [{ startPeriod: 0, limit: 16.05 }] } };
    expectError(await send('set-charging-profile', { stationId: dc.id, evseId: 1, sessionId, chargingProfile: badStep }), 400, 'VALIDATION_FAILED', 'chargingProfile.schedule.periods');
    expectError(await send('set-charging-profile', { stationId: dc.id, evseId: 7, chargingProfile: maxProfile }), 404, 'CONNECTOR_NOT_FOUND', 'evseId');
    expectError(await send('get-composite-schedule', { stationId: dc.id, evseId: 1 }), 400, 'VALIDATION_FAILED', 'duration');
    // start carries a TxProfile for the transaction it starts, and nothing else.
    const start = (chargingProfile: Record<string, unknown>) => send('start', { stationId: dc.id, evseId: 1, idToken: 'SC-DRIVER', chargingProfile });
    expectError(await start(maxProfile), 400, 'VALIDATION_FAILED', 'chargingProfile.purpose');
    expectError(await start({ ...tx, purpose: 'TxDefaultProfile' }), 400, 'VALIDATION_FAILED', 'chargingProfile.purpose');
    expectError(await start({ ...tx, transactionId: '42' }), 400, 'VALIDATION_FAILED', 'chargingProfile.transactionId');
    expectError(await start(badPeriods), 400, 'VALIDATION_FAILED', 'chargingProfile.schedule.periods');
    // Only the admin and the station's CPO.
    expectError(await send('clear-charging-profile', { stationId: dc.id }, 'OP-EMSP'), 403, 'FORBIDDEN');
    expectError(await send('clear-charging-profile', { stationId: dc.id }, 'OP-OTHER'), 404, 'STATION_NOT_FOUND');
  });

  it('removing the limit clears the profiles the platform sent there', async () => {
    expect((await p.api('/v1/locations/LOC-SC/grid-limit', { method: 'DELETE' })).status).toBe(204);
    const deadline = Date.now() + 15_000;
    while (stations[0]!.chargingProfiles.all.some((x) => x.purpose === 'TxProfile' && x.stackLevel === 1) && Date.now() < deadline) await sleep(100);
    expect(stations[0]!.chargingProfiles.all.filter((x) => x.purpose === 'TxProfile' && x.stackLevel === 1)).toEqual([]);
    expect(stations[0]!.limitW(1)).toBe(Infinity);
    // The operator's own TxProfile (stack level 5) is not the platform's to clear.
    expect(stations[1]!.limitW(1)).toBe(20_000);
  });
});
