import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAndBoot, simStationSpec, stationCreateBody } from '../../helpers/sim-stations.js';
import type { SimulatedStation } from '../../../simulators/station/station.js';
import { settleCommand } from '../../helpers/commands.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { REDIS_URL } from '../../helpers/services.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The EVSE's status as drivers see it, once it is `want` (or as it stands after `ms`). */
async function evseStatus(p: TestPlatform, evseId: string, want: string, ms = 3_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const status = (await p.api(`/v1/evses/${evseId}`)).body.status as string;
    if (status === want || Date.now() > deadline) return status;
    await sleep(50);
  }
}

describe.each([
  { version: '1.6', redis: false },
  { version: '2.0.1', redis: false },
  { version: '1.6', redis: true },
  { version: '2.0.1', redis: true },
] as const)('reservations over OCPP $version (redis: $redis)', ({ version, redis }) => {
  let p: TestPlatform;
  const stations: SimulatedStation[] = [];
  const tag = `${version.replace('.', '')}${redis ? 'R' : 'E'}`;
  const reporting = simStationSpec(`RSV-${tag}`, version, 'dc120Dual');
  // A station that never reports the end of a reservation on its own: the platform frees the EVSE.
  const silent = simStationSpec(`RSV-SILENT-${tag}`, version, 'dc120Dual');
  const reserve = (stationId: string, evseId: number, idToken: string, inMs: number) =>
    p.api('/v1/commands/reserve', { body: { stationId, evseId, idToken, reservationExpiresAt: new Date(Date.now() + inMs).toISOString() } });

  beforeAll(async () => {
    p = await startTestPlatform(redis ? { postgres: true, redisUrl: REDIS_URL } : {});
    await p.api('/v1/operators', { body: { id: 'OP-R', name: 'Reservations CPO', roles: ['CPO', 'EMSP'] } });
    await p.api('/v1/locations', { body: { id: 'LOC-R', operatorId: 'OP-R', name: 'Site', city: 'Xiangtan', address: 'x', lat: 27.86, lng: 112.9 } });
    for (const uid of ['DRIVER-A', 'DRIVER-B']) await p.api('/v1/tokens', { body: { uid, operatorId: 'OP-R', status: 'Accepted' } });
    for (const spec of [reporting, silent]) expect((await p.api('/v1/stations', { body: stationCreateBody(spec, 'OP-R', 'LOC-R') })).status).toBe(201);
    stations.push(await connectAndBoot(p.ocpp, reporting));
    stations.push(await connectAndBoot(p.ocpp, silent, { reportReservationExpiry: false }));
  });
  afterAll(async () => {
    for (const s of stations) await s.close();
    await p.stop();
  });

  it('a reserved EVSE shows RESERVED, refuses another reservation, and is released on cancellation', async () => {
    const made = await reserve(reporting.id, 1, 'DRIVER-A', 60_000);
    expect(made.status).toBe(202);
    const reservationId = made.body.params.reservationId;
    expect(reservationId).toBeGreaterThan(0);
    expect(await settleCommand((path) => p.api(path), made.body.id)).toMatchObject({ status: 'accepted', response: { status: 'Accepted' } });
    expect(await evseStatus(p, `${reporting.id}.1`, 'RESERVED')).toBe('RESERVED');
    expect(await evseStatus(p, `${reporting.id}.2`, 'AVAILABLE')).toBe('AVAILABLE');
    // The app finds it again by the command's id, or among the station's active reservations.
    expect((await p.api(`/v1/reservations/${made.body.id}`)).body).toMatchObject({ id: made.body.id, stationId: reporting.id, reservationId, evseId: 1, idToken: 'DRIVER-A', status: 'active', endedAt: null });
    const active = await p.api(`/v1/reservations?stationId=${reporting.id}&status=active`);
    expect(active.body.items.map((r: { id: string }) => r.id)).toEqual([made.body.id]);

    // The EVSE is held: a second reservation is refused by the station, in the station's words.
    const other = await reserve(reporting.id, 1, 'DRIVER-B', 60_000);
    expect(await settleCommand((path) => p.api(path), other.body.id)).toMatchObject({ status: 'rejected', response: { status: 'Occupied' } });

    const cancel = await p.api('/v1/commands/cancel-reservation', { body: { stationId: reporting.id, reservationId } });
    expect(await settleCommand((path) => p.api(path), cancel.body.id)).toMatchObject({ status: 'accepted' });
    expect(await evseStatus(p, `${reporting.id}.1`, 'AVAILABLE')).toBe('AVAILABLE');
    expect((await p.api(`/v1/reservations/${made.body.id}`)).body).toMatchObject({ status: 'cancelled', endedAt: expect.any(String) });
    expect((await p.api(`/v1/reservations?stationId=${reporting.id}&status=active`)).body.items).toEqual([]);
    // Cancelling it again: the station no longer knows it.
    const again = await p.api('/v1/commands/cancel-reservation', { body: { stationId: reporting.id, reservationId } });
    expect(await settleCommand((path) => p.api(path), again.body.id)).toMatchObject({ status: 'rejected', response: { status: 'Rejected' } });
  });

  it('at expiry the EVSE is AVAILABLE again even when the station does not say so', async () => {
    const before = stations[1]!.log.length;
    const made = await reserve(silent.id, 2, 'DRIVER-A', 1_500);
    expect(await settleCommand((path) => p.api(path), made.body.id)).toMatchObject({ status: 'accepted' });
    expect(await evseStatus(p, `${silent.id}.2`, 'RESERVED')).toBe('RESERVED');
    // The station stays silent; the platform's expiry job (every 5 s) frees the EVSE.
    await sleep(1_500);
    expect(await evseStatus(p, `${silent.id}.2`, 'AVAILABLE', 8_000)).toBe('AVAILABLE');
    // The station itself said nothing after reporting Reserved.
    const since = stations[1]!.log.slice(before).filter((c) => c.action === 'StatusNotification').map((c) => JSON.stringify(c.payload));
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((payload) => payload.includes('Reserved'))).toBe(true);
  });

  it('at expiry a reporting station says so (2.0.1 ReservationStatusUpdate Expired, answered); the reservation ends expired', async () => {
    const before = stations[0]!.log.length;
    const made = await reserve(reporting.id, 1, 'DRIVER-A', 1_000);
    expect(await settleCommand((path) => p.api(path), made.body.id)).toMatchObject({ status: 'accepted' });
    const status = async () => (await p.api(`/v1/reservations/${made.body.id}`)).body.status as string;
    for (let i = 0; i < 100 && (await status()) !== 'expired'; i++) await sleep(100);
    expect(await status()).toBe('expired');
    expect(await evseStatus(p, `${reporting.id}.1`, 'AVAILABLE')).toBe('AVAILABLE');
    const updates = stations[0]!.log.slice(before).filter((c) => c.action === 'ReservationStatusUpdate');
    if (version === '2.0.1') {
      for (let i = 0; i < 40 && updates.length === 0; i++) {
        await sleep(50);
        updates.push(...stations[0]!.log.slice(before).filter((c) => c.action === 'ReservationStatusUpdate'));
      }
      expect(updates).toEqual([expect.objectContaining({ payload: { reservationId: made.body.params.reservationId, reservationUpdateStatus: 'Expired' }, result: {} })]);
      expect(updates[0]?.error).toBeUndefined();
    } else {
      expect(updates).toEqual([]); // 1.6 has no such message
    }
  });

  it.runIf(version === '2.0.1')('a station that removes a reservation before its expiry (Removed) has its EVSE freed at once', async () => {
    const made = await reserve(silent.id, 1, 'DRIVER-A', 60_000);
    expect(await settleCommand((path) => p.api(path), made.body.id)).toMatchObject({ status: 'accepted' });
    expect(await evseStatus(p, `${silent.id}.1`, 'RESERVED')).toBe('RESERVED');
    // The silent station reports no status: the platform frees the EVSE on the message alone.
    expect(await stations[1]!.call('ReservationStatusUpdate', { reservationId: made.body.params.reservationId, reservationUpdateStatus: 'Removed' })).toEqual({});
    expect(await evseStatus(p, `${silent.id}.1`, 'AVAILABLE', 2_000)).toBe('AVAILABLE');
    expect((await p.api(`/v1/reservations/${made.body.id}`)).body).toMatchObject({ status: 'removed', endedAt: expect.any(String) });
    expect((await p.api(`/v1/reservations?stationId=${silent.id}&status=removed`)).body.items.map((r: { id: string }) => r.id)).toEqual([made.body.id]);
    // Said again (a retry), or of a reservation it does not hold: answered, nothing changes.
    expect(await stations[1]!.call('ReservationStatusUpdate', { reservationId: made.body.params.reservationId, reservationUpdateStatus: 'Removed' })).toEqual({});
    expect(await stations[1]!.call('ReservationStatusUpdate', { reservationId: 4242, reservationUpdateStatus: 'Expired' })).toEqual({});
  });

  it('reserve may ask for a connector type: 2.0.1 ReserveNow carries it, 1.6 has no such field; an unknown type is 400', async () => {
    const received: Record<string, unknown>[] = [];
    const record = ({ outbound, payload }: { outbound: boolean; payload: unknown[] }) => {
      if (!outbound && payload[2] === 'ReserveNow') received.push(payload[3] as Record<string, unknown>);
    };
    stations[0]!.rpc.on('call', record);
    try {
      const made = await p.api('/v1/commands/reserve', { body: { stationId: reporting.id, idToken: 'DRIVER-B', connectorType: 'cCCS2', reservationExpiresAt: new Date(Date.now() + 60_000).toISOString() } });
      expect(made.status).toBe(202);
      expect(made.body.params.connectorType).toBe('cCCS2');
      expect(await settleCommand((path) => p.api(path), made.body.id)).toMatchObject({ status: 'accepted' });
      const cancel = await p.api('/v1/commands/cancel-reservation', { body: { stationId: reporting.id, reservationId: made.body.params.reservationId } });
      expect(await settleCommand((path) => p.api(path), cancel.body.id)).toMatchObject({ status: 'accepted' });
    } finally {
      stations[0]!.rpc.off('call', record);
    }
    expect(received).toHaveLength(1);
    if (version === '2.0.1') expect(received[0]).toMatchObject({ connectorType: 'cCCS2' });
    else expect(received[0]).not.toHaveProperty('connectorType');
    const bad = await p.api('/v1/commands/reserve', { body: { stationId: reporting.id, idToken: 'DRIVER-B', connectorType: 'cGBT', reservationExpiresAt: new Date(Date.now() + 60_000).toISOString() } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.field).toBe('connectorType');
  });

  it('the reserved driver starts on the EVSE (the reservation is used); another driver is refused', async () => {
    const made = await reserve(reporting.id, 2, 'DRIVER-A', 60_000);
    expect(await settleCommand((path) => p.api(path), made.body.id)).toMatchObject({ status: 'accepted' });
    expect(await evseStatus(p, `${reporting.id}.2`, 'RESERVED')).toBe('RESERVED');
    const intruder = await p.api('/v1/commands/start', { body: { stationId: reporting.id, evseId: 2, idToken: 'DRIVER-B' } });
    expect(await settleCommand((path) => p.api(path), intruder.body.id)).toMatchObject({ status: 'rejected' });
    const start = await p.api('/v1/commands/start', { body: { stationId: reporting.id, evseId: 2, idToken: 'DRIVER-A' } });
    expect(await settleCommand((path) => p.api(path), start.body.id)).toMatchObject({ status: 'accepted' });
    expect(await evseStatus(p, `${reporting.id}.2`, 'CHARGING')).toBe('CHARGING');
    const status = async () => (await p.api(`/v1/reservations/${made.body.id}`)).body.status as string;
    for (let i = 0; i < 60 && (await status()) !== 'used'; i++) await sleep(50);
    expect(await status()).toBe('used');
  });

  it('bad reservations: expiry in the past 400, unknown EVSE 404, missing token 400', async () => {
    const past = await reserve(reporting.id, 1, 'DRIVER-A', -1_000);
    expect(past.status).toBe(400);
    expect(past.body.details.field).toBe('reservationExpiresAt');
    expect((await reserve(reporting.id, 9, 'DRIVER-A', 60_000)).body.code).toBe('CONNECTOR_NOT_FOUND');
    const noToken = await p.api('/v1/commands/reserve', { body: { stationId: reporting.id, evseId: 1, reservationExpiresAt: new Date(Date.now() + 60_000).toISOString() } });
    expect(noToken.status).toBe(400);
    expect(noToken.body.details.field).toBe('idToken');
  });

  it('another operator sees none of them; bad queries are 400, unknown ids 404', async () => {
    await p.api('/v1/operators', { body: { id: 'OP-ELSE', name: 'Someone else', roles: ['EMSP'] } });
    const key = (await p.api('/v1/api-keys', { body: { operatorId: 'OP-ELSE', name: 'other app' } })).body.key as string;
    const mine = await p.api('/v1/reservations?limit=1');
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.nextCursor).toEqual(expect.any(String));
    expect((await p.api(`/v1/reservations?cursor=${mine.body.nextCursor}&limit=500`)).body.items.length).toBeGreaterThan(0);
    const theirs = await p.api('/v1/reservations', { key });
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
    expect((await p.api(`/v1/reservations/${mine.body.items[0].id}`, { key })).body.code).toBe('RESERVATION_NOT_FOUND');
    expect((await p.api('/v1/reservations/no-such-command')).status).toBe(404);
    const badStatus = await p.api('/v1/reservations?status=pending');
    expect(badStatus.status).toBe(400);
    expect((await p.api('/v1/reservations?cursor=garbage')).body.code).toBe('INVALID_CURSOR');
    expect((await p.api('/v1/reservations?limit=0')).status).toBe(400);
  });
});
