/**
 * OCTT OCPP 1.6 CSMS cases, Core profile (test case document chapter 3.1–3.13): the OCTT station's
 * messages in the case's order, the operator's actions through the API, the CSMS's answers checked.
 */
import { describe, expect } from 'vitest';
import { conformanceSuite, eventually, notYet, octtCase, TOKENS } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';

const c = conformanceSuite('1.6');
/** The configuration the OCTT station reports. */
const CONFIGURATION = [
  { key: 'HeartbeatInterval', readonly: false, value: '300' },
  { key: 'MeterValueSampleInterval', readonly: false, value: '60' },
  { key: 'NumberOfConnectors', readonly: true, value: '1' },
];
const now = () => new Date().toISOString();

/** Plugin, authorize, start: the transaction id the CSMS gave. */
async function startCharging(s: OcttStation, idTag: string = TOKENS.valid, connectorId = 1): Promise<number> {
  await s.status(connectorId, 'Preparing');
  expect((await s.send('Authorize', { idTag })).idTagInfo.status).toBe('Accepted');
  const started = await s.send('StartTransaction', { connectorId, idTag, meterStart: 1000, timestamp: now() });
  expect(started.idTagInfo.status).toBe('Accepted');
  expect(Number.isInteger(started.transactionId)).toBe(true);
  await s.status(connectorId, 'Charging');
  return started.transactionId as number;
}

async function sessionOf(stationId: string): Promise<any> {
  const items = await eventually(() => c.sessions(stationId), (x) => x.length > 0);
  expect(items).toHaveLength(1);
  return items[0];
}

