import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlStationEventQueries } from '../../../src/adapters/prisma/station-event.queries.js';
import { SqlStationLogStore } from '../../../src/adapters/prisma/station-log.store.js';
import { StationLogService } from '../../../src/domain/station-logs/index.js';
import { storeFixture } from '../../helpers/store-fixture.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

describe.each(STORE_TARGETS)('station logs and records on $name', (target) => {
  let fx: ReturnType<typeof storeFixture>;
  let store: SqlStationLogStore;
  let logs: StationLogService;
  let dispose: () => Promise<void>;
  const tokenOf = (url: string) => url.split('/').pop()!;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    fx = storeFixture(opened.db);
    store = new SqlStationLogStore(opened.db.sql);
    logs = new StationLogService(store, fx.clock, { publicUrl: () => 'https://cs.example/', maxBytes: 64 });
    await fx.seedBasics();
  });
  afterAll(() => dispose());

  it('a log is asked for with a one-time URL; its file is kept once; a re-send makes a new URL', async () => {
    const first = await logs.issueUploadUrl('ST-1', 'CMD-1', 41);
    expect(first).toMatch(/^https:\/\/cs\.example\/uploads\/logs\/[A-Za-z0-9_-]{32}$/);
    const again = await logs.issueUploadUrl('ST-1', 'CMD-1', 41);
    expect(again).not.toBe(first);
    await expect(logs.receiveUpload(tokenOf(first), { fileName: 'a.log', contentType: 'text/plain', content: Buffer.from('old') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(logs.receiveUpload(tokenOf(again), { fileName: 'a.log', contentType: null, content: Buffer.alloc(65) })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await expect(logs.expectUpload(tokenOf(first))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await logs.expectUpload(tokenOf(again));
    const bytes = Buffer.from([0, 1, 2, 255, 10]);
    const saved = await logs.receiveUpload(tokenOf(again), { fileName: 'diag.bin', contentType: 'application/octet-stream', content: bytes });
    expect(saved).toMatchObject({ stationId: 'ST-1', commandId: 'CMD-1', requestId: 41, status: 'uploaded', sizeBytes: 5, fileName: 'diag.bin' });
    await expect(logs.receiveUpload(tokenOf(again), { fileName: 'x', contentType: null, content: Buffer.from('x') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(logs.expectUpload(tokenOf(again))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const file = await logs.download('ST-1', saved.id);
    expect(file.content.equals(bytes)).toBe(true);
    expect(file.log.id).toBe(saved.id);
    await expect(logs.download('ST-2', saved.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("the station's status follows its log (by requestId, or its newest); an upload that came stays uploaded", async () => {
    fx.clock.advance(60_000);
    await logs.issueUploadUrl('ST-1', 'CMD-2', 42);
    await logs.statusReported('ST-1', 'Uploading', 42);
    let [newest, older] = await logs.list('ST-1');
    expect(newest).toMatchObject({ commandId: 'CMD-2', status: 'uploading', stationStatus: 'Uploading', fileName: null });
    expect(older).toMatchObject({ commandId: 'CMD-1', status: 'uploaded' });
    // 1.6 DiagnosticsStatusNotification names no request: the newest log.
    await logs.statusReported('ST-1', 'UploadFailed');
    await logs.statusReported('ST-1', 'UploadFailure', 41);
    [newest, older] = await logs.list('ST-1');
    expect(newest).toMatchObject({ status: 'failed', stationStatus: 'UploadFailed' });
    expect(older).toMatchObject({ status: 'uploaded', stationStatus: 'UploadFailure' });
    await logs.statusReported('ST-1', 'Idle', 42);
    expect((await logs.list('ST-1'))[0]).toMatchObject({ status: 'failed', stationStatus: 'Idle' });
    expect(await logs.list('ST-1', 1)).toHaveLength(1);
    expect(await logs.list('NOPE')).toEqual([]);
  });

  it("a station's records are listed newest first, by kind, in pages", async () => {
    const events = new SqlStationEventQueries(fx.db.sql);
    for (let i = 0; i < 3; i++) {
      await fx.stations.event({ stationId: 'ST-1', kind: 'SecurityEvent', dedupeKey: `k${i}`, payload: { type: `T${i}` }, occurredAt: new Date(Date.UTC(2026, 2, 1, 8, i)) });
    }
    await fx.stations.event({ stationId: 'ST-1', kind: 'DisplayMessages', dedupeKey: 'd', payload: { messageInfo: [] } });
    const page = await events.list('ST-1', { kind: 'SecurityEvent', limit: 2 });
    expect(page.map((e) => (e.payload as { type: string }).type)).toEqual(['T2', 'T1']);
    expect(page[0]).toMatchObject({ kind: 'SecurityEvent', occurredAt: '2026-03-01T08:02:00.000Z' });
    expect((await events.list('ST-1', { kind: 'SecurityEvent', before: page[1]!.id, limit: 2 })).map((e) => (e.payload as { type: string }).type)).toEqual(['T0']);
    expect(await events.list('ST-1', { limit: 10 })).toHaveLength(4);
    expect(await events.list('ST-1', { kind: 'CustomerInformation', limit: 10 })).toEqual([]);
  });
});
