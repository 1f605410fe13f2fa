import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ocppClient } from '../../helpers/ocpp-client.js';
import { provisionBasics, startTestPlatform, type TestPlatform } from '../../helpers/platform.js';

const PASSWORD = 'Xq7-kP2_zR9mW4tY-occ';
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
  await provisionBasics(p, []);
  const r = await p.api('/v1/stations', { body: { id: 'OCC-201', operatorId: 'OP-T', locationId: 'LOC-T', password: PASSWORD, evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 60 }] }] } });
  expect(r.status).toBe(201);
});
afterAll(() => p.stop());

const t0 = Date.UTC(2026, 2, 1, 8, 0);
const at = (ms: number) => new Date(t0 + ms).toISOString();

describe('2.0.1 "Occupied" and the transaction that explains it', () => {
  it('a connector reported Occupied just after its TransactionEvent time still shows the chargingState', async () => {
    const c = ocppClient({ endpoint: p.ocpp, identity: 'OCC-201', password: PASSWORD, protocols: ['ocpp2.0.1'] });
    await c.connect();
    await c.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'DC60', vendorName: 'XJ' } });
    const status = async () => (await p.api('/v1/evses/OCC-201.1')).body.status as string;
    const sn = (ms: number, connectorStatus: string) => c.call('StatusNotification', { timestamp: at(ms), connectorStatus, evseId: 1, connectorId: 1 });
    const tx = (ms: number, eventType: string, seqNo: number, chargingState: string) =>
      c.call('TransactionEvent', { eventType, timestamp: at(ms), triggerReason: 'ChargingStateChanged', seqNo, transactionInfo: { transactionId: 'occ-tx-1', chargingState }, evse: { id: 1, connectorId: 1 }, ...(eventType === 'Started' ? { idToken: { idToken: 'TAG-OK', type: 'ISO14443' } } : {}) });

    await sn(0, 'Available');
    expect(await status()).toBe('AVAILABLE');
    // The station stamps Occupied a few ms after the moment it gives the transaction (as real ones do).
    await sn(1_005, 'Occupied');
    expect(await status()).toBe('PREPARING');
    await tx(1_000, 'Started', 0, 'Charging');
    expect(await status()).toBe('CHARGING');
    // A later Occupied says nothing new: still charging.
    await sn(2_000, 'Occupied');
    expect(await status()).toBe('CHARGING');
    await tx(3_000, 'Updated', 1, 'SuspendedEV');
    expect(await status()).toBe('SUSPENDED');
    await tx(4_000, 'Ended', 2, 'EVConnected');
    await sn(5_000, 'Available');
    expect(await status()).toBe('AVAILABLE');
    // A chargingState older than a free connector's report changes nothing.
    await tx(4_500, 'Updated', 3, 'Charging');
    expect(await status()).toBe('AVAILABLE');
    await sn(6_000, 'Occupied');
    expect(await status()).toBe('PREPARING');
    await c.close();
  });
});
