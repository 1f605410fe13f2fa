import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFixture } from '../../helpers/store-fixture.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const t = (s: string) => new Date(s);
const PLACE = { operatorId: 'OP-A', locationId: 'LOC-1', city: 'Changsha', lat: 28.2, lng: 112.9 };

describe.each(STORE_TARGETS)('stations on $name', (target) => {
  let fx: ReturnType<typeof storeFixture>;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    fx = storeFixture(opened.db);
    await fx.seedBasics();
  });
  afterAll(() => dispose());

  it('authenticates by password; unknown stations are refused without being created', async () => {
    expect(await fx.stations.authenticate('ST-1', Buffer.from('Xq7-kP2_zR9mW4tY'))).toMatchObject({ ok: true, operatorId: 'OP-A', place: PLACE });
    expect(await fx.stations.authenticate('ST-1', Buffer.from('wrong-password-123'))).toEqual({ ok: false, reason: 'BAD_PASSWORD' });
    expect(await fx.stations.authenticate('ST-1', undefined)).toEqual({ ok: false, reason: 'NO_PASSWORD' });
    expect(await fx.stations.authenticate('NOPE', Buffer.from('Xq7-kP2_zR9mW4tY'))).toEqual({ ok: false, reason: 'UNKNOWN_STATION' });
    expect(await fx.db.prisma.station.count({ where: { id: 'NOPE' } })).toBe(0);
  });

  it('boot records what the station says about itself', async () => {
    const r = await fx.stations.boot('ST-1', { ocppVersion: '1.6', vendor: 'XJ Power', model: 'AC7', serialNumber: 'SN1', firmwareVersion: '1.0.3' });
    expect(r).toMatchObject({ status: 'Accepted', intervalSec: 300 });
    const s = await fx.stationQueries.get('ST-1');
    expect(s).toMatchObject({ vendor: 'XJ Power', model: 'AC7', serialNumber: 'SN1', firmwareVersion: '1.0.3', ocppVersion: '1.6' });
    expect(s?.lastBootAt).toBe('2026-03-01T08:00:00.000Z');
    expect((await fx.stations.boot('UNKNOWN', { ocppVersion: '1.6', vendor: 'x', model: 'y' })).status).toBe('Rejected');
  });

  it('connector status: created from reports, newest wins, a replay adds no history', async () => {
    const report = { stationId: 'ST-1', evseNo: 1, connectorNo: 1, ocppStatus: 'Charging', status: 'CHARGING' as const, occurredAt: t('2026-03-01T08:05:00Z') };
    await fx.stations.connectorStatus(report, PLACE);
    await fx.stations.connectorStatus(report, PLACE);
    await fx.stations.connectorStatus({ ...report, ocppStatus: 'Available', status: 'AVAILABLE', occurredAt: t('2026-03-01T08:01:00Z') }, PLACE);
    const s = await fx.stationQueries.get('ST-1');
    expect(s?.evses[0]?.connectors[0]).toMatchObject({ connectorId: 1, status: 'CHARGING', ocppStatus: 'Charging', statusAt: '2026-03-01T08:05:00.000Z' });
    expect(await fx.db.prisma.connectorStatusChange.count({ where: { stationId: 'ST-1' } })).toBe(2);
    await fx.stations.connectorStatus({ ...report, evseNo: 0, connectorNo: 0, ocppStatus: 'Available', status: 'AVAILABLE' }, PLACE);
    expect((await fx.stationQueries.get('ST-1'))?.evses).toHaveLength(1);
  });

  it('NotifyReport: variables kept, connector type and EVSE power derived', async () => {
    await fx.stations.report('ST-1', [
      { component: 'Connector', evseNo: 2, connectorNo: 1, variable: 'ConnectorType', attributeType: 'Actual', value: 'cGBT' },
      { component: 'EVSE', evseNo: 2, variable: 'Power', attributeType: 'MaxLimit', value: '120000' },
      { component: 'SecurityCtrlr', variable: 'SecurityProfile', attributeType: 'Actual', value: '1' },
    ]);
    const evse2 = (await fx.stationQueries.get('ST-1'))?.evses.find((e) => e.evseId === 2);
    expect(evse2).toMatchObject({ maxPowerKw: 120, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 120 }] });
    expect(await fx.db.prisma.stationVariable.count({ where: { stationId: 'ST-1' } })).toBe(3);
  });

  it('events are kept once; firmware status is tracked', async () => {
    const e = { stationId: 'ST-1', kind: 'SecurityEvent', dedupeKey: 'FirmwareUpdated:2026-03-01T08:00:00Z', payload: { type: 'FirmwareUpdated' } };
    expect(await fx.stations.event(e)).toBe(true);
    expect(await fx.stations.event(e)).toBe(false);
    await fx.stations.firmwareStatus('ST-1', 'Installed', { status: 'Installed' });
    expect((await fx.stationQueries.get('ST-1'))?.firmwareStatus).toBe('Installed');
  });

  it('last seen is coalesced and flushed, never moving backwards', async () => {
    fx.clock.set('2026-03-01T09:00:00Z');
    fx.stations.heartbeat('ST-1');
    await fx.stationRepo.flushLastSeen();
    fx.stationRepo.touch('ST-1', t('2026-03-01T07:00:00Z'));
    await fx.stationRepo.flushLastSeen();
    expect((await fx.stationQueries.get('ST-1'))?.lastSeenAt).toBe('2026-03-01T09:00:00.000Z');
  });

  it('group commit: a failing job fails alone, its batch neighbours commit', async () => {
    const insertEvent = `INSERT INTO station_events (station_id, kind, dedupe_key, payload, occurred_at) VALUES ($1, $2, $3, '{}', now())`;
    const ok = Array.from({ length: 20 }, (_, i) =>
      fx.gc.run((tx) => tx.query(insertEvent, ['ST-1', 'GC', `k${i}`])),
    );
    const bad = fx.gc.run((tx) => tx.query(insertEvent, ['ST-1', 'GC', 'k3']));
    const results = await Promise.allSettled([...ok, bad]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    expect(results[20]?.status).toBe('rejected');
    expect(await fx.db.prisma.stationEvent.count({ where: { kind: 'GC' } })).toBe(20);
  });
});
