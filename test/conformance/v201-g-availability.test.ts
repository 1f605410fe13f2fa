/** OCTT OCPP 2.0.1 CSMS cases, block G (Availability): ChangeAvailability of EVSE, station and connector from the operator's API. */
import { describe, expect } from 'vitest';
import { conformanceSuite, eventually, octtCase, TOKENS } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';
import { energy, idToken, Transaction201 } from './support/transaction-201.js';

const c = conformanceSuite('2.0.1');

type Target = { evseId?: number; connectorId?: number };
async function changeAvailability(s: OcttStation, operative: boolean, target: Target, answer: string) {
  s.answer('ChangeAvailability', { status: answer });
  const cmd = await c.command('change-availability', { stationId: s.id, operative, ...target });
  const evse = target.evseId !== undefined ? { evse: { id: target.evseId, ...(target.connectorId !== undefined ? { connectorId: target.connectorId } : {}) } } : {};
  expect(await s.received('ChangeAvailability')).toEqual({ operationalStatus: operative ? 'Operative' : 'Inoperative', ...evse });
  expect(await c.settled(cmd)).toMatchObject({ status: 'accepted', response: { status: answer } });
}

const evseStatus = (s: OcttStation, want: string) => eventually(async () => (await c.p.api(`/v1/evses/${s.id}.1`)).body.status, (x) => x === want);

function toggles(id: string, title: string, target: Target, operative: boolean) {
  octtCase(id, title, async () => {
    const s = await c.station(id);
    if (operative) {
      await changeAvailability(s, false, target, 'Accepted');
      expect(await s.status(1, 'Unavailable')).toEqual({});
    }
    await changeAvailability(s, operative, target, 'Accepted');
    expect(await s.status(1, operative ? 'Available' : 'Unavailable')).toEqual({});
    expect(await evseStatus(s, operative ? 'AVAILABLE' : 'UNAVAILABLE')).toBe(operative ? 'AVAILABLE' : 'UNAVAILABLE');
  });
}

function withTransaction(id: string, title: string, target: Target) {
  octtCase(id, title, async () => {
    const s = await c.station(id);
    const tx = new Transaction201(s);
    await s.status(1, 'Occupied');
    await tx.send('Started', 'Authorized', { chargingState: 'Charging' }, { ...idToken(TOKENS.valid), meterValue: [energy(0, 'Transaction.Begin')] });
    // Scheduled: the change applies once the transaction has ended.
    await changeAvailability(s, false, target, 'Scheduled');
    await tx.send('Ended', 'StopAuthorized', { stoppedReason: 'Local' }, { ...idToken(TOKENS.valid), meterValue: [energy(1000, 'Transaction.End')] });
    expect(await s.status(1, 'Unavailable')).toEqual({});
    expect(await evseStatus(s, 'UNAVAILABLE')).toBe('UNAVAILABLE');
  });
}

describe('OCPP 2.0.1 G. Availability', () => {
  toggles('TC_G_03_CSMS', 'Change Availability EVSE - Operative to inoperative', { evseId: 1 }, false);
  toggles('TC_G_04_CSMS', 'Change Availability EVSE - Inoperative to operative', { evseId: 1 }, true);
  toggles('TC_G_05_CSMS', 'Change Availability Charging Station - Operative to inoperative', {}, false);
  toggles('TC_G_06_CSMS', 'Change Availability Charging Station - Inoperative to operative', {}, true);
  toggles('TC_G_07_CSMS', 'Change Availability Connector - Operative to inoperative', { evseId: 1, connectorId: 1 }, false);
  toggles('TC_G_08_CSMS', 'Change Availability Connector - Inoperative to operative', { evseId: 1, connectorId: 1 }, true);
  withTransaction('TC_G_11_CSMS', 'Change Availability EVSE - With ongoing transaction', { evseId: 1 });
  withTransaction('TC_G_14_CSMS', 'Change Availability Charging Station - With ongoing transaction', {});
  withTransaction('TC_G_17_CSMS', 'Change Availability Connector - With ongoing transaction', { evseId: 1, connectorId: 1 });

  octtCase('TC_G_20_CSMS', 'Connector status Notification - Lock Failure', async () => {
    const s = await c.station('TC_G_20_CSMS');
    const timestamp = new Date().toISOString();
    const notify = await s.send('NotifyEvent', {
      generatedAt: timestamp,
      seqNo: 0,
      eventData: [
        { eventId: 1, timestamp, trigger: 'Delta', actualValue: 'true', eventNotificationType: 'HardWiredNotification', component: { name: 'ConnectorPlugRetentionLock', evse: { id: 1, connectorId: 1 } }, variable: { name: 'Problem' } },
      ],
    });
    expect(notify).toEqual({});
  });
});
