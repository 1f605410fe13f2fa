/**
 * OCTT OCPP 2.0.1 CSMS cases, block E (Transactions): every TxStartPoint and TxStopPoint the OCTT
 * station is configured with, its TransactionEvents in order, the CSMS's answers and the session it keeps.
 */
import { describe, expect } from 'vitest';
import { conformanceSuite, eventually, octtCase, TOKENS } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';
import { energy, idToken, Transaction201 } from './support/transaction-201.js';

const c = conformanceSuite('2.0.1');
const valid = idToken(TOKENS.valid);
const begin = (wh = 0) => ({ meterValue: [energy(wh, 'Transaction.Begin')] });
const end = (wh: number) => ({ meterValue: [energy(wh, 'Transaction.End')] });

const session = (s: OcttStation) => eventually(async () => (await c.sessions(s.id))[0], (x) => x !== undefined);
const completed = (s: OcttStation) => eventually(async () => (await c.sessions(s.id))[0], (x) => x?.status === 'COMPLETED');

/** Authorized and charging (TxStartPoint Authorized): the common start of the stop-option cases. */
async function charging(s: OcttStation): Promise<Transaction201> {
  const tx = new Transaction201(s);
  await s.status(1, 'Occupied');
  expect((await s.send('Authorize', valid)).idTokenInfo.status).toBe('Accepted');
  expect((await tx.send('Started', 'Authorized', { chargingState: 'Charging' }, { ...valid, ...begin() })).idTokenInfo.status).toBe('Accepted');
  return tx;
}

/** A start-option case: the station's messages up to the transaction running; the CSMS accepts each. */
function startOption(id: string, title: string, steps: (s: OcttStation, tx: Transaction201) => Promise<void>): void {
  octtCase(id, title, async () => {
    const s = await c.station(id);
    const tx = new Transaction201(s);
    await steps(s, tx);
    expect(await session(s)).toMatchObject({ status: 'ACTIVE', transactionId: tx.id, evseId: 1 });
  });
}

/** A stop-option case: charging, then the station's messages to the end; the session completes with `stopReason`. */
function stopOption(id: string, title: string, stopReason: string, steps: (s: OcttStation, tx: Transaction201) => Promise<void>): void {
  octtCase(id, title, async () => {
    const s = await c.station(id);
    const tx = await charging(s);
    await steps(s, tx);
    expect(await completed(s)).toMatchObject({ status: 'COMPLETED', transactionId: tx.id, stopReason, energyWh: 4000 });
  });
}

async function getStatus(s: OcttStation, answer: Record<string, unknown>, sessionId?: string) {
  s.answer('GetTransactionStatus', answer);
  const cmd = await c.command('get-transaction-status', { stationId: s.id, ...(sessionId ? { sessionId } : {}) });
  const req = await s.received('GetTransactionStatus');
  expect(await c.settled(cmd)).toMatchObject({ status: 'accepted', response: answer });
  return req;
}

