import { createRPCError } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simStationSpec, stationCreateBody } from '../../helpers/sim-stations.js';
import { SimulatedStation } from '../../../simulators/station/station.js';
import type { SimulatedStationOptions } from '../../../simulators/station/station.js';
import { commandWithSession, settleCommand } from '../../helpers/commands.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const settle = (p: TestPlatform, id: string, ms = 5_000): Promise<any> => settleCommand((path) => p.api(path), id, ms);

describe.each(['1.6', '2.0.1'] as const)('remote commands over OCPP %s (one node)', (version) => {
  let p: TestPlatform;
  let station: SimulatedStation;
  const id = `CMD-${version.replace('.', '')}`;
  const spec = simStationSpec(id, version, 'dc120Dual');

  beforeAll(async () => {
    p = await startTestPlatform();
    await p.api('/v1/operators', { body: { id: 'OP-C', name: 'Cmd CPO', roles: ['CPO', 'EMSP'] } });
    await p.api('/v1/locations', { body: { id: 'LOC-C', operatorId: 'OP-C', name: 'Site', city: 'Changsha', address: 'x', lat: 28.2, lng: 112.9 } });
    await p.api('/v1/tokens', { body: { uid: 'APP-TOKEN-1', operatorId: 'OP-C', status: 'Accepted' } });
    expect((await p.api('/v1/stations', { body: stationCreateBody(spec, 'OP-C', 'LOC-C') })).status).toBe(201);
  });
  afterAll(async () => {
    await station?.close();
    await p.stop();
  });

  it('a command to an offline station waits, and goes out when it connects', async () => {
    const queued = await p.api('/v1/commands/reset', { body: { stationId: id, resetType: 'Soft' } });
    expect(queued.status).toBe(202);
    expect(queued.body.status).toBe('pending');
    station = new SimulatedStation({ endpoint: p.ocpp, spec, timeScale: 60 } as SimulatedStationOptions);
    await station.connect();
    await station.boot();
    await station.reportAllStatuses();
    expect(await settle(p, queued.body.id)).toMatchObject({ status: 'accepted', response: { status: 'Accepted' } });
  });

  it('start → the session the station starts is linked; stop ends it', async () => {
    const start = await p.api('/v1/commands/start', { body: { stationId: id, evseId: 2, idToken: 'APP-TOKEN-1' } });
    expect(start.status).toBe(202);
    expect(await settle(p, start.body.id)).toMatchObject({ status: 'accepted' });
    const cmd = await commandWithSession((path) => p.api(path), start.body.id, 3_000);
    expect(cmd.sessionId).toBeTruthy();
    const session = (await p.api(`/v1/sessions/${cmd.sessionId}`)).body;
    expect(session).toMatchObject({ stationId: id, evseId: 2, idToken: 'APP-TOKEN-1', status: 'ACTIVE' });
    if (version === '2.0.1') {
      // The station names the command's remoteStartId, which is what linked the session here.
      const started = station.log.find((c) => c.action === 'TransactionEvent' && (c.payload as { eventType?: string }).eventType === 'Started');
      expect(started?.payload).toMatchObject({ triggerReason: 'RemoteStart', transactionInfo: { remoteStartId: expect.any(Number) } });
    }

    const stop = await p.api('/v1/commands/stop', { body: { stationId: id, sessionId: cmd.sessionId } });
    expect(stop.status).toBe(202);
    expect(await settle(p, stop.body.id)).toMatchObject({ status: 'accepted' });
    let ended: any;
    for (let i = 0; i < 60 && ended?.status !== 'COMPLETED'; i++) {
      await sleep(50);
      ended = (await p.api(`/v1/sessions/${cmd.sessionId}`)).body;
    }
    expect(ended).toMatchObject({ status: 'COMPLETED', stopReason: 'Remote' });
    // Stopping a finished session is refused up front.
    expect((await p.api('/v1/commands/stop', { body: { stationId: id, sessionId: cmd.sessionId } })).body.code).toBe('SESSION_NOT_ACTIVE');
  });

  it('start and reserve name the token as registered: 2.0.1 its type and groupIdToken; 1.6 the idTag, ReserveNow its parentIdTag', async () => {
    const uid = `KEY-${id}`;
    expect((await p.api('/v1/tokens', { body: { uid, operatorId: 'OP-C', status: 'Accepted', type: 'KeyCode', groupId: 'FLEET-9' } })).status).toBe(201);
    const received: [string, Record<string, unknown>][] = [];
    const record = ({ outbound, payload }: { outbound: boolean; payload: unknown[] }) => {
      if (!outbound) received.push([payload[2] as string, payload[3] as Record<string, unknown>]);
    };
    station.rpc.on('call', record);
    try {
      const reserve = await p.api('/v1/commands/reserve', { body: { stationId: id, evseId: 1, idToken: uid, reservationExpiresAt: new Date(Date.now() + 60_000).toISOString() } });
      expect(reserve.body.params).toMatchObject({ idTokenType: 'KeyCode', groupId: 'FLEET-9' });
      expect(await settle(p, reserve.body.id)).toMatchObject({ status: 'accepted' });
      const start = await p.api('/v1/commands/start', { body: { stationId: id, evseId: 1, idToken: uid } });
      expect(await settle(p, start.body.id)).toMatchObject({ status: 'accepted' });
      const cmd = await commandWithSession((path) => p.api(path), start.body.id, 3_000);
      const stop = await p.api('/v1/commands/stop', { body: { stationId: id, sessionId: cmd.sessionId } });
      expect(await settle(p, stop.body.id)).toMatchObject({ status: 'accepted' });
    } finally {
      station.rpc.off('call', record);
    }
    const sent = (action: string) => received.find(([a]) => a === action)?.[1];
    if (version === '2.0.1') {
      const token = { idToken: { idToken: uid, type: 'KeyCode' }, groupIdToken: { idToken: 'FLEET-9', type: 'Central' } };
      expect(sent('ReserveNow')).toMatchObject(token);
      expect(sent('RequestStartTransaction')).toMatchObject(token);
    } else {
      expect(sent('ReserveNow')).toMatchObject({ idTag: uid, parentIdTag: 'FLEET-9', connectorId: 1 });
      expect(sent('RemoteStartTransaction')).toEqual({ idTag: uid, connectorId: 1 });
    }
  });

  it('unlock and change-availability go out in order; a refusal is rejected, a CALLERROR fails with its error', async () => {
    const a = await p.api('/v1/commands/unlock', { body: { stationId: id, evseId: 1 } });
    const b = await p.api('/v1/commands/change-availability', { body: { stationId: id, evseId: 1, operative: false } });
    const c = await p.api('/v1/commands/cancel-reservation', { body: { stationId: id, reservationId: 7 } });
    const [ra, rb, rc] = [await settle(p, a.body.id), await settle(p, b.body.id), await settle(p, c.body.id)];
    expect(ra.status).toBe('accepted');
    expect(rb.status).toBe('accepted');
    expect(new Date(ra.completedAt).getTime()).toBeLessThanOrEqual(new Date(rb.sentAt).getTime());
    expect(rc).toMatchObject({ status: 'rejected', response: { status: 'Rejected' } }); // no such reservation
    station.rpc.handle('Reset', () => {
      throw createRPCError('NotImplemented', 'no remote reset here');
    });
    const d = await p.api('/v1/commands/reset', { body: { stationId: id } });
    expect(await settle(p, d.body.id)).toMatchObject({ status: 'failed', response: { errorCode: 'NotImplemented' } });
  });

  it('bad commands: unknown station 404, unknown connector 404 (but unlock of an unreported connector goes out: the station answers), missing field 400, expired at once → timed-out', async () => {
    expect((await p.api('/v1/commands/start', { body: { stationId: 'NOPE', idToken: 'X' } })).body.code).toBe('STATION_NOT_FOUND');
    expect((await p.api('/v1/commands/start', { body: { stationId: id, evseId: 9, idToken: 'X' } })).body.code).toBe('CONNECTOR_NOT_FOUND');
    // Unlock is the exception: an operator must reach a connector the station has not reported yet; the station answers for it.
    expect((await p.api('/v1/commands/unlock', { body: { stationId: id, evseId: 9 } })).status).toBe(202);
    expect((await p.api('/v1/commands/unlock', { body: { stationId: 'NOPE', evseId: 9 } })).body.code).toBe('STATION_NOT_FOUND');
    const missing = await p.api('/v1/commands/start', { body: { stationId: id } });
    expect(missing.status).toBe(400);
    expect(missing.body.details.field).toBe('idToken');
    expect((await p.api('/v1/commands/fly', { body: { stationId: id } })).status).toBe(400);
    expect((await p.api('/v1/commands/unknown-id')).body.code).toBe('COMMAND_NOT_FOUND');
    await station.close();
    await sleep(200);
    const soon = await p.api('/v1/commands/reset', { body: { stationId: id, expiresAt: new Date(Date.now() + 300).toISOString() } });
    await sleep(600);
    expect(await settle(p, soon.body.id)).toMatchObject({ status: 'timed-out', error: expect.stringMatching(/did not connect/) });
  });

  it('the jobs role times out expired commands without anyone asking', async () => {
    const soon = await p.api('/v1/commands/reset', { body: { stationId: id, expiresAt: new Date(Date.now() + 200).toISOString() } });
    expect(soon.body.status).toBe('pending');
    // The expire-commands job runs every 10 s; read the store directly, not through GET (which would expire it itself).
    let status = 'pending';
    for (let i = 0; i < 150 && status === 'pending'; i++) {
      await sleep(100);
      const [row] = await p.sql!.query<{ status: string }>('SELECT status FROM commands WHERE id = $1', [soon.body.id]);
      status = row?.status ?? 'missing';
    }
    expect(status).toBe('timed-out');
  });
});
