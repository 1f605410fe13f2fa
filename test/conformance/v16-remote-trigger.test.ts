/** OCTT OCPP 1.6 CSMS cases, Remote Trigger profile (3.18): TriggerMessage from the operator's API. */
import { describe, expect } from 'vitest';
import { conformanceSuite, octtCase } from './support/harness.js';

const c = conformanceSuite('1.6');

describe('OCPP 1.6 Remote Trigger (OCTT 3.18)', () => {
  octtCase('TC_054_CSMS', 'Trigger Message', async () => {
    const s = await c.station('TC_054_CSMS');
    s.answer('TriggerMessage', { status: 'Accepted' });
    // Each message the case asks for, and the station sends it after accepting.
    const sends: Record<string, () => Promise<any>> = {
      MeterValues: () => s.send('MeterValues', { connectorId: 1, meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '1000', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }] }),
      Heartbeat: () => s.send('Heartbeat'),
      StatusNotification: () => s.status(1, 'Available'),
      DiagnosticsStatusNotification: () => s.send('DiagnosticsStatusNotification', { status: 'Idle' }),
      FirmwareStatusNotification: () => s.send('FirmwareStatusNotification', { status: 'Idle' }),
      BootNotification: () => s.boot(),
    };
    for (const [message, send] of Object.entries(sends)) {
      const connector = message === 'MeterValues' || message === 'StatusNotification' ? { evseId: 1 } : {};
      const cmd = await c.command('trigger', { stationId: s.id, message, ...connector });
      expect(await s.received('TriggerMessage')).toEqual({ requestedMessage: message, ...('evseId' in connector ? { connectorId: 1 } : {}) });
      expect((await c.settled(cmd)).status).toBe('accepted');
      expect(await send()).toBeDefined();
    }
  });

  octtCase('TC_055_CSMS', 'Trigger Message - Rejected', async () => {
    const s = await c.station('TC_055_CSMS');
    s.answer('TriggerMessage', { status: 'Rejected' });
    const cmd = await c.command('trigger', { stationId: s.id, message: 'MeterValues', evseId: 1 });
    expect(await s.received('TriggerMessage')).toEqual({ requestedMessage: 'MeterValues', connectorId: 1 });
    expect(await c.settled(cmd)).toMatchObject({ status: 'rejected', response: { status: 'Rejected' } });
  });
});