describe('OCPP 2.0.1 E. Transactions', () => {
  startOption('TC_E_01_CSMS', 'Start transaction options - PowerPathClosed', async (s, tx) => {
    await s.status(1, 'Occupied');
    expect((await s.send('Authorize', valid)).idTokenInfo.status).toBe('Accepted');
    expect((await tx.send('Started', 'ChargingStateChanged', { chargingState: 'Charging' }, { ...valid, ...begin() })).idTokenInfo.status).toBe('Accepted');
  });

  startOption('TC_E_02_CSMS', 'Start transaction options - EnergyTransfer', async (s, tx) => {
    await s.status(1, 'Occupied');
    expect((await s.send('Authorize', valid)).idTokenInfo.status).toBe('Accepted');
    expect((await tx.send('Started', 'ChargingStateChanged', { chargingState: 'Charging' }, { ...valid, ...begin() })).idTokenInfo.status).toBe('Accepted');
    expect(await tx.send('Updated', 'MeterValuePeriodic', {}, { meterValue: [energy(200)] })).toEqual({});
  });

  startOption('TC_E_03_CSMS', 'Local start transaction - Cable plugin first - Success', async (s, tx) => {
    expect(await tx.send('Started', 'CablePluggedIn', { chargingState: 'EVConnected' }, begin())).toEqual({});
    await s.status(1, 'Occupied');
    expect((await s.send('Authorize', valid)).idTokenInfo.status).toBe('Accepted');
    expect((await tx.send('Updated', 'Authorized', {}, valid)).idTokenInfo.status).toBe('Accepted');
    expect(await tx.send('Updated', 'ChargingStateChanged', { chargingState: 'Charging' })).toEqual({});
  });

  startOption('TC_E_04_CSMS', 'Local start transaction - Authorization first - Success', async (s, tx) => {
    expect((await s.send('Authorize', valid)).idTokenInfo.status).toBe('Accepted');
    expect((await tx.send('Started', 'Authorized', {}, { ...valid, ...begin() })).idTokenInfo.status).toBe('Accepted');
    await s.status(1, 'Occupied');
    expect(await tx.send('Updated', 'CablePluggedIn', { chargingState: 'EVConnected' })).toEqual({});
    expect(await tx.send('Updated', 'ChargingStateChanged', { chargingState: 'Charging' })).toEqual({});
  });

  stopOption('TC_E_07_CSMS', 'Stop transaction options - PowerPathClosed - Local stop', 'Local', async (s, tx) => {
    expect((await s.send('Authorize', valid)).idTokenInfo.status).toBe('Accepted');
    expect(await tx.send('Ended', 'StopAuthorized', { stoppedReason: 'Local', chargingState: 'EVConnected' }, { ...valid, ...end(4000) })).toBeDefined();
    await s.status(1, 'Available');
  });

  stopOption('TC_E_08_CSMS', 'Stop transaction options - EnergyTransfer stopped - StopAuthorized', 'Local', async (s, tx) => {
    expect((await s.send('Authorize', valid)).idTokenInfo.status).toBe('Accepted');
    expect(await tx.send('Ended', 'StopAuthorized', { stoppedReason: 'Local', chargingState: 'SuspendedEVSE' }, { ...valid, ...end(4000) })).toBeDefined();
  });

  startOption('TC_E_09_CSMS', 'Start transaction options - EVConnected', async (s, tx) => {
    await s.status(1, 'Occupied');
    expect(await tx.send('Started', 'CablePluggedIn', { chargingState: 'EVConnected' }, begin())).toEqual({});
  });

  startOption('TC_E_10_CSMS', 'Start transaction options - Authorized - Local', async (s, tx) => {
    expect((await s.send('Authorize', valid)).idTokenInfo.status).toBe('Accepted');
    expect((await tx.send('Started', 'Authorized', {}, { ...valid, ...begin() })).idTokenInfo.status).toBe('Accepted');
  });

  startOption('TC_E_11_CSMS', 'Start transaction options - DataSigned', async (s, tx) => {
    await s.status(1, 'Occupied');
    expect((await s.send('Authorize', valid)).idTokenInfo.status).toBe('Accepted');
    expect((await tx.send('Started', 'SignedDataReceived', { chargingState: 'Charging' }, { ...valid, meterValue: [energy(0, 'Transaction.Begin', true)] })).idTokenInfo.status).toBe('Accepted');
  });

  startOption('TC_E_12_CSMS', 'Start transaction options - ParkingBayOccupied', async (_s, tx) => {
    expect(await tx.send('Started', 'EVDetected', { chargingState: 'Idle' }, begin())).toEqual({});
  });

  stopOption('TC_E_14_CSMS', 'Stop transaction options - EVDisconnected - Charging Station side', 'EVDisconnected', async (s, tx) => {
    expect(await tx.send('Ended', 'EVCommunicationLost', { stoppedReason: 'EVDisconnected', chargingState: 'Idle' }, end(4000))).toEqual({});
    await s.status(1, 'Available');
  });

  stopOption('TC_E_15_CSMS', 'Stop transaction options - StopAuthorized - Local', 'Local', async (s, tx) => {
    expect((await s.send('Authorize', valid)).idTokenInfo.status).toBe('Accepted');
    expect(await tx.send('Ended', 'StopAuthorized', { stoppedReason: 'Local' }, { ...valid, ...end(4000) })).toBeDefined();
  });

  octtCase('TC_E_16_CSMS', 'Stop transaction options - Deauthorized - Invalid idToken', async () => {
    const s = await c.station('TC_E_16_CSMS');
    const tx = new Transaction201(s);
    await s.status(1, 'Occupied');
    const started = await tx.send('Started', 'Authorized', { chargingState: 'EVConnected' }, { ...idToken(TOKENS.invalid), ...begin() });
    expect(['Invalid', 'Unknown']).toContain(started.idTokenInfo.status);
    expect(await tx.send('Ended', 'Deauthorized', { stoppedReason: 'DeAuthorized' }, end(0))).toBeDefined();
    expect(await completed(s)).toMatchObject({ status: 'COMPLETED', stopReason: 'DeAuthorized' });
  });

  stopOption('TC_E_17_CSMS', 'Stop transaction options - Deauthorized - EV side disconnect', 'EVDisconnected', async (s, tx) => {
    expect(await tx.send('Updated', 'EVCommunicationLost', { chargingState: 'Idle' })).toEqual({});
    expect(await tx.send('Ended', 'EVCommunicationLost', { stoppedReason: 'EVDisconnected' }, end(4000))).toEqual({});
    await s.status(1, 'Available');
  });

  stopOption('TC_E_19_CSMS', 'Stop transaction options - ParkingBayUnoccupied', 'EVDisconnected', async (s, tx) => {
    await s.status(1, 'Available');
    expect(await tx.send('Ended', 'EVDeparted', { stoppedReason: 'EVDisconnected', chargingState: 'Idle' }, end(4000))).toEqual({});
  });

  stopOption('TC_E_20_CSMS', 'Stop transaction options - EVDisconnected - EV side (IEC 61851-1)', 'EVDisconnected', async (s, tx) => {
    expect(await tx.send('Ended', 'EVCommunicationLost', { stoppedReason: 'EVDisconnected', chargingState: 'Idle' }, end(4000))).toEqual({});
    await s.status(1, 'Available');
  });

  stopOption('TC_E_21_CSMS', 'Stop transaction options - StopAuthorized - Remote', 'Remote', async (s, tx) => {
    s.answer('RequestStopTransaction', { status: 'Accepted' });
    const cmd = await c.command('stop', { stationId: s.id, sessionId: (await session(s)).id });
    expect(await s.received('RequestStopTransaction')).toEqual({ transactionId: tx.id });
    expect((await c.settled(cmd)).status).toBe('accepted');
    expect(await tx.send('Ended', 'RemoteStop', { stoppedReason: 'Remote' }, end(4000))).toEqual({});
  });

  stopOption('TC_E_22_CSMS', 'Stop transaction options - EnergyTransfer stopped - SuspendedEV', 'StoppedByEV', async (_s, tx) => {
    expect(await tx.send('Updated', 'ChargingStateChanged', { chargingState: 'SuspendedEV' })).toEqual({});
    expect(await tx.send('Ended', 'ChargingStateChanged', { stoppedReason: 'StoppedByEV', chargingState: 'SuspendedEV' }, end(4000))).toEqual({});
  });

  octtCase('TC_E_26_CSMS', 'Disconnect cable on EV-side - Suspend transaction', async () => {
    const s = await c.station('TC_E_26_CSMS');
    const tx = await charging(s);
    // The cable leaves the EV; the transaction goes on, suspended (StopTxOnEVSideDisconnect false).
    expect(await tx.send('Updated', 'EVCommunicationLost', { chargingState: 'Idle' })).toEqual({});
    await s.status(1, 'Available');
    expect(await tx.send('Updated', 'CablePluggedIn', { chargingState: 'EVConnected' })).toEqual({});
    await s.status(1, 'Occupied');
    expect(await session(s)).toMatchObject({ status: 'ACTIVE', transactionId: tx.id });
  });

  octtCase('TC_E_29_CSMS', 'Check Transaction status - Transaction with id ongoing - with message in queue', async () => {
    const s = await c.station('TC_E_29_CSMS');
    const tx = await charging(s);
    expect(await getStatus(s, { ongoingIndicator: true, messagesInQueue: true }, (await session(s)).id)).toEqual({ transactionId: tx.id });
  });

  octtCase('TC_E_30_CSMS', 'Check Transaction status - Transaction with id ongoing - without message in queue', async () => {
    const s = await c.station('TC_E_30_CSMS');
    const tx = await charging(s);
    expect(await getStatus(s, { ongoingIndicator: true, messagesInQueue: false }, (await session(s)).id)).toEqual({ transactionId: tx.id });
  });

  octtCase('TC_E_31_CSMS', 'Check Transaction status - Transaction with id ended - with message in queue', async () => {
    const s = await c.station('TC_E_31_CSMS');
    const tx = await charging(s);
    // The transaction has ended on the station; its Ended event is still queued there.
    expect(await getStatus(s, { ongoingIndicator: false, messagesInQueue: true }, (await session(s)).id)).toEqual({ transactionId: tx.id });
    expect(await tx.send('Ended', 'StopAuthorized', { stoppedReason: 'Local' }, { ...valid, ...end(4000) })).toBeDefined();
    expect(await completed(s)).toMatchObject({ status: 'COMPLETED' });
  });

  octtCase('TC_E_33_CSMS', 'Check Transaction status - Without transactionId - with message in queue', async () => {
    const s = await c.station('TC_E_33_CSMS');
    expect(await getStatus(s, { messagesInQueue: true })).toEqual({});
  });

  octtCase('TC_E_34_CSMS', 'Check Transaction status - Without transactionId - without message in queue', async () => {
    const s = await c.station('TC_E_34_CSMS');
    expect(await getStatus(s, { messagesInQueue: false })).toEqual({});
  });

  startOption('TC_E_38_CSMS', 'Local start transaction - EV not ready', async (s, tx) => {
    expect((await s.send('Authorize', valid)).idTokenInfo.status).toBe('Accepted');
    expect((await tx.send('Started', 'Authorized', {}, { ...valid, ...begin() })).idTokenInfo.status).toBe('Accepted');
    await s.status(1, 'Occupied');
    expect(await tx.send('Updated', 'CablePluggedIn', { chargingState: 'EVConnected' })).toEqual({});
    expect(await tx.send('Updated', 'ChargingStateChanged', { chargingState: 'SuspendedEV' })).toEqual({});
  });

  octtCase('TC_E_39_CSMS', 'Stop transaction options - Deauthorized - timeout', async () => {
    const s = await c.station('TC_E_39_CSMS');
    const tx = new Transaction201(s);
    expect((await s.send('Authorize', valid)).idTokenInfo.status).toBe('Accepted');
    expect((await tx.send('Started', 'Authorized', {}, { ...valid, ...begin() })).idTokenInfo.status).toBe('Accepted');
    // No cable within EVConnectionTimeOut.
    expect(await tx.send('Ended', 'EVConnectTimeout', { stoppedReason: 'Timeout' }, end(0))).toEqual({});
    expect(await completed(s)).toMatchObject({ status: 'COMPLETED', stopReason: 'Timeout', energyWh: 0 });
  });

  octtCase('TC_E_53_CSMS', 'Reset Sequence Number - CSMS accepting seqNo = 0 at start of transaction', async () => {
    const s = await c.station('TC_E_53_CSMS');
    const first = await charging(s);
    await first.send('Updated', 'MeterValuePeriodic', {}, { meterValue: [energy(1000)] });
    await first.send('Ended', 'StopAuthorized', { stoppedReason: 'Local' }, { ...valid, ...end(2000) });
    // The next transaction starts its seqNo at 0 again.
    const second = new Transaction201(s);
    expect(second.seqNo).toBe(0);
    expect((await second.send('Started', 'Authorized', { chargingState: 'Charging' }, { ...valid, ...begin(2000) })).idTokenInfo.status).toBe('Accepted');
    const sessions = await eventually(() => c.sessions(s.id), (x) => x.length === 2);
    expect(sessions.map((x: any) => x.transactionId).sort()).toEqual([first.id, second.id].sort());
    expect(sessions.find((x: any) => x.transactionId === second.id)).toMatchObject({ status: 'ACTIVE' });
  });
});
