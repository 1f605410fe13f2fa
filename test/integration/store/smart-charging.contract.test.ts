import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlSmartChargingRepository } from '../../../src/adapters/prisma/smart-charging.repository.js';
import { domainEvent } from '../../../src/domain/events/index.js';
import { normaliseSample, type RawSampledValue } from '../../../src/domain/sessions/index.js';
import type { SessionLoad } from '../../../src/domain/smart-charging/index.js';
import { storeFixture } from '../../helpers/store-fixture.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const t = (s: string) => new Date(s);
let seq = 0;
const event = (locationId = 'LOC-1') => domainEvent('grid-limit.changed', `test:${++seq}`, locationId, { locationId, maxPowerW: 1 }, t('2026-03-01T08:00:00Z'));
const limitEvent = (stationId: string) => domainEvent('charging-limit.changed', `test:${++seq}`, stationId, { stationId, evseNo: 0, source: 'EMS', limitW: null }, t('2026-03-01T08:00:00Z'));
const samples = (at: string, values: RawSampledValue[]) => values.map((v) => normaliseSample(v, t(at))!);

describe.each(STORE_TARGETS)('smart charging on $name', (target) => {
  let fx: ReturnType<typeof storeFixture>;
  let repo: SqlSmartChargingRepository;
  let dispose: () => Promise<void>;
  const session: Record<string, string> = {};
  const outbox = async (kind: string) =>
    (await fx.db.sql.query<{ payload: unknown }>('SELECT payload FROM outbox_events WHERE kind = $1 ORDER BY id', [kind])).map((r) => r.payload);

  /** A 2.0.1 transaction on an EVSE, started at `at`, with optional readings. */
  const start = async (stationId: string, evseNo: number, txId: string, at: string, readings: RawSampledValue[] = []) => {
    const r = await fx.sessions.transactionEvent({
      stationId, operatorId: 'OP-A', city: 'Changsha', transactionId: txId, eventType: 'Started', seqNo: 0, timestamp: t(at), triggerReason: 'Authorized',
      offline: false, evseNo, connectorNo: 1, idToken: 'TOK-OK', samples: samples(at, readings),
    });
    session[txId] = r.session!.id;
    return r.session!;
  };
  const update = (stationId: string, txId: string, seqNo: number, at: string, readings: RawSampledValue[], eventType: 'Updated' | 'Ended' = 'Updated') =>
    fx.sessions.transactionEvent({
      stationId, operatorId: 'OP-A', city: 'Changsha', transactionId: txId, eventType, seqNo, timestamp: t(at), triggerReason: eventType === 'Ended' ? 'StopAuthorized' : 'MeterValuePeriodic',
      offline: false, samples: samples(at, readings),
    });

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    fx = storeFixture(opened.db);
    repo = new SqlSmartChargingRepository(opened.db.sql);
    await fx.seedBasics();
    await fx.catalog.createLocation({ id: 'LOC-2', operatorId: 'OP-A', name: 'Other', city: 'Changsha', district: null, address: 'Road 2', lat: 28.2, lng: 112.9, timeZone: 'Asia/Shanghai' });
    await fx.catalog.createStation({
      id: 'DC-1', operatorId: 'OP-A', locationId: 'LOC-1', password: 'Xq7-kP2_zR9mW4tY', maxPowerKw: 150,
      evses: [1, 2].map((evseId) => ({ evseId, connectors: [{ connectorId: 1, standard: 'GBT_DC' as const, maxPowerKw: 120 }] })),
    });
    await fx.catalog.createStation({ id: 'AC-1', operatorId: 'OP-A', locationId: 'LOC-1', password: 'Xq7-kP2_zR9mW4tY', evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7 }] }] });
    await fx.catalog.createStation({ id: 'ELSEWHERE', operatorId: 'OP-A', locationId: 'LOC-2', password: 'Xq7-kP2_zR9mW4tY' });
  });
  afterAll(() => dispose());

  it('a grid limit is set, replaced and removed, each with its event; unknown locations have none', async () => {
    expect(await repo.locationOperator('LOC-1')).toBe('OP-A');
    expect(await repo.locationOperator('NOPE')).toBeNull();
    expect(await repo.gridLimit('LOC-1')).toBeNull();
    expect(await repo.siteLoad('LOC-1')).toBeNull();
    expect(await repo.setGridLimit({ locationId: 'LOC-1', maxPowerW: 300_000, phases: 3 }, event())).toMatchObject({ locationId: 'LOC-1', maxPowerW: 300_000, phases: 3 });
    expect(await repo.setGridLimit({ locationId: 'LOC-1', maxPowerW: 200_000, phases: 1 }, event())).toMatchObject({ maxPowerW: 200_000, phases: 1 });
    expect(await repo.gridLimit('LOC-1')).toMatchObject({ maxPowerW: 200_000, phases: 1 });
    expect(await repo.deleteGridLimit('LOC-1', event())).toBe(true);
    expect(await repo.deleteGridLimit('LOC-1', event())).toBe(false);
    expect(await repo.gridLimit('LOC-1')).toBeNull();
    // Three writes that changed something, three events.
    expect(await outbox('grid-limit.changed')).toHaveLength(3);
    await repo.setGridLimit({ locationId: 'LOC-1', maxPowerW: 300_000, phases: 3 }, event());
  });

  it('only stations at a limited site are managed', async () => {
    expect(await repo.managedLocations(['DC-1', 'AC-1', 'ELSEWHERE', 'GHOST'])).toEqual(new Map([['DC-1', 'LOC-1'], ['AC-1', 'LOC-1']]));
    expect(await repo.managedLocations([])).toEqual(new Map());
  });

  it("a site's load: running sessions in start order with EVSE maximum, AC or DC, station maximum, priority 1, no profile", async () => {
    await start('DC-1', 1, 'tx-a', '2026-03-01T08:00:00Z');
    await start('AC-1', 1, 'tx-b', '2026-03-01T08:01:00Z');
    await start('DC-1', 2, 'tx-c', '2026-03-01T08:02:00Z');
    await start('ELSEWHERE', 1, 'tx-x', '2026-03-01T08:00:00Z');
    const site = (await repo.siteLoad('LOC-1'))!;
    expect(site).toMatchObject({ locationId: 'LOC-1', operatorId: 'OP-A', limit: { maxPowerW: 300_000, phases: 3 } });
    expect(site.stations).toEqual([
      { stationId: 'AC-1', maxW: null, reportedLimitW: null, evses: 1, ac: true, evseMaxW: 7_000, defaultProfile: null },
      { stationId: 'DC-1', maxW: 150_000, reportedLimitW: null, evses: 2, ac: false, evseMaxW: 120_000, defaultProfile: null },
      { stationId: 'ST-1', maxW: null, reportedLimitW: null, evses: 0, ac: false, evseMaxW: null, defaultProfile: null },
    ]);
    expect(site.sessions.map((s) => [s.transactionId, s.stationId, s.evseNo, s.evseMaxW, s.ac, s.priority, s.ocppVersion])).toEqual([
      ['tx-a', 'DC-1', 1, 120_000, false, 1, '2.0.1'],
      ['tx-b', 'AC-1', 1, 7_000, true, 1, '2.0.1'],
      ['tx-c', 'DC-1', 2, 120_000, false, 1, '2.0.1'],
    ]);
    const a = site.sessions[0]!;
    expect(a.profile).toEqual({ sentW: null, commandId: null, status: null, sentAt: null, acceptedW: null, answeredAt: null, readingAtAnswer: null });
    expect(a.measuredW).toBeNull();
    // Each session has its own profile id.
    expect(new Set(site.sessions.map((s) => s.profileId)).size).toBe(3);
  });

  it('measured power: the Power.Active.Import total, else the sum of its phases, else from the last two register readings', async () => {
    await update('DC-1', 'tx-a', 1, '2026-03-01T08:05:00Z', [{ value: 61_000, measurand: 'Power.Active.Import', unit: 'W' }, { value: 20, measurand: 'Power.Active.Import', unit: 'kW', phase: 'L1' }]);
    await update('DC-1', 'tx-a', 2, '2026-03-01T08:06:00Z', [{ value: 55.5, measurand: 'Power.Active.Import', unit: 'kW' }]);
    await update('AC-1', 'tx-b', 1, '2026-03-01T08:05:00Z', ['L1', 'L2', 'L3'].map((phase) => ({ value: 2_000, measurand: 'Power.Active.Import', unit: 'W', phase })));
    await update('DC-1', 'tx-c', 1, '2026-03-01T08:03:00Z', [{ value: 10_000, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }]);
    await update('DC-1', 'tx-c', 2, '2026-03-01T08:09:00Z', [{ value: 14_000, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }]);
    const byTx = Object.fromEntries((await repo.siteLoad('LOC-1'))!.sessions.map((s) => [s.transactionId, s]));
    expect([byTx['tx-a']!.measuredW, byTx['tx-a']!.measuredAt]).toEqual([55_500, t('2026-03-01T08:06:00Z')]);
    expect([byTx['tx-b']!.measuredW, byTx['tx-b']!.measuredAt]).toEqual([6_000, t('2026-03-01T08:05:00Z')]);
    // 4 kWh in 6 minutes: 40 kW, timed at the first of the two readings.
    expect([byTx['tx-c']!.measuredW, byTx['tx-c']!.measuredAt]).toEqual([40_000, t('2026-03-01T08:03:00Z')]);
  });

  it('targets, a profile sent and its answer (once, and only for the current command), priority', async () => {
    const a = session['tx-a']!;
    await repo.recordTargets([{ sessionId: a, targetW: 100_000 }]);
    await repo.profileSent(a, { commandId: 'CMD-1', limitW: 100_000, at: t('2026-03-01T08:10:00Z') });
    await repo.profileSent(a, { commandId: 'CMD-2', limitW: 90_000, at: t('2026-03-01T08:10:01Z') });
    // The first command is no longer the session's profile: its answer changes nothing.
    expect(await repo.profileAnswered('CMD-1', 'accepted', t('2026-03-01T08:10:02Z'))).toBeNull();
    const pending = (await repo.siteLoad('LOC-1'))!.sessions.find((s) => s.sessionId === a)!;
    expect(pending.profile).toMatchObject({ sentW: 90_000, commandId: 'CMD-2', status: 'pending', acceptedW: null });
    expect(await repo.profileAnswered('CMD-2', 'accepted', t('2026-03-01T08:10:03Z'))).toEqual({ stationId: 'DC-1' });
    expect(await repo.profileAnswered('CMD-2', 'accepted', t('2026-03-01T08:10:04Z'))).toBeNull();
    const b = session['tx-b']!;
    await repo.profileSent(b, { commandId: 'CMD-3', limitW: 6_996, at: t('2026-03-01T08:10:00Z') });
    await repo.profileAnswered('CMD-3', 'rejected', t('2026-03-01T08:10:05Z'));
    await repo.setPriority(a, 3, domainEvent('session.priority-changed', `p:${++seq}`, a, { sessionId: a, stationId: 'DC-1', priority: 3 }, t('2026-03-01T08:11:00Z')));
    const site = (await repo.siteLoad('LOC-1'))!;
    const byId = (id: string): SessionLoad => site.sessions.find((s) => s.sessionId === id)!;
    expect(byId(a)).toMatchObject({ priority: 3, profile: { sentW: 90_000, status: 'accepted', acceptedW: 90_000, answeredAt: t('2026-03-01T08:10:03Z') } });
    // A refused profile leaves nothing in force.
    expect(byId(b).profile).toMatchObject({ sentW: 6_996, status: 'rejected', acceptedW: null });
    expect(await outbox('session.priority-changed')).toEqual([{ sessionId: a, stationId: 'DC-1', priority: 3 }]);
    expect(await repo.runningSession(a)).toEqual({ stationId: 'DC-1', operatorId: 'OP-A', evseNo: 1 });
    expect(await repo.runningSession('GHOST')).toBeNull();
    expect((await repo.profiledSessions('LOC-1')).map((s) => s.sessionId).sort()).toEqual([a, b].sort());
  });

  it("a raised limit marks the readings so far as taken under the old one; a lowered one keeps the mark", async () => {
    const a = session['tx-a']!;
    const mark = async () => (await repo.siteLoad('LOC-1'))!.sessions.find((s) => s.sessionId === a)!.profile.readingAtAnswer;
    // The first accepted profile (90 kW, see above) lowered an unlimited session: no mark.
    expect(await mark()).toBeNull();
    await repo.profileSent(a, { commandId: 'CMD-UP', limitW: 95_000, at: t('2026-03-01T08:12:00Z') });
    await repo.profileAnswered('CMD-UP', 'accepted', t('2026-03-01T08:12:01Z'));
    // Its latest reading then: the power reading of 08:06.
    expect(await mark()).toEqual(t('2026-03-01T08:06:00Z'));
    await update('DC-1', 'tx-a', 3, '2026-03-01T08:13:00Z', [{ value: 90_000, measurand: 'Power.Active.Import', unit: 'W' }]);
    await repo.profileSent(a, { commandId: 'CMD-DOWN', limitW: 80_000, at: t('2026-03-01T08:14:00Z') });
    await repo.profileAnswered('CMD-DOWN', 'accepted', t('2026-03-01T08:14:01Z'));
    expect(await mark()).toEqual(t('2026-03-01T08:06:00Z'));
  });

  it("a station's default profile: sent, answered once, in force; listed and dropped when the site is no longer limited", async () => {
    await repo.defaultSent('DC-1', { commandId: 'DEF-1', limitW: 75_000 });
    await repo.defaultSent('AC-1', { commandId: 'DEF-2', limitW: 6_996 });
    expect(await repo.profileAnswered('DEF-1', 'accepted', t('2026-03-01T08:15:00Z'))).toEqual({ stationId: 'DC-1' });
    expect(await repo.profileAnswered('DEF-1', 'accepted', t('2026-03-01T08:15:01Z'))).toBeNull();
    await repo.profileAnswered('DEF-2', 'timed-out', t('2026-03-01T08:15:02Z'));
    const byId = Object.fromEntries((await repo.siteLoad('LOC-1'))!.stations.map((s) => [s.stationId, s.defaultProfile]));
    expect(byId['DC-1']).toEqual({ sentW: 75_000, commandId: 'DEF-1', status: 'accepted', acceptedW: 75_000, answeredAt: t('2026-03-01T08:15:00Z') });
    expect(byId['AC-1']).toMatchObject({ sentW: 6_996, status: 'timed-out', acceptedW: null });
    // A newer one replaces it, pending again, the one in force kept until answered.
    await repo.defaultSent('DC-1', { commandId: 'DEF-3', limitW: 50_000 });
    expect((await repo.siteLoad('LOC-1'))!.stations.find((s) => s.stationId === 'DC-1')!.defaultProfile).toMatchObject({ sentW: 50_000, status: 'pending', acceptedW: 75_000 });
    expect(await repo.defaultedStations('LOC-1')).toEqual(['AC-1', 'DC-1']);
    expect(await repo.defaultedStations('LOC-2')).toEqual([]);
    await repo.forgetDefaults(['AC-1', 'DC-1']);
    expect(await repo.defaultedStations('LOC-1')).toEqual([]);
  });

  it('limits a station reports: per EVSE and source, the latest wins, the lowest caps; cleared per EVSE or everywhere', async () => {
    const at = t('2026-03-01T08:20:00Z');
    await repo.reportLimit({ stationId: 'DC-1', evseNo: 1, source: 'EMS', limitW: 70_000, gridCritical: false, reportedAt: at }, limitEvent('DC-1'));
    await repo.reportLimit({ stationId: 'DC-1', evseNo: 1, source: 'EMS', limitW: 50_000, gridCritical: true, reportedAt: at }, limitEvent('DC-1'));
    await repo.reportLimit({ stationId: 'DC-1', evseNo: 1, source: 'SO', limitW: 80_000, gridCritical: false, reportedAt: at }, limitEvent('DC-1'));
    await repo.reportLimit({ stationId: 'DC-1', evseNo: 0, source: 'SO', limitW: 100_000, gridCritical: false, reportedAt: at }, limitEvent('DC-1'));
    await repo.reportLimit({ stationId: 'DC-1', evseNo: 2, source: 'EMS', limitW: null, gridCritical: false, reportedAt: at }, limitEvent('DC-1'));
    let site = (await repo.siteLoad('LOC-1'))!;
    expect(site.stations.find((s) => s.stationId === 'DC-1')).toMatchObject({ stationId: 'DC-1', maxW: 150_000, reportedLimitW: 100_000 });
    expect(site.sessions.map((s) => [s.transactionId, s.reportedLimitW])).toEqual([['tx-a', 50_000], ['tx-b', null], ['tx-c', null]]);
    expect((await repo.reportedLimits(['DC-1'])).map((l) => [l.evseNo, l.source, l.limitW, l.gridCritical])).toEqual([
      [0, 'SO', 100_000, false], [1, 'EMS', 50_000, true], [1, 'SO', 80_000, false], [2, 'EMS', null, false],
    ]);
    expect(await repo.clearLimits('DC-1', 1, ['EMS'], limitEvent('DC-1'))).toBe(true);
    expect(await repo.clearLimits('DC-1', 1, ['EMS'], limitEvent('DC-1'))).toBe(false);
    site = (await repo.siteLoad('LOC-1'))!;
    expect(site.sessions[0]!.reportedLimitW).toBe(80_000);
    expect(await repo.clearLimits('DC-1', null, ['SO'], limitEvent('DC-1'))).toBe(true);
    expect((await repo.reportedLimits(['DC-1'])).map((l) => [l.evseNo, l.source])).toEqual([[2, 'EMS']]);
    // Five reports and two clears that removed something.
    expect(await outbox('charging-limit.changed')).toHaveLength(7);
  });

  it("an ended session leaves the sharing, with the EV needs its EVSE reported before; a later EV's needs stay", async () => {
    const c = session['tx-c']!;
    await repo.profileSent(c, { commandId: 'CMD-9', limitW: 50_000, at: t('2026-03-01T08:30:00Z') });
    await repo.reportLimit({ stationId: 'DC-1', evseNo: 2, source: 'EV', limitW: 45_000, gridCritical: false, reportedAt: new Date(Date.now() - 60_000) }, limitEvent('DC-1'));
    await update('DC-1', 'tx-c', 3, '2026-03-01T08:40:00Z', [{ value: 15_000, measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Transaction.End' }], 'Ended');
    await repo.forgetSessions([c]);
    expect((await repo.siteLoad('LOC-1'))!.sessions.map((s) => s.transactionId)).toEqual(['tx-a', 'tx-b']);
    expect((await repo.reportedLimits(['DC-1'])).map((l) => l.source)).toEqual(['EMS']);
    expect((await fx.db.sql.query('SELECT 1 FROM session_loads WHERE session_id = $1', [c])).length).toBe(0);
    // Needs reported after the end (the next EV on that EVSE) are not touched by a late repeat.
    await repo.reportLimit({ stationId: 'DC-1', evseNo: 2, source: 'EV', limitW: 30_000, gridCritical: false, reportedAt: new Date(Date.now() + 60_000) }, limitEvent('DC-1'));
    await repo.forgetSessions([c]);
    expect((await repo.reportedLimits(['DC-1'])).map((l) => [l.source, l.limitW])).toEqual([['EMS', null], ['EV', 30_000]]);
  });

  it('removing the limit leaves the site unmanaged; the profiled sessions can still be listed for clearing', async () => {
    await repo.deleteGridLimit('LOC-1', event());
    expect(await repo.siteLoad('LOC-1')).toBeNull();
    expect(await repo.managedLocations(['DC-1'])).toEqual(new Map());
    expect((await repo.profiledSessions('LOC-1')).length).toBe(2);
    await repo.forgetSessions((await repo.profiledSessions('LOC-1')).map((s) => s.sessionId));
    expect(await repo.profiledSessions('LOC-1')).toEqual([]);
  });
});
