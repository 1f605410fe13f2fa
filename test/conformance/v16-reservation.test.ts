/** OCTT OCPP 1.6 CSMS cases, Reservation profile (3.17): ReserveNow / CancelReservation from the operator's API. */
import { describe, expect } from 'vitest';
import { conformanceSuite, eventually, octtCase, sleep, TOKENS } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';

const c = conformanceSuite('1.6');
const now = () => new Date().toISOString();
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

/** evseId 0: the whole charge point (the operator names no EVSE). */
async function reserve(s: OcttStation, evseId: number, idToken: string, answer: string, minutes = 10): Promise<{ cmd: any; req: any }> {
  s.answer('ReserveNow', { status: answer });
  const cmd = await c.command('reserve', { stationId: s.id, ...(evseId > 0 ? { evseId } : {}), idToken, reservationExpiresAt: inMinutes(minutes) });
  const req = await s.received('ReserveNow');
  expect(req).toMatchObject({ connectorId: evseId, idTag: idToken, reservationId: cmd.params.reservationId });
  expect(Math.abs(Date.parse(req.expiryDate) - Date.parse(cmd.params.reservationExpiresAt))).toBeLessThan(1000);
  return { cmd, req };
}

const reservation = (cmd: any) => eventually(async () => (await c.p.api(`/v1/reservations/${cmd.id}`)).body, () => true);

describe('OCPP 1.6 Reservation (OCTT 3.17)', () => {
  octtCase('TC_046_CSMS', 'Reservation of a Connector - Transaction', async () => {
    const s = await c.station('TC_046_CSMS');
    const { cmd, req } = await reserve(s, 1, TOKENS.valid, 'Accepted');
    expect((await c.settled(cmd)).status).toBe('accepted');
    expect(await s.status(1, 'Reserved')).toEqual({});
    await s.status(1, 'Preparing');
    expect((await s.send('Authorize', { idTag: TOKENS.valid })).idTagInfo.status).toBe('Accepted');
    const started = await s.send('StartTransaction', { connectorId: 1, idTag: TOKENS.valid, meterStart: 0, timestamp: now(), reservationId: req.reservationId });
    expect(started.idTagInfo.status).toBe('Accepted');
    await s.status(1, 'Charging');
    expect((await eventually(() => reservation(cmd), (r) => r.status !== 'active')).status).not.toBe('active');
  });

  octtCase('TC_047_CSMS', 'Reservation of a Connector - Expire', async () => {
    const s = await c.station('TC_047_CSMS');
    const { cmd, req } = await reserve(s, 1, TOKENS.valid, 'Accepted', 0.05);
    expect((await c.settled(cmd)).status).toBe('accepted');
    expect(await s.status(1, 'Reserved')).toEqual({});
    // expiryDate passed on the station: the connector is Available again.
    await sleep(Math.max(0, Date.parse(req.expiryDate) - Date.now()) + 100);
    expect(await s.status(1, 'Available')).toEqual({});
    expect((await eventually(() => reservation(cmd), (r) => r.status !== 'active')).status).not.toBe('active');
  });

  for (const [id, what, answer] of [
    ['TC_048_1_CSMS', 'Faulted', 'Faulted'],
    ['TC_048_2_CSMS', 'Occupied', 'Occupied'],
    ['TC_048_3_CSMS', 'Unavailable', 'Unavailable'],
    ['TC_048_4_CSMS', 'Rejected', 'Rejected'],
  ] as const) {
    octtCase(id, `Reservation of a Connector - ${what}`, async () => {
      const s = await c.station(id);
      if (answer === 'Faulted') await s.status(1, 'Faulted', 'OtherError');
      if (answer === 'Occupied') await s.status(1, 'Preparing');
      if (answer === 'Unavailable') await s.status(1, 'Unavailable');
      const { cmd } = await reserve(s, 1, TOKENS.valid, answer);
      expect(await c.settled(cmd)).toMatchObject({ status: 'rejected', response: { status: answer } });
    });
  }

  octtCase('TC_049_CSMS', 'Reservation of a Charge Point - Transaction', async () => {
    const s = await c.station('TC_049_CSMS');
    const { cmd, req } = await reserve(s, 0, TOKENS.valid, 'Accepted');
    expect((await c.settled(cmd)).status).toBe('accepted');
    await s.status(1, 'Preparing');
    const started = await s.send('StartTransaction', { connectorId: 1, idTag: TOKENS.valid, meterStart: 0, timestamp: now(), reservationId: req.reservationId });
    expect(started.idTagInfo.status).toBe('Accepted');
    await s.status(1, 'Charging');
  });

  octtCase('TC_051_CSMS', 'Cancel Reservation', async () => {
    const s = await c.station('TC_051_CSMS');
    const { cmd, req } = await reserve(s, 1, TOKENS.valid, 'Accepted');
    expect((await c.settled(cmd)).status).toBe('accepted');
    await s.status(1, 'Reserved');
    s.answer('CancelReservation', { status: 'Accepted' });
    const cancel = await c.command('cancel-reservation', { stationId: s.id, reservationId: req.reservationId });
    expect(await s.received('CancelReservation')).toEqual({ reservationId: req.reservationId });
    expect((await c.settled(cancel)).status).toBe('accepted');
    expect(await s.status(1, 'Available')).toEqual({});
    expect((await eventually(() => reservation(cmd), (r) => r.status !== 'active')).status).not.toBe('active');
  });

  octtCase('TC_052_CSMS', 'Cancel Reservation - Rejected', async () => {
    const s = await c.station('TC_052_CSMS');
    s.answer('CancelReservation', { status: 'Rejected' });
    const cancel = await c.command('cancel-reservation', { stationId: s.id, reservationId: 4242 });
    expect(await s.received('CancelReservation')).toEqual({ reservationId: 4242 });
    expect(await c.settled(cancel)).toMatchObject({ status: 'rejected', response: { status: 'Rejected' } });
  });

  octtCase('TC_053_CSMS', 'Use a reserved Connector with parentIdTag', async () => {
    const s = await c.station('TC_053_CSMS');
    const { cmd, req } = await reserve(s, 1, TOKENS.grouped, 'Accepted');
    expect(req.parentIdTag).toBe(TOKENS.group);
    expect((await c.settled(cmd)).status).toBe('accepted');
    await s.status(1, 'Reserved');
    // Another idTag of the same group: the CSMS tells its parentIdTag, so the station lets it use the reservation.
    const auth = await s.send('Authorize', { idTag: TOKENS.grouped2 });
    expect(auth.idTagInfo).toMatchObject({ status: 'Accepted', parentIdTag: TOKENS.group });
    await s.status(1, 'Preparing');
    const started = await s.send('StartTransaction', { connectorId: 1, idTag: TOKENS.grouped2, meterStart: 0, timestamp: now(), reservationId: req.reservationId });
    expect(started.idTagInfo).toMatchObject({ status: 'Accepted', parentIdTag: TOKENS.group });
    await s.status(1, 'Charging');
  });
});
