/** OCTT OCPP 2.0.1 CSMS cases, block P (Data Transfer). */
import { describe, expect } from 'vitest';
import { conformanceSuite, octtCase, TOKENS } from './support/harness.js';

const c = conformanceSuite('2.0.1');

describe('OCPP 2.0.1 P. Data Transfer', () => {
  octtCase('TC_P_02_CSMS', 'Data Transfer to the CSMS - Rejected / Unknown VendorId / Unknown MessageId', async () => {
    const s = await c.station('TC_P_02_CSMS');
    const r = await s.send('DataTransfer', { vendorId: 'com.octt.unknown', messageId: 'OcttMessage', data: 'hello' });
    expect(['Rejected', 'UnknownVendorId', 'UnknownMessageId']).toContain(r.status);
  });

  octtCase('TC_P_03_CSMS', 'CustomData - Receive custom data', async () => {
    const s = await c.station('TC_P_03_CSMS');
    const customData = { vendorId: 'com.octt', octtExtra: 'extra value' };
    // Messages carrying customData are handled as they would be without it.
    expect((await s.send('Heartbeat', { customData })).currentTime).toBeTruthy();
    expect((await s.send('Authorize', { idToken: { idToken: TOKENS.valid, type: 'ISO14443', customData }, customData })).idTokenInfo.status).toBe('Accepted');
    expect(await s.send('StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId: 1, connectorId: 1, customData })).toEqual({});
  });
});