describe('OCPP 1.6 Core (OCTT 3.1–3.13)', () => {
  octtCase('TC_001_CSMS', 'Cold Boot Charge Point', async () => {
    const s = await c.station('TC_001_CSMS', { boot: false });
    const boot = await s.boot();
    expect(boot.status).toBe('Accepted');
    expect(boot.interval).toBeGreaterThan(0);
    expect(Math.abs(Date.parse(boot.currentTime) - Date.now())).toBeLessThan(60_000);
    expect(await s.status(0, 'Available')).toEqual({});
    expect(await s.status(1, 'Available')).toEqual({});
    expect((await s.send('Heartbeat', {})).currentTime).toBeTruthy();
  });

  octtCase('TC_003_CSMS', 'Regular Charging Session - Plugin First', async () => {
    const s = await c.station('TC_003_CSMS');
    expect(await s.status(1, 'Preparing')).toEqual({});
    expect((await s.send('Authorize', { idTag: TOKENS.valid })).idTagInfo.status).toBe('Accepted');
    const started = await s.send('StartTransaction', { connectorId: 1, idTag: TOKENS.valid, meterStart: 0, timestamp: now() });
    expect(started.idTagInfo.status).toBe('Accepted');
    expect(await s.status(1, 'Charging')).toEqual({});
    expect(await sessionOf(s.id)).toMatchObject({ status: 'ACTIVE', transactionId: String(started.transactionId), idToken: TOKENS.valid });
  });

  octtCase('TC_004_1_CSMS', 'Regular Charging Session – Identification First', async () => {
    const s = await c.station('TC_004_1_CSMS');
    expect((await s.send('Authorize', { idTag: TOKENS.valid })).idTagInfo.status).toBe('Accepted');
    await s.status(1, 'Preparing');
    const started = await s.send('StartTransaction', { connectorId: 1, idTag: TOKENS.valid, meterStart: 0, timestamp: now() });
    expect(started.idTagInfo.status).toBe('Accepted');
    await s.status(1, 'Charging');
    expect(await sessionOf(s.id)).toMatchObject({ status: 'ACTIVE', transactionId: String(started.transactionId) });
  });

  octtCase('TC_004_2_CSMS', 'Regular Charging Session – Identification First - ConnectionTimeOut', async () => {
    const s = await c.station('TC_004_2_CSMS');
    expect((await s.send('Authorize', { idTag: TOKENS.valid })).idTagInfo.status).toBe('Accepted');
    expect(await s.status(1, 'Preparing')).toEqual({});
    // The cable is never plugged in: the station's ConnectionTimeOut passes.
    expect(await s.status(1, 'Available')).toEqual({});
    expect(await c.sessions(s.id)).toEqual([]);
  });

  octtCase('TC_005_1_CSMS', 'EV Side Disconnected - StopTransactionOnEVSideDisconnect = true -', async () => {
    const s = await c.station('TC_005_1_CSMS');
    const tx = await startCharging(s);
    const stopped = await s.send('StopTransaction', { transactionId: tx, meterStop: 5000, timestamp: now(), reason: 'EVDisconnected' });
    expect(stopped.idTagInfo?.status ?? 'Accepted').toBe('Accepted');
    await s.status(1, 'Finishing');
    await s.status(1, 'Available');
    expect(await eventually(() => sessionOf(s.id), (x) => x.status === 'COMPLETED')).toMatchObject({ status: 'COMPLETED', stopReason: 'EVDisconnected', energyWh: 4000 });
  });

  octtCase('TC_007_CSMS', 'Regular Start Charging Session – Cached Id', async () => {
    const s = await c.station('TC_007_CSMS');
    // The idTag is in the station's cache: no Authorize before StartTransaction.
    await s.status(1, 'Preparing');
    const started = await s.send('StartTransaction', { connectorId: 1, idTag: TOKENS.valid, meterStart: 0, timestamp: now() });
    expect(started.idTagInfo.status).toBe('Accepted');
    await s.status(1, 'Charging');
  });

  octtCase('TC_061_CSMS', 'Clear Authorization Data in Authorization Cache', async () => {
    const s = await c.station('TC_061_CSMS');
    s.answer('ClearCache', { status: 'Accepted' });
    const cmd = await c.command('clear-cache', { stationId: s.id });
    expect(await s.received('ClearCache')).toEqual({});
    expect((await c.settled(cmd)).status).toBe('accepted');
  });

  octtCase('TC_010_CSMS', 'Remote Start Charging Session – Cable Plugged in First', async () => {
    const s = await c.station('TC_010_CSMS');
    s.answer('RemoteStartTransaction', { status: 'Accepted' });
    await s.status(1, 'Preparing');
    const cmd = await c.command('start', { stationId: s.id, evseId: 1, idToken: TOKENS.valid });
    expect(await s.received('RemoteStartTransaction')).toEqual({ connectorId: 1, idTag: TOKENS.valid });
    expect((await c.settled(cmd)).status).toBe('accepted');
    expect((await s.send('Authorize', { idTag: TOKENS.valid })).idTagInfo.status).toBe('Accepted');
    const started = await s.send('StartTransaction', { connectorId: 1, idTag: TOKENS.valid, meterStart: 0, timestamp: now() });
    expect(started.idTagInfo.status).toBe('Accepted');
    await s.status(1, 'Charging');
    expect(await sessionOf(s.id)).toMatchObject({ status: 'ACTIVE', transactionId: String(started.transactionId) });
  });

  octtCase('TC_011_1_CSMS', 'Remote Start Charging Session – Remote Start First', async () => {
    const s = await c.station('TC_011_1_CSMS');
    s.answer('RemoteStartTransaction', { status: 'Accepted' });
    const cmd = await c.command('start', { stationId: s.id, evseId: 1, idToken: TOKENS.valid });
    expect(await s.received('RemoteStartTransaction')).toMatchObject({ idTag: TOKENS.valid });
    expect((await c.settled(cmd)).status).toBe('accepted');
    await s.status(1, 'Preparing');
    const started = await s.send('StartTransaction', { connectorId: 1, idTag: TOKENS.valid, meterStart: 0, timestamp: now() });
    expect(started.idTagInfo.status).toBe('Accepted');
    await s.status(1, 'Charging');
    expect(await sessionOf(s.id)).toMatchObject({ status: 'ACTIVE' });
  });

  octtCase('TC_011_2_CSMS', 'Remote Start Charging Session – Time Out', async () => {
    const s = await c.station('TC_011_2_CSMS');
    s.answer('RemoteStartTransaction', { status: 'Accepted' });
    const cmd = await c.command('start', { stationId: s.id, evseId: 1, idToken: TOKENS.valid });
    expect(await s.received('RemoteStartTransaction')).toMatchObject({ idTag: TOKENS.valid });
    expect((await c.settled(cmd)).status).toBe('accepted');
    expect(await s.status(1, 'Preparing')).toEqual({});
    // No cable within ConnectionTimeOut: the connector is available again, no transaction.
    expect(await s.status(1, 'Available')).toEqual({});
    expect(await c.sessions(s.id)).toEqual([]);
  });

  octtCase('TC_012_CSMS', 'Remote Stop Charging Session', async () => {
    const s = await c.station('TC_012_CSMS');
    const tx = await startCharging(s);
    s.answer('RemoteStopTransaction', { status: 'Accepted' });
    const session = await sessionOf(s.id);
    const cmd = await c.command('stop', { stationId: s.id, sessionId: session.id });
    expect(await s.received('RemoteStopTransaction')).toEqual({ transactionId: tx });
    expect((await c.settled(cmd)).status).toBe('accepted');
    expect(await s.send('StopTransaction', { transactionId: tx, meterStop: 3000, timestamp: now(), reason: 'Remote', idTag: TOKENS.valid })).toMatchObject({ idTagInfo: { status: 'Accepted' } });
    await s.status(1, 'Finishing');
    await s.status(1, 'Available');
    expect(await eventually(() => sessionOf(s.id), (x) => x.status === 'COMPLETED')).toMatchObject({ status: 'COMPLETED', stopReason: 'Remote' });
  });

  for (const [id, type] of [['TC_013_CSMS', 'Hard'], ['TC_014_CSMS', 'Soft']] as const) {
    octtCase(id, `${type} Reset`, async () => {
      const s = await c.station(id);
      s.answer('Reset', { status: 'Accepted' });
      const cmd = await c.command('reset', { stationId: s.id, resetType: type });
      expect(await s.received('Reset')).toEqual({ type });
      expect((await c.settled(cmd)).status).toBe('accepted');
      // The station restarts: a new connection and a boot.
      await s.close();
      await s.connect();
      expect((await s.boot()).status).toBe('Accepted');
      expect(await s.status(0, 'Available')).toEqual({});
      expect(await s.status(1, 'Available')).toEqual({});
    });
  }

  octtCase('TC_017_1_CSMS', 'Unlock connector - no charging session running (Not fixed cable)', async () => {
    const s = await c.station('TC_017_1_CSMS');
    s.answer('UnlockConnector', { status: 'Unlocked' });
    const cmd = await c.command('unlock', { stationId: s.id, evseId: 1 });
    expect(await s.received('UnlockConnector')).toEqual({ connectorId: 1 });
    expect(await c.settled(cmd)).toMatchObject({ status: 'accepted', response: { status: 'Unlocked' } });
  });

  octtCase('TC_017_2_CSMS', 'Unlock connector - no charging session running (Fixed cable)', async () => {
    const s = await c.station('TC_017_2_CSMS');
    s.answer('UnlockConnector', { status: 'NotSupported' });
    const cmd = await c.command('unlock', { stationId: s.id, evseId: 1 });
    expect(await s.received('UnlockConnector')).toEqual({ connectorId: 1 });
    expect(await c.settled(cmd)).toMatchObject({ status: 'rejected', response: { status: 'NotSupported' } });
  });

  octtCase('TC_018_1_CSMS', 'Unlock Connector - With Charging Session (Not fixed cable)', async () => {
    const s = await c.station('TC_018_1_CSMS');
    const tx = await startCharging(s);
    // The station ends the transaction before it answers the unlock.
    s.answer('UnlockConnector', async () => {
      await s.send('StopTransaction', { transactionId: tx, meterStop: 2000, timestamp: now(), reason: 'UnlockCommand' });
      return { status: 'Unlocked' };
    });
    const cmd = await c.command('unlock', { stationId: s.id, evseId: 1 });
    expect(await s.received('UnlockConnector')).toEqual({ connectorId: 1 });
    expect(await c.settled(cmd)).toMatchObject({ status: 'accepted', response: { status: 'Unlocked' } });
    await s.status(1, 'Finishing');
    await s.status(1, 'Available');
    expect(await eventually(() => sessionOf(s.id), (x) => x.status === 'COMPLETED')).toMatchObject({ status: 'COMPLETED', stopReason: 'UnlockCommand' });
  });

  octtCase('TC_019_1_CSMS', 'Retrieve all configuration keys', async () => {
    const s = await c.station('TC_019_1_CSMS');
    s.answer('GetConfiguration', { configurationKey: CONFIGURATION });
    const cmd = await c.command('get-base-report', { stationId: s.id });
    expect(await s.received('GetConfiguration')).toEqual({});
    expect((await c.settled(cmd)).status).toBe('accepted');
    const stored = await eventually(async () => (await c.p.api(`/v1/stations/${s.id}/variables`)).body.items, (x: unknown[]) => x.length >= CONFIGURATION.length);
    expect(stored.map((v: any) => [v.component.name, v.variable.name, v.attributes[0].value]).sort()).toEqual(CONFIGURATION.map((k) => ['1.6', k.key, k.value]).sort());
  });

  octtCase('TC_019_2_CSMS', 'Retrieve specific configuration key', async () => {
    const s = await c.station('TC_019_2_CSMS');
    s.answer('GetConfiguration', { configurationKey: [CONFIGURATION[1]] });
    const cmd = await c.command('get-variables', { stationId: s.id, variables: [{ variable: 'MeterValueSampleInterval' }] });
    expect(await s.received('GetConfiguration')).toEqual({ key: ['MeterValueSampleInterval'] });
    expect(await c.settled(cmd)).toMatchObject({ status: 'accepted', response: { configurationKey: [{ key: 'MeterValueSampleInterval', value: '60' }] } });
  });

  octtCase('TC_021_CSMS', 'Change/set Configuration', async () => {
    const s = await c.station('TC_021_CSMS');
    s.answer('ChangeConfiguration', { status: 'Accepted' });
    const r = await c.p.api(`/v1/stations/${s.id}/variables`, { method: 'PATCH', body: { items: [{ variable: 'MeterValueSampleInterval', value: '30' }] } });
    expect(await s.received('ChangeConfiguration')).toEqual({ key: 'MeterValueSampleInterval', value: '30' });
    expect(r).toMatchObject({ status: 200, body: { answered: true, items: [{ variable: { name: 'MeterValueSampleInterval' }, value: '30', status: 'Accepted' }] } });
  });

  for (const [id, what, tag, status] of [
    ['TC_023_1_CSMS', 'invalid', TOKENS.invalid, 'Invalid'],
    ['TC_023_2_CSMS', 'expired', TOKENS.expired, 'Expired'],
    ['TC_023_3_CSMS', 'blocked', TOKENS.blocked, 'Blocked'],
  ] as const) {
    octtCase(id, `Start Charging Session – Authorize ${what}`, async () => {
      const s = await c.station(id);
      await s.status(1, 'Preparing');
      expect((await s.send('Authorize', { idTag: tag })).idTagInfo.status).toBe(status);
      await s.status(1, 'Available');
      expect(await c.sessions(s.id)).toEqual([]);
    });
  }

  octtCase('TC_024_CSMS', 'Start Charging Session Lock Failure', async () => {
    const s = await c.station('TC_024_CSMS');
    await s.status(1, 'Preparing');
    expect((await s.send('Authorize', { idTag: TOKENS.valid })).idTagInfo.status).toBe('Accepted');
    expect(await s.status(1, 'Faulted', 'ConnectorLockFailure')).toEqual({});
    const station = await eventually(async () => (await c.p.api(`/v1/stations/${s.id}`)).body, (x) => x.evses?.[0]?.connectors?.[0]?.ocppStatus === 'Faulted');
    expect(station.evses[0].connectors[0]).toMatchObject({ ocppStatus: 'Faulted' });
    expect(await c.sessions(s.id)).toEqual([]);
  });

  octtCase('TC_026_CSMS', 'Remote Start Charging Session – Rejected', async () => {
    const s = await c.station('TC_026_CSMS');
    s.answer('RemoteStartTransaction', { status: 'Rejected' });
    const cmd = await c.command('start', { stationId: s.id, evseId: 1, idToken: TOKENS.valid });
    expect(await s.received('RemoteStartTransaction')).toMatchObject({ idTag: TOKENS.valid });
    expect(await c.settled(cmd)).toMatchObject({ status: 'rejected', response: { status: 'Rejected' } });
  });

  octtCase('TC_028_CSMS', 'Remote Stop Transaction – Rejected', async () => {
    const s = await c.station('TC_028_CSMS');
    const tx = await startCharging(s);
    s.answer('RemoteStopTransaction', { status: 'Rejected' });
    const cmd = await c.command('stop', { stationId: s.id, sessionId: (await sessionOf(s.id)).id });
    expect(await s.received('RemoteStopTransaction')).toEqual({ transactionId: tx });
    expect(await c.settled(cmd)).toMatchObject({ status: 'rejected', response: { status: 'Rejected' } });
    expect((await sessionOf(s.id)).status).toBe('ACTIVE');
  });

  octtCase('TC_030_CSMS', 'Unlock Connector – Unlock Failure', async () => {
    const s = await c.station('TC_030_CSMS');
    s.answer('UnlockConnector', { status: 'UnlockFailed' });
    const cmd = await c.command('unlock', { stationId: s.id, evseId: 1 });
    expect(await s.received('UnlockConnector')).toEqual({ connectorId: 1 });
    expect(await c.settled(cmd)).toMatchObject({ status: 'rejected', response: { status: 'UnlockFailed' } });
  });

  octtCase('TC_031_CSMS', 'Unlock Connector – Unknown Connector', async () => {
    const s = await c.station('TC_031_CSMS');
    s.answer('UnlockConnector', { status: 'NotSupported' });
    // A connector the station does not have: the CSMS still asks, the station says NotSupported.
    const cmd = await c.command('unlock', { stationId: s.id, evseId: 5 });
    expect(await s.received('UnlockConnector')).toEqual({ connectorId: 5 });
    expect(await c.settled(cmd)).toMatchObject({ status: 'rejected', response: { status: 'NotSupported' } });
  });

  octtCase('TC_032_1_CSMS', 'Power failure boot charging point-configured to stop transaction(s)', async () => {
    const s = await c.station('TC_032_1_CSMS');
    const tx = await startCharging(s);
    // Power lost: the station comes back, boots, then ends the transaction it had.
    await s.close();
    await s.connect();
    expect((await s.boot()).status).toBe('Accepted');
    expect(await s.send('StopTransaction', { transactionId: tx, meterStop: 1500, timestamp: now(), reason: 'PowerLoss' })).toBeDefined();
    expect(await s.status(0, 'Available')).toEqual({});
    expect(await s.status(1, 'Available')).toEqual({});
    expect(await eventually(() => sessionOf(s.id), (x) => x.status === 'COMPLETED')).toMatchObject({ status: 'COMPLETED', stopReason: 'PowerLoss' });
  });

  octtCase('TC_037_1_CSMS', 'Offline Start Transaction - Valid IdTag', async () => {
    const s = await c.station('TC_037_1_CSMS');
    const offlineAt = new Date(Date.now() - 60_000).toISOString();
    await s.close();
    // Back online: the transaction started while offline reaches the CSMS.
    await s.connect();
    await s.status(1, 'Charging');
    const started = await s.send('StartTransaction', { connectorId: 1, idTag: TOKENS.valid, meterStart: 0, timestamp: offlineAt });
    expect(started.idTagInfo.status).toBe('Accepted');
    expect(await sessionOf(s.id)).toMatchObject({ status: 'ACTIVE', transactionId: String(started.transactionId) });
  });

  octtCase('TC_037_3_CSMS', 'Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = true', async () => {
    const s = await c.station('TC_037_3_CSMS');
    await s.close();
    await s.connect();
    await s.status(1, 'Charging');
    const started = await s.send('StartTransaction', { connectorId: 1, idTag: TOKENS.invalid, meterStart: 0, timestamp: new Date(Date.now() - 60_000).toISOString() });
    expect(started.idTagInfo.status).toBe('Invalid');
    expect(Number.isInteger(started.transactionId)).toBe(true);
    // StopTransactionOnInvalidId: the station stops it at once.
    expect(await s.send('StopTransaction', { transactionId: started.transactionId, meterStop: 100, timestamp: now(), reason: 'DeAuthorized' })).toBeDefined();
    await s.status(1, 'Finishing');
    await s.status(1, 'Available');
  });

  octtCase('TC_039_CSMS', 'Offline Transaction', async () => {
    const s = await c.station('TC_039_CSMS');
    await s.close();
    await s.connect();
    // A whole transaction happened offline: start and stop are delivered in order.
    const t0 = Date.now() - 10 * 60_000;
    const started = await s.send('StartTransaction', { connectorId: 1, idTag: TOKENS.valid, meterStart: 0, timestamp: new Date(t0).toISOString() });
    expect(started.idTagInfo.status).toBe('Accepted');
    const stopped = await s.send('StopTransaction', { transactionId: started.transactionId, idTag: TOKENS.valid, meterStop: 6000, timestamp: new Date(t0 + 5 * 60_000).toISOString(), reason: 'Local' });
    expect(stopped.idTagInfo.status).toBe('Accepted');
    await s.status(1, 'Available');
    expect(await eventually(() => sessionOf(s.id), (x) => x.status === 'COMPLETED')).toMatchObject({ status: 'COMPLETED', energyWh: 6000 });
  });

  for (const [id, key, value, answer] of [
    ['TC_040_1_CSMS', 'OcttUnknownKey', '1', 'NotSupported'],
    ['TC_040_2_CSMS', 'MeterValueSampleInterval', '-1', 'Rejected'],
  ] as const) {
    octtCase(id, 'Configuration keys', async () => {
      const s = await c.station(id);
      s.answer('ChangeConfiguration', { status: answer });
      const r = await c.p.api(`/v1/stations/${s.id}/variables`, { method: 'PATCH', body: { items: [{ variable: key, value }] } });
      expect(await s.received('ChangeConfiguration')).toEqual({ key, value });
      expect(r).toMatchObject({ status: 200, body: { answered: true, items: [{ variable: { name: key }, status: answer }] } });
    });
  }
});
