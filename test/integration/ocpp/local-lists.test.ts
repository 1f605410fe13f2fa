import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedStation } from '../../../simulators/station/station.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { connectAndBoot, simStationSpec, stationCreateBody } from '../../helpers/sim-stations.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Local lists kept by the platform on simulated stations of both versions, through the real
 * gateway: a full list of the operator's tokens and the roaming ones an agreement allows, then
 * differential updates (a token blocked, an agreement ended) within the sync period, the version
 * stored per station, a forced full update, and offline authorization from the list.
 */
describe('local authorization lists', () => {
  let p: TestPlatform;
  const tag = randomBytes(3).toString('hex');
  const specs = [simStationSpec(`LL-16-${tag}`, '1.6', 'acWallbox7'), simStationSpec(`LL-201-${tag}`, '2.0.1', 'acWallbox7')];
  const stations: SimulatedStation[] = [];
  let agreementId: string;
  const list = async (id: string) => (await p.api(`/v1/stations/${id}/local-list`)).body;
  /** The list once nothing is pending and `check` holds (or as it stands after 10 s). */
  const settled = async (id: string, check: (body: any) => boolean) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const body = await list(id);
      if ((body.pending === null && check(body)) || Date.now() > deadline) return body;
      await sleep(100);
    }
  };

  beforeAll(async () => {
    p = await startTestPlatform({ env: { LOCAL_LIST_SYNC_SECONDS: '1' } });
    const ok = async (path: string, body: unknown) => expect((await p.api(path, { body })).status, path).toBe(201);
    await ok('/v1/operators', { id: 'OP-LL', name: 'List CPO', roles: ['CPO', 'EMSP'] });
    await ok('/v1/operators', { id: 'OP-RM', name: 'Roaming EMSP', roles: ['EMSP'] });
    await ok('/v1/operators', { id: 'OP-XX', name: 'Stranger', roles: ['EMSP'] });
    await ok('/v1/locations', { id: 'LOC-LL', operatorId: 'OP-LL', name: 'Mall', city: 'Zhuzhou', address: 'Mall 1', lat: 27.83, lng: 113.13 });
    await ok('/v1/tokens', { uid: 'LL-OWN', operatorId: 'OP-LL', status: 'Accepted' });
    await ok('/v1/tokens', { uid: 'LL-KEY', operatorId: 'OP-LL', status: 'Accepted', type: 'KeyCode' });
    await ok('/v1/tokens', { uid: 'LL-ROAM', operatorId: 'OP-RM', status: 'Accepted' });
    await ok('/v1/tokens', { uid: 'LL-STRANGER', operatorId: 'OP-XX', status: 'Accepted' });
    const a = await p.api('/v1/agreements', { body: { providerId: 'OP-RM', operatorId: 'OP-LL', validFrom: new Date(Date.now() - 60_000).toISOString(), cities: ['Zhuzhou'] } });
    expect(a.status).toBe(201);
    agreementId = a.body.id;
    for (const spec of specs) {
      expect((await p.api('/v1/stations', { body: stationCreateBody(spec, 'OP-LL', 'LOC-LL') })).status).toBe(201);
      stations.push(await connectAndBoot(p.ocpp, spec));
    }
  });
  afterAll(async () => {
    for (const s of stations) await s.close();
    await p?.stop();
  });

  it('a managed station gets a full list: its operator\'s tokens and those an agreement lets charge there', async () => {
    for (const spec of specs) {
      const r = await p.api(`/v1/stations/${spec.id}/local-list`, { method: 'PUT', body: { enabled: true } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    for (const [i, spec] of specs.entries()) {
      const body = await settled(spec.id, (b) => b.version === 1);
      expect(body).toMatchObject({ enabled: true, version: 1, wantedCount: 3, fullRequested: false, lastError: null });
      expect(body.entries.map((e: any) => [e.idToken, e.type, e.status])).toEqual([
        ['LL-KEY', 'KeyCode', 'Accepted'],
        ['LL-OWN', 'ISO14443', 'Accepted'],
        ['LL-ROAM', 'ISO14443', 'Accepted'],
      ]);
      expect(stations[i]!.localList.version).toBe(1);
      expect([...stations[i]!.localList.entries.keys()].sort()).toEqual(['LL-KEY', 'LL-OWN', 'LL-ROAM']);
    }
    const sent = stations[1]!.received.find((c) => c.action === 'SendLocalList')!.payload as any;
    expect(sent).toMatchObject({ versionNumber: 1, updateType: 'Full' });
    expect(sent.localAuthorizationList).toContainEqual({ idToken: { idToken: 'LL-KEY', type: 'KeyCode' }, idTokenInfo: { status: 'Accepted' } });
  });

  it('a token blocked in the platform, and an agreement ended, reach the lists as differential updates', async () => {
    const started = Date.now();
    expect((await p.api('/v1/tokens/LL-OWN', { method: 'PATCH', body: { status: 'Blocked' } })).status).toBe(200);
    for (const [i, spec] of specs.entries()) {
      const body = await settled(spec.id, (b) => b.version === 2);
      expect(body.version).toBe(2);
      expect(body.entries.find((e: any) => e.idToken === 'LL-OWN').status).toBe('Blocked');
      expect(stations[i]!.localList.statusOf('LL-OWN')).toBe('Blocked');
    }
    expect(Date.now() - started).toBeLessThan(60_000);
    const diff = stations[0]!.received.filter((c) => c.action === 'SendLocalList').at(-1)!.payload as any;
    expect(diff).toEqual({ listVersion: 2, updateType: 'Differential', localAuthorizationList: [{ idTag: 'LL-OWN', idTagInfo: { status: 'Blocked' } }] });

    expect((await p.api(`/v1/agreements/${agreementId}`, { method: 'PATCH', body: { validTo: new Date(Date.now() + 500).toISOString() } })).status).toBe(200);
    for (const [i, spec] of specs.entries()) {
      const body = await settled(spec.id, (b) => b.version === 3);
      expect(body.entries.map((e: any) => e.idToken)).toEqual(['LL-KEY', 'LL-OWN']);
      expect(stations[i]!.localList.statusOf('LL-ROAM')).toBeUndefined();
    }
    const removal = stations[1]!.received.filter((c) => c.action === 'SendLocalList').at(-1)!.payload as any;
    expect(removal).toEqual({ versionNumber: 3, updateType: 'Differential', localAuthorizationList: [{ idToken: { idToken: 'LL-ROAM', type: 'ISO14443' } }] });
  });

  it('a forced full update sends the whole list as a new version; a refused update is followed by a full one', async () => {
    const forced = await p.api(`/v1/stations/${specs[1]!.id}/local-list/full-update`, { method: 'POST' });
    expect(forced.status).toBe(202);
    const body = await settled(specs[1]!.id, (b) => b.version === 4);
    expect(body.version).toBe(4);
    expect(stations[1]!.received.filter((c) => c.action === 'SendLocalList').at(-1)!.payload).toMatchObject({ versionNumber: 4, updateType: 'Full' });

    // The station lost its list (a factory reset): the next differential update does not fit.
    stations[0]!.localList.version = 99;
    expect((await p.api('/v1/tokens/LL-KEY', { method: 'PATCH', body: { status: 'Blocked' } })).status).toBe(200);
    const after = await settled(specs[0]!.id, (b) => b.version === 4);
    expect(after).toMatchObject({ version: 4, lastError: null });
    const last = stations[0]!.received.filter((c) => c.action === 'SendLocalList').slice(-2).map((c) => [(c.payload as any).updateType, (c.answer as any)?.status]);
    expect(last).toEqual([['Differential', 'VersionMismatch'], ['Full', 'Accepted']]);
  });

  it('offline, the station refuses a token its list has blocked and lets one it does not list charge', async () => {
    const st = stations[0]!;
    await st.goOffline();
    await expect(st.startSession({ evseId: 1, idTag: 'LL-OWN' })).rejects.toThrow(/Blocked on the local list/);
    // Not on the list: the station lets it charge; the platform decides when the start is replayed.
    const session = await st.startSession({ evseId: 1, idTag: 'LL-UNLISTED' });
    expect(session.idTag).toBe('LL-UNLISTED');
  });

  it('an unknown station has no list; a station not managed cannot be forced', async () => {
    expect((await p.api(`/v1/stations/NOPE-${tag}/local-list`)).status).toBe(404);
    expect((await p.api('/v1/stations', { body: stationCreateBody(simStationSpec(`LL-X-${tag}`, '1.6'), 'OP-LL', 'LOC-LL') })).status).toBe(201);
    expect(await list(`LL-X-${tag}`)).toMatchObject({ enabled: false, version: 0, entries: [], wantedCount: 2 });
    expect((await p.api(`/v1/stations/LL-X-${tag}/local-list/full-update`, { method: 'POST' })).status).toBe(400);
  });
});
