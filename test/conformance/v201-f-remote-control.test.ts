/** OCTT OCPP 2.0.1 CSMS cases, block F (Remote Control): remote start, unlock, TriggerMessage from the operator's API. */
import { describe, expect } from 'vitest';
import { conformanceSuite, eventually, octtCase, TOKENS } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';
import { energy, idToken, Transaction201 } from './support/transaction-201.js';

const c = conformanceSuite('2.0.1');
const valid = idToken(TOKENS.valid);
const session = (s: OcttStation) => eventually(async () => (await c.sessions(s.id))[0], (x) => x !== undefined);

/** RequestStartTransaction from the operator, answered as given: its remoteStartId. */
async function remoteStart(s: OcttStation, answer: Record<string, unknown> = { status: 'Accepted' }): Promise<number> {
  s.answer('RequestStartTransaction', answer);
  const cmd = await c.command('start', { stationId: s.id, evseId: 1, idToken: TOKENS.valid });
  const req = await s.received('RequestStartTransaction');
  expect(req).toMatchObject({ idToken: { idToken: TOKENS.valid, type: 'ISO14443' }, evseId: 1 });
  expect(Number.isInteger(req.remoteStartId)).toBe(true);
  expect((await c.settled(cmd)).status).toBe('accepted');
  return req.remoteStartId as number;
}

async function trigger(s: OcttStation, message: string, evse: { id: number; connectorId?: number } | undefined, answer = 'Accepted') {
  s.answer('TriggerMessage', { status: answer });
  const cmd = await c.command('trigger', { stationId: s.id, message, ...(evse ? { evseId: evse.id, ...(evse.connectorId ? { connectorId: evse.connectorId } : {}) } : {}) });
  expect(await s.received('TriggerMessage')).toEqual({ requestedMessage: message, ...(evse ? { evse } : {}) });
  return c.settled(cmd);
}

async function charging(s: OcttStation): Promise<Transaction201> {
  const tx = new Transaction201(s);
  await s.status(1, 'Occupied');
  expect((await tx.send('Started', 'Authorized', { chargingState: 'Charging' }, { ...valid, meterValue: [energy(0, 'Transaction.Begin')] })).idTokenInfo.status).toBe('Accepted');
  return tx;
}

const meterValues = (evseId: number) => ({ evseId, meterValue: [energy(1234, 'Trigger')] });

