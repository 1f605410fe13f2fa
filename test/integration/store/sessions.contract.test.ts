import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseSample } from '../../../src/domain/sessions/index.js';
import { storeFixture } from '../../helpers/store-fixture.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const t = (s: string) => new Date(s);
const energy = (v: number, context: string, at: string) => [normaliseSample({ value: v, context }, t(at))!];

describe.each(STORE_TARGETS)('sessions on $name', (target) => {
  let fx: ReturnType<typeof storeFixture>;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    fx = storeFixture(opened.db);
    await fx.seedBasics();
  });
  afterAll(() => dispose());

  const start = (over: Partial<Parameters<typeof fx.sessions.start16>[0]> = {}) =>
    fx.sessions.start16({ stationId: 'ST-1', operatorId: 'OP-A', city: 'Changsha', connectorId: 1, idTag: 'TOK-OK', meterStartWh: 1000, timestamp: t('2026-03-01T08:00:00Z'), ...over });

  it('1.6: a replayed StartTransaction returns the same transactionId and creates nothing', async () => {
    const a = await start();
    const b = await start();
    expect(a.auth.status).toBe('Accepted');
    expect(b.transactionId).toBe(a.transactionId);
    expect(await fx.db.prisma.chargingSession.count({ where: { stationId: 'ST-1', startKey: { not: null } } })).toBe(1);
  });

  it('1.6: identical starts racing each other still make one session', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => start({ timestamp: t('2026-03-01T09:00:00Z') })));
    expect(new Set(results.map((r) => r.transactionId)).size).toBe(1);
    expect(await fx.db.prisma.chargingSession.count({ where: { startedAt: t('2026-03-01T09:00:00Z') } })).toBe(1);
  });

  it('1.6: a different start gets a new transactionId; blocked tokens are recorded as such', async () => {
    const a = await start({ timestamp: t('2026-03-01T10:00:00Z'), idTag: 'TOK-BLOCKED' });
    const b = await start({ timestamp: t('2026-03-01T10:00:01Z'), idTag: 'UNKNOWN-TAG' });
    expect(a.transactionId).not.toBe(b.transactionId);
    expect(a.auth.status).toBe('Blocked');
    expect(b.auth.status).toBe('Unknown');
    expect(a.session.authStatus).toBe('Blocked');
  });

  it('1.6: meter values and stop; a replayed stop changes nothing; samples are not double-stored', async () => {
    const s = await start({ timestamp: t('2026-03-01T11:00:00Z'), meterStartWh: 5000 });
    const tx = String(s.transactionId);
    const samples = energy(6000, 'Sample.Periodic', '2026-03-01T11:05:00Z');
    await fx.sessions.meterValues('ST-1', 1, tx, samples);
    await fx.sessions.meterValues('ST-1', 1, tx, samples);
    const stop = { stationId: 'ST-1', operatorId: 'OP-A', city: 'Changsha', transactionId: tx, meterStopWh: 12_345, timestamp: t('2026-03-01T12:00:00Z'), reason: 'Local', samples: energy(12_345, 'Transaction.End', '2026-03-01T12:00:00Z') };
    const first = await fx.sessions.stop16(stop);
    expect(first.session).toMatchObject({ status: 'COMPLETED', energyWh: 7345, meterStopWh: 12_345, stopReason: 'Local' });
    const again = await fx.sessions.stop16({ ...stop, meterStopWh: 99_999, timestamp: t('2026-03-01T13:00:00Z') });
    expect(again.session).toMatchObject({ energyWh: 7345, meterStopWh: 12_345 });
    const view = await fx.sessionQueries.get(s.session.id);
    expect(view?.samples.map((x) => [x.value, x.context])).toEqual([
      ['6000', 'Sample.Periodic'],
      ['12345', 'Transaction.End'],
    ]);
  });

  it('1.6: stopping an unknown transaction stores nothing', async () => {
    const before = await fx.db.prisma.chargingSession.count();
    const r = await fx.sessions.stop16({ stationId: 'ST-1', operatorId: 'OP-A', city: 'Changsha', transactionId: '999999', meterStopWh: 1, timestamp: t('2026-03-01T12:00:00Z'), samples: [] });
    expect(r.session).toBeNull();
    expect(await fx.db.prisma.chargingSession.count()).toBe(before);
  });

  it('2.0.1: events replayed and out of order make one session with the right energy', async () => {
    const base = { stationId: 'ST-1', operatorId: 'OP-A', city: 'Changsha', transactionId: 'tx-201-a', triggerReason: 'Authorized', offline: false, evseNo: 2, connectorNo: 1 };
    const started = { ...base, eventType: 'Started' as const, seqNo: 0, timestamp: t('2026-03-01T14:00:00Z'), idToken: 'TOK-OK', samples: energy(100, 'Transaction.Begin', '2026-03-01T14:00:00Z') };
    const updated = { ...base, eventType: 'Updated' as const, seqNo: 1, timestamp: t('2026-03-01T14:10:00Z'), chargingState: 'Charging', samples: energy(1100, 'Sample.Periodic', '2026-03-01T14:10:00Z') };
    const ended = { ...base, eventType: 'Ended' as const, seqNo: 2, timestamp: t('2026-03-01T15:00:00Z'), stoppedReason: 'EVDisconnected', samples: energy(7100, 'Transaction.End', '2026-03-01T15:00:00Z') };
    const r0 = await fx.sessions.transactionEvent(started);
    expect(r0.auth?.status).toBe('Accepted');
    await fx.sessions.transactionEvent(ended);
    const dup = await fx.sessions.transactionEvent(started);
    expect(dup.duplicate).toBe(true);
    await fx.sessions.transactionEvent(updated);
    expect((await fx.sessions.transactionEvent(updated)).duplicate).toBe(true);
    const row = await fx.db.prisma.chargingSession.findUniqueOrThrow({ where: { stationId_transactionId: { stationId: 'ST-1', transactionId: 'tx-201-a' } } });
    expect(row).toMatchObject({ status: 'COMPLETED', meterStartWh: 100n, meterStopWh: 7100n, energyWh: 7000n, stopReason: 'EVDisconnected', idToken: 'TOK-OK', lastSeqNo: 2 });
    expect(await fx.db.prisma.transactionEvent.count({ where: { sessionId: row.id } })).toBe(3);
    expect(await fx.db.prisma.meterSample.count({ where: { sessionId: row.id } })).toBe(3);
  });

  it('2.0.1: periodic events that add nothing take the no-read path; replays and a stale node change nothing', async () => {
    const base = { stationId: 'ST-1', operatorId: 'OP-A', city: 'Changsha', transactionId: 'tx-201-fast', triggerReason: 'MeterValuePeriodic', offline: false, evseNo: 1, connectorNo: 1 };
    const updated = (seqNo: number, wh: number, minute: number) => ({
      ...base,
      eventType: 'Updated' as const,
      seqNo,
      timestamp: t(`2026-03-02T10:${String(minute).padStart(2, '0')}:00Z`),
      samples: energy(wh, 'Sample.Periodic', `2026-03-02T10:${String(minute).padStart(2, '0')}:00Z`),
    });
    await fx.sessions.transactionEvent({ ...base, eventType: 'Started', seqNo: 0, triggerReason: 'Authorized', timestamp: t('2026-03-02T10:00:00Z'), idToken: 'TOK-OK', samples: energy(500, 'Transaction.Begin', '2026-03-02T10:00:00Z') });
    for (let i = 1; i <= 5; i++) await fx.sessions.transactionEvent(updated(i, 500 + i * 100, i));
    for (let i = 1; i <= 5; i++) await fx.sessions.transactionEvent(updated(i, 500 + i * 100, i));
    const row = await fx.db.prisma.chargingSession.findUniqueOrThrow({ where: { stationId_transactionId: { stationId: 'ST-1', transactionId: 'tx-201-fast' } } });
    expect(await fx.db.prisma.transactionEvent.count({ where: { sessionId: row.id } })).toBe(6);
    expect(await fx.db.prisma.meterSample.count({ where: { sessionId: row.id } })).toBe(6);

    // Another node (its own repository and cache) ends the session; this node still holds it as ACTIVE.
    const other = storeFixture(fx.db);
    await other.sessions.transactionEvent({ ...base, eventType: 'Ended', seqNo: 7, triggerReason: 'EVDeparted', timestamp: t('2026-03-02T11:00:00Z'), stoppedReason: 'EVDisconnected', samples: energy(2500, 'Transaction.End', '2026-03-02T11:00:00Z') });
    await fx.sessions.transactionEvent(updated(6, 1100, 6));
    const after = await fx.db.prisma.chargingSession.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: 'COMPLETED', meterStartWh: 500n, meterStopWh: 2500n, energyWh: 2000n, stopReason: 'EVDisconnected' });
    expect(await fx.db.prisma.transactionEvent.count({ where: { sessionId: row.id } })).toBe(8);
  });

  it('lists sessions newest first with a working cursor and filters', async () => {
    const all = await fx.sessionQueries.list({ stationId: 'ST-1', limit: 500 });
    expect(all.items.length).toBeGreaterThanOrEqual(6);
    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await fx.sessionQueries.list({ stationId: 'ST-1', limit: 2, cursor });
      pages.push(...p.items.map((s) => s.id));
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual(all.items.map((s) => s.id));
    const starts = all.items.map((s) => s.startedAt);
    expect([...starts].sort().reverse()).toEqual(starts);
    const window = await fx.sessionQueries.list({ from: t('2026-03-01T10:30:00Z'), to: t('2026-03-01T14:30:00Z'), limit: 50 });
    expect(window.items.every((s) => s.startedAt >= '2026-03-01T10:30:00.000Z' && s.startedAt < '2026-03-01T14:30:00.000Z')).toBe(true);
    expect(window.items.length).toBe(2);

    await expect(fx.sessionQueries.list({ limit: 5, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });

  /** The session's events in the outbox, by kind. */
  const eventsOf = async (sessionId: string) =>
    Object.fromEntries(
      (await fx.db.sql.query<{ kind: string; n: string }>('SELECT kind, count(*)::text AS n FROM outbox_events WHERE subject = $1 GROUP BY kind ORDER BY kind', [sessionId])).map((r) => [r.kind, Number(r.n)]),
    );

  it('replayed start, readings and stop emit nothing new: one started, one energy per minute, one ended', async () => {
    const s = await start({ connectorId: 2, timestamp: t('2026-02-10T08:00:00Z'), meterStartWh: 100 });
    const tx = String(s.transactionId);
    const reading = energy(900, 'Sample.Periodic', '2026-02-10T08:05:00Z');
    await fx.sessions.meterValues('ST-1', 2, tx, reading);
    const stop = { stationId: 'ST-1', operatorId: 'OP-A', city: 'Changsha', transactionId: tx, meterStopWh: 1500, timestamp: t('2026-02-10T08:30:00Z'), reason: 'Local', samples: [] };
    await fx.sessions.stop16(stop);
    const once = await eventsOf(s.session.id);
    expect(once).toEqual({ 'session.ended': 1, 'session.energy': 1, 'session.started': 1 });
    // Keyed by the UTC minute, whatever the connection's time zone.
    const [energyKey] = await fx.db.sql.query<{ event_key: string }>(`SELECT event_key FROM outbox_events WHERE subject = $1 AND kind = 'session.energy'`, [s.session.id]);
    expect(energyKey?.event_key).toBe(`session.energy:${s.session.id}:2026-02-10T08:05Z`);
    // The station sends it all again (after a reconnect, or to another node).
    await start({ connectorId: 2, timestamp: t('2026-02-10T08:00:00Z'), meterStartWh: 100 });
    await fx.sessions.meterValues('ST-1', 2, tx, reading);
    await fx.sessions.stop16(stop);
    expect(await eventsOf(s.session.id)).toEqual(once);
  });

  it('the stale-session sweep ends a session nobody has heard of, at its last news, with session.ended; once', async () => {
    const s = await start({ connectorId: 3, timestamp: t('2026-02-20T08:00:00Z'), meterStartWh: 2000 });
    await fx.sessions.meterValues('ST-1', 3, String(s.transactionId), energy(2600, 'Sample.Periodic', '2026-02-20T08:40:00Z'));
    // Sessions with news after the bound are left alone.
    expect(await fx.sessions.closeStale(t('2026-02-20T08:30:00Z'))).toBe(0);
    expect(await fx.sessions.closeStale(t('2026-02-21T00:00:00Z'))).toBe(1);
    const view = await fx.sessionQueries.get(s.session.id);
    expect(view).toMatchObject({ status: 'COMPLETED', stopReason: 'StaleSession', energyWh: 600 });
    expect(view?.stoppedAt).toBe('2026-02-20T08:40:00.000Z');
    expect(await eventsOf(s.session.id)).toMatchObject({ 'session.ended': 1 });
    expect(await fx.sessions.closeStale(t('2026-02-21T00:00:00Z'))).toBe(0);
    expect(await eventsOf(s.session.id)).toMatchObject({ 'session.ended': 1 });
  });
});
