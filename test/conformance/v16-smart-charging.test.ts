/** OCTT OCPP 1.6 CSMS cases, Smart Charging profile (3.19): profiles set, read and cleared through the operator's API. */
import { describe, expect } from 'vitest';
import { conformanceSuite, eventually, octtCase, TOKENS } from './support/harness.js';

const c = conformanceSuite('1.6');
const now = () => new Date().toISOString();
const profile = (id: number, purpose: string, limit = 16) => ({ id, stackLevel: 0, purpose, kind: 'Absolute', schedule: { rateUnit: 'A', startSchedule: now(), duration: 3600, periods: [{ startPeriod: 0, limit }] } });

describe('OCPP 1.6 Smart Charging (OCTT 3.19)', () => {
  octtCase('TC_056_CSMS', 'Central Smart Charging - TxDefaultProfile', async () => {
    const s = await c.station('TC_056_CSMS');
    s.answer('SetChargingProfile', { status: 'Accepted' });
    const cmd = await c.command('set-charging-profile', { stationId: s.id, evseId: 1, chargingProfile: profile(56, 'TxDefaultProfile', 10) });
    const req = await s.received('SetChargingProfile');
    expect(req).toMatchObject({ connectorId: 1, csChargingProfiles: { chargingProfileId: 56, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] } } });
    expect(req.csChargingProfiles.transactionId).toBeUndefined();
    expect((await c.settled(cmd)).status).toBe('accepted');
  });

  octtCase('TC_057_CSMS', 'Central Smart Charging - TxProfile', async () => {
    const s = await c.station('TC_057_CSMS');
    await s.status(1, 'Preparing');
    const started = await s.send('StartTransaction', { connectorId: 1, idTag: TOKENS.valid, meterStart: 0, timestamp: now() });
    await s.status(1, 'Charging');
    const session = (await eventually(() => c.sessions(s.id), (x) => x.length > 0))[0];
    s.answer('SetChargingProfile', { status: 'Accepted' });
    const cmd = await c.command('set-charging-profile', { stationId: s.id, evseId: 1, sessionId: session.id, chargingProfile: profile(57, 'TxProfile', 8) });
    expect(await s.received('SetChargingProfile')).toMatchObject({ connectorId: 1, csChargingProfiles: { chargingProfileId: 57, transactionId: started.transactionId, chargingProfilePurpose: 'TxProfile' } });
    expect((await c.settled(cmd)).status).toBe('accepted');
  });

  octtCase('TC_066_CSMS', 'Get Composite Schedule', async () => {
    const s = await c.station('TC_066_CSMS');
    const schedule = { duration: 300, startSchedule: now(), chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] };
    s.answer('GetCompositeSchedule', { status: 'Accepted', connectorId: 1, scheduleStart: now(), chargingSchedule: schedule });
    const cmd = await c.command('get-composite-schedule', { stationId: s.id, evseId: 1, duration: 300, chargingRateUnit: 'A' });
    expect(await s.received('GetCompositeSchedule')).toEqual({ connectorId: 1, duration: 300, chargingRateUnit: 'A' });
    expect(await c.settled(cmd)).toMatchObject({ status: 'accepted', response: { chargingSchedule: { chargingSchedulePeriod: [{ limit: 16 }] } } });
  });

  octtCase('TC_067_CSMS', 'Clear Charging Profile', async () => {
    const s = await c.station('TC_067_CSMS');
    s.answer('ClearChargingProfile', { status: 'Accepted' });
    const cmd = await c.command('clear-charging-profile', { stationId: s.id, chargingProfileId: 56 });
    expect(await s.received('ClearChargingProfile')).toEqual({ id: 56 });
    expect((await c.settled(cmd)).status).toBe('accepted');
  });

  octtCase('TC_059_CSMS', 'Remote Start Transaction with Charging Profile', async () => {
    const s = await c.station('TC_059_CSMS');
    s.answer('RemoteStartTransaction', { status: 'Accepted' });
    const cmd = await c.command('start', { stationId: s.id, evseId: 1, idToken: TOKENS.valid, chargingProfile: profile(59, 'TxProfile', 12) });
    expect(await s.received('RemoteStartTransaction')).toMatchObject({ connectorId: 1, idTag: TOKENS.valid, chargingProfile: { chargingProfileId: 59, chargingProfilePurpose: 'TxProfile' } });
    expect((await c.settled(cmd)).status).toBe('accepted');
  });
});