describe('OCPP 2.0.1 F. Remote Control', () => {
  octtCase('TC_F_01_CSMS', 'Remote start transaction - Cable plugin first', async () => {
    const s = await c.station('TC_F_01_CSMS');
    const tx = new Transaction201(s);
    await s.status(1, 'Occupied');
    await tx.send('Started', 'CablePluggedIn', { chargingState: 'EVConnected' }, { meterValue: [energy(0, 'Transaction.Begin')] });
    const remoteStartId = await remoteStart(s, { status: 'Accepted', transactionId: tx.id });
    expect((await tx.send('Updated', 'RemoteStart', { remoteStartId }, valid)).idTokenInfo.status).toBe('Accepted');
    await tx.send('Updated', 'ChargingStateChanged', { chargingState: 'Charging' });
    expect(await session(s)).toMatchObject({ status: 'ACTIVE', transactionId: tx.id, idToken: TOKENS.valid });
  });

  for (const [id, authorizeRemoteStart] of [['TC_F_02_CSMS', true], ['TC_F_03_CSMS', false]] as const) {
    octtCase(id, `Remote start transaction - Remote start first - AuthorizeRemoteStart is ${authorizeRemoteStart}`, async () => {
      const s = await c.station(id);
      const remoteStartId = await remoteStart(s);
      if (authorizeRemoteStart) expect((await s.send('Authorize', valid)).idTokenInfo.status).toBe('Accepted');
      const tx = new Transaction201(s);
      expect((await tx.send('Started', 'RemoteStart', { remoteStartId }, { ...valid, meterValue: [energy(0, 'Transaction.Begin')] })).idTokenInfo.status).toBe('Accepted');
      await s.status(1, 'Occupied');
      await tx.send('Updated', 'CablePluggedIn', { chargingState: 'EVConnected' });
      await tx.send('Updated', 'ChargingStateChanged', { chargingState: 'Charging' });
      expect(await session(s)).toMatchObject({ status: 'ACTIVE', transactionId: tx.id });
    });
  }

  octtCase('TC_F_04_CSMS', 'Remote start transaction - Remote start first - Cable plugin timeout', async () => {
    const s = await c.station('TC_F_04_CSMS');
    const remoteStartId = await remoteStart(s);
    const tx = new Transaction201(s);
    expect((await tx.send('Started', 'RemoteStart', { remoteStartId }, { ...valid, meterValue: [energy(0, 'Transaction.Begin')] })).idTokenInfo.status).toBe('Accepted');
    expect(await tx.send('Ended', 'EVConnectTimeout', { stoppedReason: 'Timeout' }, { meterValue: [energy(0, 'Transaction.End')] })).toEqual({});
    expect(await eventually(() => session(s), (x) => x.status === 'COMPLETED')).toMatchObject({ status: 'COMPLETED', stopReason: 'Timeout' });
  });

  octtCase('TC_F_06_CSMS', 'Remote unlock Connector - Without ongoing transaction - Accepted', async () => {
    const s = await c.station('TC_F_06_CSMS');
    s.answer('UnlockConnector', { status: 'Unlocked' });
    const cmd = await c.command('unlock', { stationId: s.id, evseId: 1, connectorId: 1 });
    expect(await s.received('UnlockConnector')).toEqual({ evseId: 1, connectorId: 1 });
    expect(await c.settled(cmd)).toMatchObject({ status: 'accepted', response: { status: 'Unlocked' } });
  });

  octtCase('TC_F_11_CSMS', 'Trigger message - MeterValues - Specific EVSE', async () => {
    const s = await c.station('TC_F_11_CSMS');
    expect((await trigger(s, 'MeterValues', { id: 1 })).status).toBe('accepted');
    expect(await s.send('MeterValues', meterValues(1))).toEqual({});
  });

  octtCase('TC_F_12_CSMS', 'Trigger message - MeterValues - All EVSE', async () => {
    const s = await c.station('TC_F_12_CSMS', { connectors: 2 });
    expect((await trigger(s, 'MeterValues', undefined)).status).toBe('accepted');
    expect(await s.send('MeterValues', meterValues(1))).toEqual({});
    expect(await s.send('MeterValues', meterValues(2))).toEqual({});
  });

  octtCase('TC_F_13_CSMS', 'Trigger message - TransactionEvent - Specific EVSE', async () => {
    const s = await c.station('TC_F_13_CSMS');
    const tx = await charging(s);
    expect((await trigger(s, 'TransactionEvent', { id: 1 })).status).toBe('accepted');
    expect(await tx.send('Updated', 'Trigger', { chargingState: 'Charging' }, { meterValue: [energy(900, 'Trigger')] })).toEqual({});
  });

  octtCase('TC_F_14_CSMS', 'Trigger message - TransactionEvent - All EVSE', async () => {
    const s = await c.station('TC_F_14_CSMS');
    const tx = await charging(s);
    expect((await trigger(s, 'TransactionEvent', undefined)).status).toBe('accepted');
    expect(await tx.send('Updated', 'Trigger', { chargingState: 'Charging' }, { meterValue: [energy(900, 'Trigger')] })).toEqual({});
  });

  octtCase('TC_F_15_CSMS', 'Trigger message - LogStatusNotification - Idle', async () => {
    const s = await c.station('TC_F_15_CSMS');
    expect((await trigger(s, 'LogStatusNotification', undefined)).status).toBe('accepted');
    expect(await s.send('LogStatusNotification', { status: 'Idle' })).toEqual({});
  });

  octtCase('TC_F_18_CSMS', 'Trigger message - FirmwareStatusNotification - Idle', async () => {
    const s = await c.station('TC_F_18_CSMS');
    expect((await trigger(s, 'FirmwareStatusNotification', undefined)).status).toBe('accepted');
    expect(await s.send('FirmwareStatusNotification', { status: 'Idle' })).toEqual({});
  });

  octtCase('TC_F_20_CSMS', 'Trigger message - Heartbeat', async () => {
    const s = await c.station('TC_F_20_CSMS');
    expect((await trigger(s, 'Heartbeat', undefined)).status).toBe('accepted');
    expect((await s.send('Heartbeat')).currentTime).toBeTruthy();
  });

  octtCase('TC_F_23_CSMS', 'Trigger message - StatusNotification - Specific EVSE - Available', async () => {
    const s = await c.station('TC_F_23_CSMS');
    expect((await trigger(s, 'StatusNotification', { id: 1, connectorId: 1 })).status).toBe('accepted');
    expect(await s.status(1, 'Available')).toEqual({});
  });

  octtCase('TC_F_24_CSMS', 'Trigger message - StatusNotification - Specific EVSE - Occupied', async () => {
    const s = await c.station('TC_F_24_CSMS');
    await s.status(1, 'Occupied');
    expect((await trigger(s, 'StatusNotification', { id: 1, connectorId: 1 })).status).toBe('accepted');
    expect(await s.status(1, 'Occupied')).toEqual({});
  });

  octtCase('TC_F_27_CSMS', 'Trigger message - NotImplemented', async () => {
    const s = await c.station('TC_F_27_CSMS');
    expect(await trigger(s, 'SignV2GCertificate', undefined, 'NotImplemented')).toMatchObject({ status: 'rejected', response: { status: 'NotImplemented' } });
  });
});
