/** OCTT OCPP 2.0.1 CSMS cases, block H (Reservation): ReserveNow / CancelReservation from the operator's API, ReservationStatusUpdate. */
import { describe, expect } from 'vitest';
import { conformanceSuite, eventually, octtCase, sleep, TOKENS } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';
import { energy, idToken, Transaction201 } from './support/transaction-201.js';

const c = conformanceSuite('2.0.1');
const inSeconds = (sec: number) => new Date(Date.now() + sec * 1000).toISOString();

async function reserve(s: OcttStation, o: { evseId?: number; token?: string; connectorType?: string; answer?: string; seconds?: number }) {
  s.answer('ReserveNow', { status: o.answer ?? 'Accepted' });
  const token = o.token ?? TOKENS.valid;
  const cmd = await c.command('reserve', {
    stationId: s.id,
    idToken: token,
    reservationExpiresAt: inSeconds(o.seconds ?? 600),
    ...(o.evseId !== undefined ? { evseId: o.evseId } : {}),
    ...(o.connectorType ? { connectorType: o.connectorType } : {}),
  });
  const req = await s.received('ReserveNow');
  expect(req).toMatchObject({ id: cmd.params.reservationId, idToken: { idToken: token, type: 'ISO14443' } });
  expect(req.evseId).toBe(o.evseId);
  expect(req.connectorType).toBe(o.connectorType);
  expect(Math.abs(Date.parse(req.expiryDateTime) - Date.parse(cmd.params.reservationExpiresAt))).toBeLessThan(1000);
  return { cmd: await c.settled(cmd), req };
}

const reservation = (cmd: { id: string }, ended = false) =>
  eventually(async () => (await c.p.api(`/v1/reservations/${cmd.id}`)).body, (r) => !ended || r.status !== 'active');

async function startOnReservation(s: OcttStation, reservationId: number, token: string = TOKENS.valid) {
  const tx = new Transaction201(s);
  await s.status(1, 'Occupied');
  const started = await tx.send('Started', 'Authorized', { chargingState: 'EVConnected' }, { ...idToken(token), reservationId, meterValue: [energy(0, 'Transaction.Begin')] });
  expect(started.idTokenInfo.status).toBe('Accepted');
  return tx;
}

describe('OCPP 2.0.1 H. Reservation', () => {
  octtCase('TC_H_01_CSMS', 'Reserve a specific EVSE - Accepted - Valid idToken', async () => {
    const s = await c.station('TC_H_01_CSMS');
    const { cmd, req } = await reserve(s, { evseId: 1 });
    expect(cmd.status).toBe('accepted');
    expect(await s.status(1, 'Reserved')).toEqual({});
    expect((await s.send('Authorize', idToken(TOKENS.valid))).idTokenInfo.status).toBe('Accepted');
    await startOnReservation(s, req.id);
    expect((await reservation(cmd, true)).status).not.toBe('active');
  });

  octtCase('TC_H_07_CSMS', 'Reserve a specific EVSE - Reservation Ended / not used', async () => {
    const s = await c.station('TC_H_07_CSMS');
    const { cmd, req } = await reserve(s, { evseId: 1, seconds: 2 });
    expect(cmd.status).toBe('accepted');
    await s.status(1, 'Reserved');
    await sleep(Math.max(0, Date.parse(req.expiryDateTime) - Date.now()) + 100);
    expect(await s.send('ReservationStatusUpdate', { reservationId: req.id, reservationUpdateStatus: 'Expired' })).toEqual({});
    expect(await s.status(1, 'Available')).toEqual({});
    expect((await reservation(cmd, true)).status).not.toBe('active');
  });

  octtCase('TC_H_08_CSMS', 'Reserve an unspecified EVSE - Accepted', async () => {
    const s = await c.station('TC_H_08_CSMS');
    const { cmd, req } = await reserve(s, {});
    expect(cmd.status).toBe('accepted');
    await startOnReservation(s, req.id);
  });

  octtCase('TC_H_14_CSMS', 'Reserve an unspecified EVSE - Amount of EVSEs available equals the amount of reservations', async () => {
    const s = await c.station('TC_H_14_CSMS');
    expect((await reserve(s, {})).cmd.status).toBe('accepted');
    // Every EVSE is reserved now: the station answers Occupied to one more.
    const second = await reserve(s, { token: TOKENS.valid2, answer: 'Occupied' });
    expect(second.cmd).toMatchObject({ status: 'rejected', response: { status: 'Occupied' } });
  });

  octtCase('TC_H_15_CSMS', 'Reserve a connector with a specific type - Success', async () => {
    const s = await c.station('TC_H_15_CSMS');
    const { cmd, req } = await reserve(s, { connectorType: 'cType2' });
    expect(cmd.status).toBe('accepted');
    await startOnReservation(s, req.id);
  });

  octtCase('TC_H_17_CSMS', 'Cancel reservation of an EVSE - Success', async () => {
    const s = await c.station('TC_H_17_CSMS');
    const { cmd, req } = await reserve(s, { evseId: 1 });
    expect(cmd.status).toBe('accepted');
    await s.status(1, 'Reserved');
    s.answer('CancelReservation', { status: 'Accepted' });
    const cancel = await c.command('cancel-reservation', { stationId: s.id, reservationId: req.id });
    expect(await s.received('CancelReservation')).toEqual({ reservationId: req.id });
    expect((await c.settled(cancel)).status).toBe('accepted');
    expect(await s.status(1, 'Available')).toEqual({});
    expect((await reservation(cmd, true)).status).not.toBe('active');
  });

  octtCase('TC_H_19_CSMS', 'Reserve a specific EVSE - Use a reserved EVSE with GroupId', async () => {
    const s = await c.station('TC_H_19_CSMS');
    const { cmd, req } = await reserve(s, { evseId: 1, token: TOKENS.grouped });
    expect(req.groupIdToken).toEqual({ idToken: TOKENS.group, type: 'Central' });
    expect(cmd.status).toBe('accepted');
    await s.status(1, 'Reserved');
    // Another token of the group: the CSMS names the same group, so the station lets it use the reservation.
    expect((await s.send('Authorize', idToken(TOKENS.grouped2))).idTokenInfo).toMatchObject({ status: 'Accepted', groupIdToken: { idToken: TOKENS.group, type: 'Central' } });
    await startOnReservation(s, req.id, TOKENS.grouped2);
  });

  octtCase('TC_H_20_CSMS', 'Charging Station cancels reservation when Faulted', async () => {
    const s = await c.station('TC_H_20_CSMS');
    const { cmd, req } = await reserve(s, { evseId: 1 });
    expect(cmd.status).toBe('accepted');
    await s.status(1, 'Reserved');
    expect(await s.status(1, 'Faulted')).toEqual({});
    expect(await s.send('ReservationStatusUpdate', { reservationId: req.id, reservationUpdateStatus: 'Removed' })).toEqual({});
    expect((await reservation(cmd, true)).status).not.toBe('active');
  });

  octtCase('TC_H_22_CSMS', 'Reserve a specific EVSE - Configured to Reject', async () => {
    const s = await c.station('TC_H_22_CSMS');
    expect((await reserve(s, { evseId: 1, answer: 'Rejected' })).cmd).toMatchObject({ status: 'rejected', response: { status: 'Rejected' } });
  });
});
