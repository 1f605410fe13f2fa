import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlReconciliationRepository } from '../../../src/adapters/prisma/reconciliation.repository.js';
import { storeFixture } from '../../helpers/store-fixture.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const t = (s: string) => new Date(s);

describe.each(STORE_TARGETS)('transaction reconciliation on $name', (target) => {
  let fx: ReturnType<typeof storeFixture>;
  let repo: SqlReconciliationRepository;
  let dispose: () => Promise<void>;
  let sessionId: string;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    fx = storeFixture(opened.db);
    repo = new SqlReconciliationRepository(opened.db.sql);
    await fx.seedBasics();
    const base = { stationId: 'ST-1', operatorId: 'OP-A', city: 'Changsha', transactionId: 'TX-1', offline: false, samples: [] };
    const r = await fx.sessions.transactionEvent({ ...base, eventType: 'Started', seqNo: 0, timestamp: t('2026-03-01T08:00:00Z'), triggerReason: 'Authorized', evseNo: 1, connectorNo: 1, idToken: 'TOK-OK' });
    sessionId = r.session!.id;
    await fx.sessions.transactionEvent({ ...base, eventType: 'Updated', seqNo: 1, timestamp: t('2026-03-01T08:05:00Z'), triggerReason: 'MeterValuePeriodic' });
    await fx.sessions.transactionEvent({ ...base, eventType: 'Updated', seqNo: 4, timestamp: t('2026-03-01T08:10:00Z'), triggerReason: 'MeterValuePeriodic' });
  });
  afterAll(() => dispose());

  it('finds silent running sessions with their last news, and keeps the probe and its answer', async () => {
    // Heard of when its events were received (now, in platform time), whatever the station's clock said.
    const heard = new Date();
    expect(await repo.silent(t('2026-03-01T08:20:00Z'), 10)).toEqual([]);
    const [s] = await repo.silent(new Date(heard.getTime() + 60_000), 10);
    expect(s).toMatchObject({ sessionId, stationId: 'ST-1', transactionId: 'TX-1', ocppVersion: '2.0.1', evseNo: 1, lastActivityAt: t('2026-03-01T08:10:00Z'), news: 3, probe: null });
    expect(s!.heardAt.getTime()).toBeGreaterThan(heard.getTime() - 60_000);
    await repo.probeSent(sessionId, 'CMD-1', 3, t('2026-03-01T08:20:00Z'));
    expect((await repo.silent(new Date(heard.getTime() + 60_000), 10))[0]!.probe).toEqual({ commandId: 'CMD-1', probedAt: t('2026-03-01T08:20:00Z'), answeredAt: null, outcome: null, newsAtProbe: 3 });
    expect((await repo.probeAnswered('CMD-1', 'ongoing', t('2026-03-01T08:20:01Z')))?.sessionId).toBe(sessionId);
    expect(await repo.probeAnswered('CMD-1', 'ongoing', t('2026-03-01T08:20:02Z'))).toBeNull();
    expect(await repo.gapsOf(sessionId)).toEqual({ seqNoGaps: [], probe: { probedAt: t('2026-03-01T08:20:00Z'), answeredAt: t('2026-03-01T08:20:01Z'), outcome: 'ongoing' } });
  });

  it('records seqNo gaps and clears them; a session without gaps gets no row', async () => {
    expect((await repo.seqNos(sessionId)).sort()).toEqual([0, 1, 4]);
    await repo.recordGaps(sessionId, [2, 3], t('2026-03-01T08:21:00Z'));
    expect((await repo.gapsOf(sessionId))?.seqNoGaps).toEqual([2, 3]);
    expect(await repo.withGaps(10)).toEqual([sessionId]);
    await repo.recordGaps(sessionId, [], t('2026-03-01T08:22:00Z'));
    expect(await repo.withGaps(10)).toEqual([]);
    await repo.recordGaps('NO-SUCH-SESSION', [], t('2026-03-01T08:22:00Z'));
    expect(await repo.gapsOf('NO-SUCH-SESSION')).toBeNull();
  });
});
