import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedStation } from '../../../simulators/station/station.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { connectAndBoot, simStationSpec, stationCreateBody } from '../../helpers/sim-stations.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A firmware campaign over simulated stations of both versions, through the real gateway: at most
 * maxConcurrent update at once, each follows its status notifications, is done when it boots with
 * the new version, or fails with the status it reported; the campaign ends when all have.
 */
describe('firmware campaigns', () => {
  let p: TestPlatform;
  const tag = randomBytes(3).toString('hex');
  const specs = [
    simStationSpec(`FW-A-${tag}`, '1.6', 'dc60'),
    simStationSpec(`FW-B-${tag}`, '2.0.1', 'dc60'),
    simStationSpec(`FW-C-${tag}`, '2.0.1', 'dc60'),
    // Another model: left out by the filter.
    simStationSpec(`FW-D-${tag}`, '2.0.1', 'acWallbox7'),
  ];
  const stations: SimulatedStation[] = [];
  /** The most stations seen between their first status and their end at the same time. */
  let maxBusy = 0;

  beforeAll(async () => {
    p = await startTestPlatform();
    expect((await p.api('/v1/operators', { body: { id: 'OP-FW', name: 'Firmware CPO', roles: ['CPO'] } })).status).toBe(201);
    expect((await p.api('/v1/locations', { body: { id: 'LOC-FW', operatorId: 'OP-FW', name: 'Depot', city: 'Xiangtan', address: 'Depot 3', lat: 27.85, lng: 112.9 } })).status).toBe(201);
    for (const spec of specs) {
      expect((await p.api('/v1/stations', { body: stationCreateBody(spec, 'OP-FW', 'LOC-FW') })).status).toBe(201);
      const st = await connectAndBoot(p.ocpp, spec);
      st.firmware.stepMs = 150;
      stations.push(st);
    }
    stations[2]!.firmware.failWith = 'DownloadFailed';
  });
  afterAll(async () => {
    for (const s of stations) await s.close();
    await p?.stop();
  });

  it('rolls out one station at a time to those the filter names; done on the new version, failed on a failure status', async () => {
    const created = await p.api('/v1/firmware-campaigns', {
      body: { filter: { operatorId: 'OP-FW', model: 'FR-DC60' }, location: 'https://fw.example.cn/fr-dc60-2.0.0.bin', retrieveAt: new Date().toISOString(), maxConcurrent: 1 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.stations.map((s: any) => s.stationId)).toEqual(specs.slice(0, 3).map((s) => s.id));
    expect(created.body.progress).toMatchObject({ queued: 2, sent: 1 });
    const id = created.body.id;
    let body = created.body;
    const deadline = Date.now() + 20_000;
    while (body.status !== 'done' && Date.now() < deadline) {
      await sleep(100);
      body = (await p.api(`/v1/firmware-campaigns/${id}`)).body;
      maxBusy = Math.max(maxBusy, body.progress.sent + body.progress.updating + body.progress.installed);
    }
    expect(body.status).toBe('done');
    expect(maxBusy).toBe(1);
    expect(body.stations).toEqual([
      expect.objectContaining({ stationId: specs[0]!.id, state: 'done', fromVersion: '1.8.0', toVersion: 'fr-dc60-2.0.0', firmwareStatus: 'Installed' }),
      expect.objectContaining({ stationId: specs[1]!.id, state: 'done', toVersion: 'fr-dc60-2.0.0' }),
      expect.objectContaining({ stationId: specs[2]!.id, state: 'failed', firmwareStatus: 'DownloadFailed', error: 'the station reported DownloadFailed' }),
    ]);
    expect((await p.api(`/v1/stations/${specs[0]!.id}`)).body.firmwareVersion).toBe('fr-dc60-2.0.0');
    expect((await p.api(`/v1/stations/${specs[2]!.id}`)).body.firmwareVersion).toBe('1.8.0');
    expect(stations[3]!.log.some((c) => c.action === 'FirmwareStatusNotification')).toBe(false);
    expect((await p.api('/v1/firmware-campaigns')).body.items.map((c: any) => c.id)).toContain(id);
  });

  it('an operator updates its own stations only, and sees only its own campaigns', async () => {
    expect((await p.api('/v1/operators', { body: { id: 'OP-FW2', name: 'Other CPO', roles: ['CPO'] } })).status).toBe(201);
    const own = (await p.api('/v1/api-keys', { body: { operatorId: 'OP-FW', name: 'fw key' } })).body.key;
    const other = (await p.api('/v1/api-keys', { body: { operatorId: 'OP-FW2', name: 'other key' } })).body.key;
    const body = { stationIds: [specs[3]!.id], location: 'https://fw.example.cn/xd-ac7-2.4.0.bin', retrieveAt: new Date().toISOString() };
    expect((await p.api('/v1/firmware-campaigns', { body, key: other })).status).toBe(404);
    expect((await p.api('/v1/firmware-campaigns', { body: { ...body, stationIds: undefined, filter: { operatorId: 'OP-FW' } }, key: other })).status).toBe(403);
    const created = await p.api('/v1/firmware-campaigns', { body, key: own });
    expect(created.status).toBe(201);
    expect((await p.api(`/v1/firmware-campaigns/${created.body.id}`, { key: other })).status).toBe(404);
    expect((await p.api('/v1/firmware-campaigns', { key: other })).body.items).toEqual([]);
    expect((await p.api('/v1/firmware-campaigns', { key: own })).body.items.map((c: any) => c.id)).toEqual([created.body.id]);
  });

  it('refuses a campaign with nothing to update or no station named', async () => {
    const none = await p.api('/v1/firmware-campaigns', { body: { filter: { model: 'NOPE' }, location: 'https://fw.example.cn/x.bin', retrieveAt: new Date().toISOString() } });
    expect(none).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const unknown = await p.api('/v1/firmware-campaigns', { body: { stationIds: ['NOPE'], location: 'https://fw.example.cn/x.bin', retrieveAt: new Date().toISOString() } });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'STATION_NOT_FOUND' } });
    const done = (await p.api('/v1/firmware-campaigns')).body.items.find((c: any) => c.status === 'done');
    expect((await p.api(`/v1/firmware-campaigns/${done.id}/cancel`, { method: 'POST' })).status).toBe(400);
    expect((await p.api('/v1/firmware-campaigns/NOPE/cancel', { method: 'POST' })).status).toBe(404);
  });
});
