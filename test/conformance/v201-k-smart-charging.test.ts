/** OCTT OCPP 2.0.1 CSMS cases, block K (Smart Charging): profiles from the operator's API, limits and EV needs from the station, load leveling at a limited site. */
import { describe, expect } from 'vitest';
import { conformanceSuite, eventually, notYet, octtCase, OPERATOR, TOKENS } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';
import { energy, idToken, Transaction201 } from './support/transaction-201.js';

const c = conformanceSuite('2.0.1');
const now = () => new Date().toISOString();
const profile = (id: number, purpose: string, o: { limit?: number; stackLevel?: number; kind?: string; recurrencyKind?: string } = {}) => ({
  id,
  stackLevel: o.stackLevel ?? 0,
  purpose,
  kind: o.kind ?? 'Absolute',
  ...(o.recurrencyKind ? { recurrencyKind: o.recurrencyKind } : {}),
  schedule: { rateUnit: 'W', startSchedule: now(), ...(o.kind === 'Recurring' ? { duration: 86_400 } : { duration: 3600 }), periods: [{ startPeriod: 0, limit: o.limit ?? 11_000 }] },
});

async function setProfile(s: OcttStation, body: Record<string, unknown>, answer: Record<string, unknown> | { callError: string } = { status: 'Accepted' }) {
  s.answer('SetChargingProfile', answer);
  const cmd = await c.command('set-charging-profile', { stationId: s.id, ...body });
  return { req: await s.received('SetChargingProfile'), cmd: await c.settled(cmd) };
}

async function clearProfile(s: OcttStation, body: Record<string, unknown>, status: string) {
  s.answer('ClearChargingProfile', { status });
  const cmd = await c.command('clear-charging-profile', { stationId: s.id, ...body });
  return { req: await s.received('ClearChargingProfile'), cmd: await c.settled(cmd) };
}

async function charging(s: OcttStation): Promise<{ tx: Transaction201; sessionId: string }> {
  const tx = new Transaction201(s);
  await s.status(1, 'Occupied');
  await tx.send('Started', 'Authorized', { chargingState: 'Charging' }, { ...idToken(TOKENS.valid), meterValue: [energy(0, 'Transaction.Begin')] });
  const sessionId = (await eventually(() => c.sessions(s.id), (x) => x.length > 0))[0].id as string;
  return { tx, sessionId };
}

const getProfiles = 'not in the platform: no command sends GetChargingProfiles (ReportChargingProfiles is answered when a station sends it)';
const dcNeeds = (evMaxPower: number) => ({ evseId: 1, chargingNeeds: { requestedEnergyTransfer: 'DC', dcChargingParameters: { evMaxCurrent: 200, evMaxVoltage: 500, evMaxPower } } });
const evChargingSchedule = (limit: number) => ({ evseId: 1, timeBase: now(), chargingSchedule: { id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit }] } });

/** The CSMS's next SetChargingProfile with a TxProfile (site profiles may come first). */
async function txProfileSent(s: OcttStation) {
  let sent = await s.received('SetChargingProfile');
  while (sent.chargingProfile.chargingProfilePurpose !== 'TxProfile') sent = await s.received('SetChargingProfile');
  return sent;
}

/** A station at a site with a 50 kW grid limit, charging an EV that told its needs (ISO 15118) and got a TxProfile within the limit. */
async function loadLeveled(id: string, locationId: string) {
  await c.p.api('/v1/locations', { body: { id: locationId, operatorId: OPERATOR, name: `${id} site`, city: 'Changsha', address: 'Grid road 1', lat: 28.2, lng: 112.9 } });
  expect((await c.p.api(`/v1/locations/${locationId}/grid-limit`, { method: 'PUT', body: { maxKw: 50 } })).status).toBe(200);
  const s = await c.station(id, { locationId });
  s.answer('SetChargingProfile', { status: 'Accepted' });
  const { tx, sessionId } = await charging(s);
  expect(await s.send('NotifyEVChargingNeeds', dcNeeds(100_000))).toMatchObject({ status: 'Accepted' });
  // The CSMS answers the needs with a TxProfile for the transaction, within the site's limit.
  const sent = await txProfileSent(s);
  expect(sent.chargingProfile.transactionId).toBe(tx.id);
  expect(sent.chargingProfile.chargingSchedule[0].chargingSchedulePeriod[0].limit).toBeLessThanOrEqual(50_000);
  return { s, tx, sessionId };
}

