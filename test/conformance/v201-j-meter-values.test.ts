/** OCTT OCPP 2.0.1 CSMS cases, block J (Meter Values): clock-aligned and sampled values, signed too; the CSMS answers and keeps them. */
import { describe, expect } from 'vitest';
import { conformanceSuite, eventually, octtCase, TOKENS } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';
import { energy, idToken, Transaction201 } from './support/transaction-201.js';

const c = conformanceSuite('2.0.1');
const valid = idToken(TOKENS.valid);

async function charging(s: OcttStation, wh = 1000): Promise<Transaction201> {
  const tx = new Transaction201(s);
  await s.status(1, 'Occupied');
  expect((await tx.send('Started', 'Authorized', { chargingState: 'Charging' }, { ...valid, meterValue: [energy(wh, 'Transaction.Begin')] })).idTokenInfo.status).toBe('Accepted');
  return tx;
}

/** The session's samples once `n` of them are in. */
async function samples(s: OcttStation, n: number): Promise<{ context: string; value: string }[]> {
  const id = (await eventually(() => c.sessions(s.id), (x) => x.length > 0))[0].id;
  return (await eventually(async () => (await c.p.api(`/v1/sessions/${id}`)).body.samples, (x: unknown[]) => x.length >= n)) as { context: string; value: string }[];
}

describe('OCPP 2.0.1 J. Meter Values', () => {
  octtCase('TC_J_01_CSMS', 'Clock-aligned Meter Values - No transaction ongoing', async () => {
    const s = await c.station('TC_J_01_CSMS');
    expect(await s.send('MeterValues', { evseId: 0, meterValue: [energy(50_000, 'Sample.Clock')] })).toEqual({});
    expect(await s.send('MeterValues', { evseId: 1, meterValue: [energy(20_000, 'Sample.Clock')] })).toEqual({});
  });

  octtCase('TC_J_02_CSMS', 'Clock-aligned Meter Values - Transaction ongoing', async () => {
    const s = await c.station('TC_J_02_CSMS');
    const tx = await charging(s);
    expect(await tx.send('Updated', 'MeterValueClock', {}, { meterValue: [energy(1500, 'Sample.Clock')] })).toEqual({});
    expect((await samples(s, 2)).map((x) => [x.context, Number(x.value)])).toContainEqual(['Sample.Clock', 1500]);
  });

  octtCase('TC_J_03_CSMS', 'Clock-aligned Meter Values - EventType Ended', async () => {
    const s = await c.station('TC_J_03_CSMS');
    const tx = await charging(s);
    // The Ended event carries the clock-aligned values of the transaction (AlignedDataTxEndedMeasurands).
    expect(await tx.send('Ended', 'StopAuthorized', { stoppedReason: 'Local' }, { ...valid, meterValue: [energy(1200, 'Sample.Clock'), energy(1400, 'Transaction.End')] })).toBeDefined();
    const done = await eventually(async () => (await c.sessions(s.id))[0], (x) => x.status === 'COMPLETED');
    expect(done).toMatchObject({ meterStartWh: 1000, meterStopWh: 1400, energyWh: 400 });
  });

  octtCase('TC_J_04_CSMS', 'Clock-aligned Meter Values - Signed', async () => {
    const s = await c.station('TC_J_04_CSMS');
    expect(await s.send('MeterValues', { evseId: 1, meterValue: [energy(20_000, 'Sample.Clock', true)] })).toEqual({});
  });

  octtCase('TC_J_07_CSMS', 'Sampled Meter Values - EventType Started - EVSE known', async () => {
    const s = await c.station('TC_J_07_CSMS');
    await charging(s, 700);
    expect((await samples(s, 1)).map((x) => [x.context, Number(x.value)])).toContainEqual(['Transaction.Begin', 700]);
    expect((await c.sessions(s.id))[0]).toMatchObject({ evseId: 1, meterStartWh: 700 });
  });

  octtCase('TC_J_08_CSMS', 'Sampled Meter Values - Context Transaction.Begin - EVSE not known', async () => {
    const s = await c.station('TC_J_08_CSMS');
    const tx = new Transaction201(s);
    // Authorized first: the EVSE is not known when the transaction starts; the begin value comes with it.
    expect((await tx.send('Started', 'Authorized', {}, { ...valid, evse: null })).idTokenInfo.status).toBe('Accepted');
    await s.status(1, 'Occupied');
    expect(await tx.send('Updated', 'CablePluggedIn', { chargingState: 'EVConnected' }, { evse: { id: 1, connectorId: 1 }, meterValue: [energy(800, 'Transaction.Begin')] })).toEqual({});
    expect(await eventually(async () => (await c.sessions(s.id))[0], (x) => x?.evseId === 1)).toMatchObject({ evseId: 1, meterStartWh: 800 });
  });

  octtCase('TC_J_09_CSMS', 'Sampled Meter Values - EventType Updated', async () => {
    const s = await c.station('TC_J_09_CSMS');
    const tx = await charging(s);
    expect(await tx.send('Updated', 'MeterValuePeriodic', {}, { meterValue: [energy(1800, 'Sample.Periodic')] })).toEqual({});
    expect((await samples(s, 2)).map((x) => [x.context, Number(x.value)])).toContainEqual(['Sample.Periodic', 1800]);
  });

  octtCase('TC_J_10_CSMS', 'Sampled Meter Values - EventType Ended', async () => {
    const s = await c.station('TC_J_10_CSMS');
    const tx = await charging(s);
    expect(await tx.send('Ended', 'EVCommunicationLost', { stoppedReason: 'EVDisconnected' }, { meterValue: [energy(2600, 'Transaction.End')] })).toEqual({});
    const done = await eventually(async () => (await c.sessions(s.id))[0], (x) => x.status === 'COMPLETED');
    expect(done).toMatchObject({ meterStopWh: 2600, energyWh: 1600 });
  });

  octtCase('TC_J_11_CSMS', 'Sampled Meter Values - Signed', async () => {
    const s = await c.station('TC_J_11_CSMS');
    const tx = await charging(s);
    expect(await tx.send('Updated', 'MeterValuePeriodic', {}, { meterValue: [energy(1900, 'Sample.Periodic', true)] })).toEqual({});
    expect((await samples(s, 2)).map((x) => [x.context, Number(x.value)])).toContainEqual(['Sample.Periodic', 1900]);
  });
});
