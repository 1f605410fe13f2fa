import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlFirmwareCampaignRepository } from '../../../src/adapters/prisma/firmware-campaign.repository.js';
import { SqlCommandRepository } from '../../../src/adapters/prisma/command.repository.js';
import { CommandService } from '../../../src/domain/commands/index.js';
import { FirmwareCampaignService } from '../../../src/domain/firmware/index.js';
import { storeFixture } from '../../helpers/store-fixture.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const t = (s: string) => new Date(s);

describe.each(STORE_TARGETS)('firmware campaigns on $name', (target) => {
  let fx: ReturnType<typeof storeFixture>;
  let repo: SqlFirmwareCampaignRepository;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    fx = storeFixture(opened.db);
    repo = new SqlFirmwareCampaignRepository(opened.db.sql);
    await fx.seedBasics();
    for (const id of ['ST-2', 'ST-3']) await fx.catalog.createStation({ id, operatorId: 'OP-A', locationId: 'LOC-1', password: 'Xq7-kP2_zR9mW4tY' });
    await fx.stationRepo.recordBoot('ST-1', { ocppVersion: '2.0.1', vendor: 'V', model: 'M1', firmwareVersion: '1.0' }, t('2026-03-01T07:00:00Z'));
    await fx.stationRepo.recordBoot('ST-2', { ocppVersion: '1.6', vendor: 'V', model: 'M1', firmwareVersion: '1.0' }, t('2026-03-01T07:00:00Z'));
    await fx.stationRepo.recordBoot('ST-3', { ocppVersion: '1.6', vendor: 'V', model: 'M2', firmwareVersion: '1.0' }, t('2026-03-01T07:00:00Z'));
  });
  afterAll(() => dispose());

  it('finds stations by id or filter', async () => {
    expect([...(await repo.stationOperators(['ST-1', 'NOPE']))]).toEqual([['ST-1', 'OP-A']]);
    expect(await repo.matchingStations({ operatorId: 'OP-A', model: 'M1', city: 'Changsha' }, 10)).toEqual(['ST-1', 'ST-2']);
    expect(await repo.matchingStations({ firmwareVersion: '1.0', vendor: 'V' }, 2)).toEqual(['ST-1', 'ST-2']);
    expect(await repo.matchingStations({ city: 'Zhuzhou' }, 10)).toEqual([]);
  });

  it('advances a bounded number at a time, times out stations in flight, and ends when none is left', async () => {
    const c = await repo.create(
      {
        id: 'FC-1', requestedBy: 'OP-A', location: 'https://fw/x-2.0.bin', retrieveAt: t('2026-03-01T08:00:00Z'), installAt: null, signature: null, signingCertificate: null,
        expectedVersion: null, maxConcurrent: 2,
        stations: ['ST-1', 'ST-2', 'ST-3'].map((stationId, i) => ({ stationId, commandId: `CMD-${i}`, requestId: 100 + i })),
      },
      t('2026-03-01T08:00:00Z'),
    );
    expect(c).toMatchObject({ id: 'FC-1', status: 'running', maxConcurrent: 2 });
    const first = await repo.advance('FC-1', t('2026-03-01T08:00:01Z'), t('2026-03-01T06:00:00Z'));
    expect(first.started.map((s) => [s.stationId, s.state, s.fromVersion])).toEqual([['ST-1', 'sent', '1.0'], ['ST-2', 'sent', '1.0']]);
    // Both slots taken: nothing more starts.
    expect((await repo.advance('FC-1', t('2026-03-01T08:00:02Z'), t('2026-03-01T06:00:00Z'))).started).toEqual([]);
    expect((await repo.inFlightOf('ST-1')).map((s) => s.requestId)).toEqual([100]);
    expect((await repo.sent('FC-1')).map((s) => s.stationId)).toEqual(['ST-1', 'ST-2']);
    expect((await repo.byCommand('CMD-1'))?.stationId).toBe('ST-2');
    await repo.update('FC-1', 'ST-1', { state: 'done', toVersion: '2.0' }, t('2026-03-01T08:10:00Z'));
    const next = await repo.advance('FC-1', t('2026-03-01T08:10:01Z'), t('2026-03-01T06:10:00Z'));
    expect(next.started.map((s) => s.stationId)).toEqual(['ST-3']);
    // Two hours on, the two in flight time out, and the campaign is over.
    const end = await repo.advance('FC-1', t('2026-03-01T10:20:00Z'), t('2026-03-01T08:20:00Z'));
    expect(end).toEqual({ started: [], done: true });
    expect((await repo.stations('FC-1')).map((s) => [s.stationId, s.state, s.error, s.toVersion])).toEqual([
      ['ST-1', 'done', null, '2.0'],
      ['ST-2', 'failed', 'timed out', null],
      ['ST-3', 'failed', 'timed out', null],
    ]);
    expect(await repo.get('FC-1')).toMatchObject({ status: 'done', finishedAt: t('2026-03-01T10:20:00Z') });
    expect(await repo.running()).toEqual([]);
    expect((await repo.list({ requestedBy: 'OP-A', limit: 5 })).map((x) => x.id)).toEqual(['FC-1']);
    expect(await repo.list({ requestedBy: 'OP-B', limit: 5 })).toEqual([]);
    expect(await repo.inFlightOf('ST-2')).toEqual([]);
    expect(await repo.cancel('FC-1', t('2026-03-01T10:30:00Z'))).toBe(false);
  });

  it('after a crash between starting a station and queueing its command, the next advance queues it, once', async () => {
    const commandRepo = new SqlCommandRepository(fx.db.sql);
    // A node that starts afresh: new services over the same store.
    const restarted = () =>
      new FirmwareCampaignService(repo, new CommandService(commandRepo, commandRepo, { notify: async () => {} }, fx.clock, fx.agreements), fx.clock);
    await repo.create(
      {
        id: 'FC-3', requestedBy: 'admin', location: 'https://fw/x-4.0.bin', retrieveAt: t('2026-03-01T08:00:00Z'), installAt: null, signature: null, signingCertificate: null,
        expectedVersion: null, maxConcurrent: 1, stations: [{ stationId: 'ST-3', commandId: 'CMD-30', requestId: 300 }],
      },
      fx.clock.now(),
    );
    // The crash: ST-3 was marked sent, its command never queued.
    expect((await repo.advance('FC-3', fx.clock.now(), new Date(fx.clock.now().getTime() - 3_600_000))).started.map((s) => s.stationId)).toEqual(['ST-3']);
    expect(await commandRepo.get('CMD-30')).toBeNull();
    await restarted().advanceAll();
    await restarted().advanceAll();
    const c = await commandRepo.get('CMD-30');
    expect(c).toMatchObject({ stationId: 'ST-3', kind: 'update-firmware', status: 'pending', params: { firmware: { location: 'https://fw/x-4.0.bin', requestId: 300 } } });
    const [n] = await fx.db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM commands WHERE station_id = 'ST-3' AND kind = 'update-firmware'`);
    expect(Number(n!.n)).toBe(1);
  });

  it('a cancelled campaign starts no more stations and ends when those in flight have', async () => {
    await repo.create(
      {
        id: 'FC-2', requestedBy: 'admin', location: 'https://fw/x-3.0.bin', retrieveAt: t('2026-03-02T08:00:00Z'), installAt: null, signature: null, signingCertificate: null,
        expectedVersion: '3.0', maxConcurrent: 1,
        stations: ['ST-1', 'ST-2'].map((stationId, i) => ({ stationId, commandId: `CMD-2${i}`, requestId: 200 + i })),
      },
      t('2026-03-02T08:00:00Z'),
    );
    expect((await repo.advance('FC-2', t('2026-03-02T08:00:01Z'), t('2026-03-02T06:00:00Z'))).started.map((s) => s.stationId)).toEqual(['ST-1']);
    expect(await repo.cancel('FC-2', t('2026-03-02T08:01:00Z'))).toBe(true);
    expect(await repo.advance('FC-2', t('2026-03-02T08:01:01Z'), t('2026-03-02T06:01:00Z'))).toEqual({ started: [], done: false });
    await repo.update('FC-2', 'ST-1', { state: 'done', toVersion: '3.0' }, t('2026-03-02T08:05:00Z'));
    expect((await repo.advance('FC-2', t('2026-03-02T08:05:01Z'), t('2026-03-02T06:05:00Z'))).done).toBe(true);
    expect((await repo.stations('FC-2')).map((s) => [s.stationId, s.state])).toEqual([['ST-1', 'done'], ['ST-2', 'cancelled']]);
  });
});