describe('OCPP 2.0.1 K. Smart Charging', () => {
  octtCase('TC_K_01_CSMS', 'Set Charging Profile - TxDefaultProfile - Specific EVSE', async () => {
    const s = await c.station('TC_K_01_CSMS');
    const { req, cmd } = await setProfile(s, { evseId: 1, chargingProfile: profile(101, 'TxDefaultProfile') });
    expect(req).toMatchObject({ evseId: 1, chargingProfile: { id: 101, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', chargingSchedule: [{ chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11_000 }] }] } });
    expect(req.chargingProfile.transactionId).toBeUndefined();
    expect(cmd.status).toBe('accepted');
  });

  octtCase('TC_K_02_CSMS', 'Set Charging Profile - TxProfile without ongoing transaction on the specified EVSE', async () => {
    const s = await c.station('TC_K_02_CSMS');
    const { req, cmd } = await setProfile(s, { evseId: 1, chargingProfile: profile(102, 'TxProfile') }, { status: 'Rejected' });
    expect(req.chargingProfile.chargingProfilePurpose).toBe('TxProfile');
    expect(cmd.status).toBe('rejected');
  });

  octtCase('TC_K_03_CSMS', 'Set Charging Profile - ChargingStationMaxProfile', async () => {
    const s = await c.station('TC_K_03_CSMS');
    const { req, cmd } = await setProfile(s, { evseId: 0, chargingProfile: profile(103, 'ChargingStationMaxProfile', { limit: 22_000 }) });
    expect(req).toMatchObject({ evseId: 0, chargingProfile: { id: 103, chargingProfilePurpose: 'ChargingStationMaxProfile' } });
    expect(cmd.status).toBe('accepted');
  });

  octtCase('TC_K_04_CSMS', 'Replace charging profile - With chargingProfileId', async () => {
    const s = await c.station('TC_K_04_CSMS');
    expect((await setProfile(s, { evseId: 1, chargingProfile: profile(104, 'TxDefaultProfile', { limit: 11_000 }) })).cmd.status).toBe('accepted');
    // The same id again: it replaces the first on the station.
    const { req, cmd } = await setProfile(s, { evseId: 1, chargingProfile: profile(104, 'TxDefaultProfile', { limit: 7_000 }) });
    expect(req.chargingProfile).toMatchObject({ id: 104, chargingSchedule: [{ chargingSchedulePeriod: [{ limit: 7_000 }] }] });
    expect(cmd.status).toBe('accepted');
  });

  octtCase('TC_K_05_CSMS', 'Clear Charging Profile - With chargingProfileId', async () => {
    const s = await c.station('TC_K_05_CSMS');
    await setProfile(s, { evseId: 1, chargingProfile: profile(105, 'TxDefaultProfile') });
    const { req, cmd } = await clearProfile(s, { chargingProfileId: 105 }, 'Accepted');
    expect(req).toEqual({ chargingProfileId: 105 });
    expect(cmd.status).toBe('accepted');
  });

  octtCase('TC_K_06_CSMS', 'Clear Charging Profile - With stackLevel/purpose combination for one profile', async () => {
    const s = await c.station('TC_K_06_CSMS');
    await setProfile(s, { evseId: 1, chargingProfile: profile(106, 'TxDefaultProfile', { stackLevel: 2 }) });
    const { req, cmd } = await clearProfile(s, { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 2 }, 'Accepted');
    expect(req).toEqual({ chargingProfileCriteria: { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 2 } });
    expect(cmd.status).toBe('accepted');
  });

  octtCase('TC_K_08_CSMS', 'Clear Charging Profile - Without previous charging profile', async () => {
    const s = await c.station('TC_K_08_CSMS');
    const { req, cmd } = await clearProfile(s, { chargingProfileId: 108 }, 'Unknown');
    expect(req).toEqual({ chargingProfileId: 108 });
    expect(cmd).toMatchObject({ status: 'rejected', response: { status: 'Unknown' } });
  });

  octtCase('TC_K_10_CSMS', 'Set Charging Profile - TxDefaultProfile - All EVSE', async () => {
    const s = await c.station('TC_K_10_CSMS', { connectors: 2 });
    const { req, cmd } = await setProfile(s, { evseId: 0, chargingProfile: profile(110, 'TxDefaultProfile') });
    expect(req).toMatchObject({ evseId: 0, chargingProfile: { id: 110, chargingProfilePurpose: 'TxDefaultProfile' } });
    expect(cmd.status).toBe('accepted');
  });

  octtCase('TC_K_15_CSMS', 'Set Charging Profile - Not Supported', async () => {
    const s = await c.station('TC_K_15_CSMS');
    // A station without smart charging answers with a CALLERROR.
    const { cmd } = await setProfile(s, { evseId: 1, chargingProfile: profile(115, 'TxDefaultProfile') }, { callError: 'NotSupported' });
    expect(['failed', 'rejected']).toContain(cmd.status);
    expect(JSON.stringify(cmd)).toContain('NotSupported');
  });

  octtCase('TC_K_19_CSMS', 'Set Charging Profile - ChargingProfileKind is Recurring', async () => {
    const s = await c.station('TC_K_19_CSMS');
    const { req, cmd } = await setProfile(s, { evseId: 1, chargingProfile: profile(119, 'TxDefaultProfile', { kind: 'Recurring', recurrencyKind: 'Daily' }) });
    expect(req.chargingProfile).toMatchObject({ chargingProfileKind: 'Recurring', recurrencyKind: 'Daily' });
    expect(req.chargingProfile.chargingSchedule[0].startSchedule).toBeTruthy();
    expect(cmd.status).toBe('accepted');
  });

  notYet('TC_K_29_CSMS', 'Get Charging Profile - EvseId 0', getProfiles);
  notYet('TC_K_30_CSMS', 'Get Charging Profile - EvseId > 0', getProfiles);
  notYet('TC_K_31_CSMS', 'Get Charging Profile - No EvseId', getProfiles);
  notYet('TC_K_32_CSMS', 'Get Charging Profile - chargingProfileId', getProfiles);
  notYet('TC_K_33_CSMS', 'Get Charging Profile - EvseId > 0 + stackLevel', getProfiles);
  notYet('TC_K_34_CSMS', 'Get Charging Profile - EvseId > 0 + chargingLimitSource', getProfiles);
  notYet('TC_K_35_CSMS', 'Get Charging Profile - EvseId > 0 + chargingProfilePurpose', getProfiles);
  notYet('TC_K_36_CSMS', 'Get Charging Profile - EvseId > 0 + chargingProfilePurpose + stackLevel', getProfiles);

  octtCase('TC_K_37_CSMS', 'Remote start transaction with charging profile - Success', async () => {
    const s = await c.station('TC_K_37_CSMS');
    s.answer('RequestStartTransaction', { status: 'Accepted' });
    const cmd = await c.command('start', { stationId: s.id, evseId: 1, idToken: TOKENS.valid, chargingProfile: profile(137, 'TxProfile') });
    expect(await s.received('RequestStartTransaction')).toMatchObject({ chargingProfile: { id: 137, chargingProfilePurpose: 'TxProfile' } });
    expect((await c.settled(cmd)).status).toBe('accepted');
  });

  for (const [id, title, evseId] of [['TC_K_43_CSMS', 'Specific EVSE', 1], ['TC_K_44_CSMS', 'Charging Station', 0]] as const) {
    octtCase(id, `Get Composite Schedule - ${title}`, async () => {
      const s = await c.station(id);
      const schedule = { evseId, duration: 600, scheduleStart: now(), chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11_000 }] };
      s.answer('GetCompositeSchedule', { status: 'Accepted', schedule });
      const cmd = await c.command('get-composite-schedule', { stationId: s.id, evseId, duration: 600, chargingRateUnit: 'W' });
      expect(await s.received('GetCompositeSchedule')).toEqual({ evseId, duration: 600, chargingRateUnit: 'W' });
      expect(await c.settled(cmd)).toMatchObject({ status: 'accepted', response: { schedule: { evseId, chargingSchedulePeriod: [{ limit: 11_000 }] } } });
    });
  }

  octtCase('TC_K_48_CSMS', 'Set / Update External Charging Limit (not on a transaction)', async () => {
    const s = await c.station('TC_K_48_CSMS');
    const limit = { chargingLimit: { chargingLimitSource: 'EMS', isGridCritical: false }, evseId: 1, chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6_000 }] }] };
    expect(await s.send('NotifyChargingLimit', limit)).toEqual({});
    // Updated by the EMS.
    expect(await s.send('NotifyChargingLimit', { ...limit, chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 4_000 }] }] })).toEqual({});
  });

  octtCase('TC_K_50_CSMS', 'Reset / release external charging limit - Without ongoing transaction', async () => {
    const s = await c.station('TC_K_50_CSMS');
    await s.send('NotifyChargingLimit', { chargingLimit: { chargingLimitSource: 'EMS' }, evseId: 1, chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6_000 }] }] });
    expect(await s.send('ClearedChargingLimit', { chargingLimitSource: 'EMS', evseId: 1 })).toEqual({});
  });

  octtCase('TC_K_51_CSMS', 'Reset / release external charging limit - With ongoing transaction', async () => {
    const s = await c.station('TC_K_51_CSMS');
    const { tx } = await charging(s);
    await s.send('NotifyChargingLimit', { chargingLimit: { chargingLimitSource: 'EMS' }, evseId: 1, chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6_000 }] }] });
    expect(await s.send('ClearedChargingLimit', { chargingLimitSource: 'EMS', evseId: 1 })).toEqual({});
    expect(await tx.send('Updated', 'ChargingRateChanged', { chargingState: 'Charging' })).toEqual({});
  });

  notYet('TC_K_52_CSMS', 'Set / Update External Charging Limit - ChargingStationExternalConstraints in report', getProfiles);

  octtCase('TC_K_53_CSMS', 'Charging with load leveling based on High Level Communication - Success', async () => {
    const { s } = await loadLeveled('TC_K_53_CSMS', 'LOC-K53');
    expect(await s.send('NotifyEVChargingSchedule', evChargingSchedule(40_000))).toMatchObject({ status: 'Accepted' });
  });

  octtCase('TC_K_55_CSMS', 'Charging with load leveling - EV charging profile exceeds limits', async () => {
    const { s } = await loadLeveled('TC_K_55_CSMS', 'LOC-K55');
    // Above the site's 50 kW: still Accepted, the platform re-balances on its own.
    expect(await s.send('NotifyEVChargingSchedule', evChargingSchedule(90_000))).toMatchObject({ status: 'Accepted' });
  });

  octtCase('TC_K_57_CSMS', 'Renegotiating a Charging Schedule - Initiated by EV', async () => {
    const { s, tx } = await loadLeveled('TC_K_57_CSMS', 'LOC-K57');
    expect(await s.send('NotifyEVChargingSchedule', evChargingSchedule(40_000))).toMatchObject({ status: 'Accepted' });
    // The EV renegotiates: new needs, a new TxProfile, a new schedule.
    expect(await s.send('NotifyEVChargingNeeds', dcNeeds(30_000))).toMatchObject({ status: 'Accepted' });
    const sent = await txProfileSent(s);
    expect(sent.chargingProfile.transactionId).toBe(tx.id);
    expect(sent.chargingProfile.chargingSchedule[0].chargingSchedulePeriod[0].limit).toBeLessThanOrEqual(50_000);
    expect(await s.send('NotifyEVChargingSchedule', evChargingSchedule(30_000))).toMatchObject({ status: 'Accepted' });
  });

  for (const [id, location, withNeeds] of [['TC_K_58_CSMS', 'LOC-K58', false], ['TC_K_59_CSMS', 'LOC-K59', true]] as const) {
    octtCase(id, `Renegotiating a Charging Schedule - Initiated by CSMS${withNeeds ? ' - Send NotifyEVChargingNeeds' : ''}`, async () => {
      const { s, tx, sessionId } = await loadLeveled(id, location);
      expect(await s.send('NotifyEVChargingSchedule', evChargingSchedule(40_000))).toMatchObject({ status: 'Accepted' });
      // The CSMS renegotiates with a new TxProfile for the transaction.
      const { req, cmd } = await setProfile(s, { evseId: 1, sessionId, chargingProfile: profile(158, 'TxProfile', { limit: 20_000 }) });
      expect(req.chargingProfile).toMatchObject({ chargingProfilePurpose: 'TxProfile', transactionId: tx.id });
      expect(cmd.status).toBe('accepted');
      if (withNeeds) expect(await s.send('NotifyEVChargingNeeds', dcNeeds(20_000))).toMatchObject({ status: 'Accepted' });
      expect(await s.send('NotifyEVChargingSchedule', evChargingSchedule(20_000))).toMatchObject({ status: 'Accepted' });
    });
  }

  octtCase('TC_K_60_CSMS', 'Set Charging Profile - TxProfile with ongoing transaction on the specified EVSE', async () => {
    const s = await c.station('TC_K_60_CSMS');
    const { tx, sessionId } = await charging(s);
    const { req, cmd } = await setProfile(s, { evseId: 1, sessionId, chargingProfile: profile(160, 'TxProfile', { limit: 7_400 }) });
    expect(req).toMatchObject({ evseId: 1, chargingProfile: { id: 160, chargingProfilePurpose: 'TxProfile', transactionId: tx.id } });
    expect(cmd.status).toBe('accepted');
  });

  octtCase('TC_K_70_CSMS', 'Set Charging Profile - Multiple Profiles', async () => {
    const s = await c.station('TC_K_70_CSMS');
    const first = await setProfile(s, { evseId: 1, chargingProfile: profile(170, 'TxDefaultProfile', { stackLevel: 0, limit: 11_000 }) });
    const second = await setProfile(s, { evseId: 1, chargingProfile: profile(171, 'TxDefaultProfile', { stackLevel: 1, limit: 7_000 }) });
    const third = await setProfile(s, { evseId: 0, chargingProfile: profile(172, 'ChargingStationMaxProfile', { limit: 22_000 }) });
    expect([first, second, third].map((x) => [x.req.chargingProfile.id, x.req.chargingProfile.stackLevel, x.cmd.status])).toEqual([[170, 0, 'accepted'], [171, 1, 'accepted'], [172, 0, 'accepted']]);
  });
});


