import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedStation } from '../../../simulators/station/station.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { connectAndBoot, simStationSpec, stationCreateBody } from '../../helpers/sim-stations.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reconciliation through the real gateway, for both versions: a session silent for longer than the
 * bound (2 s here) is asked about (2.0.1 GetTransactionStatus, 1.6 TriggerMessage MeterValues); one
 * the station still runs stays, one it lost is closed with stop reason UnknownToStation; a 2.0.1
 * transaction whose events skip a seqNo has the gap recorded.
 */
describe.each(['1.6', '2.0.1'] as const)('transaction reconciliation (OCPP %s)', (version) => {
  let p: TestPlatform;
  let st: SimulatedStation;
  const spec = simStationSpec(`RC-${version.replace('.', '')}-${randomBytes(3).toString('hex')}`, version, 'dc120Dual');
  const sessionOn = async (evseId: number) => (await p.api(`/v1/sessions?stationId=${spec.id}`)).body.items.find((s: any) => s.evseId === evseId);
  const session = async (id: string) => (await p.api(`/v1/sessions/${id}`)).body;

  beforeAll(async () => {
    p = await startTestPlatform({ env: { RECONCILE_AFTER_SECONDS: '2' } });
    expect((await p.api('/v1/operators', { body: { id: 'OP-RC', name: 'Recon CPO', roles: ['CPO'] } })).status).toBe(201);
    expect((await p.api('/v1/locations', { body: { id: 'LOC-RC', operatorId: 'OP-RC', name: 'Lot', city: 'Changsha', address: 'Lot 5', lat: 28.2, lng: 112.9 } })).status).toBe(201);
    expect((await p.api('/v1/tokens', { body: { uid: 'RC-TAG', operatorId: 'OP-RC', status: 'Accepted' } })).status).toBe(201);
    expect((await p.api('/v1/stations', { body: stationCreateBody(spec, 'OP-RC', 'LOC-RC') })).status).toBe(201);
    st = await connectAndBoot(p.ocpp, spec);
  });
  afterAll(async () => {
    await st?.close();
    await p?.stop();
  });

  it('keeps a silent session the station still runs, and closes the one it lost (stop reason UnknownToStation)', async () => {
    await st.startSession({ evseId: 1, idTag: 'RC-TAG' });
    const lost = await st.startSession({ evseId: 2, idTag: 'RC-TAG' });
    await st.sendMeterValues(lost);
    await sleep(300);
    const kept = (await sessionOn(1)).id;
    const gone = (await sessionOn(2)).id;
    st.loseSession(lost);
    const deadline = Date.now() + 20_000;
    let s = await session(gone);
    while (s.status === 'ACTIVE' && Date.now() < deadline) {
      await sleep(200);
      s = await session(gone);
    }
    expect(s).toMatchObject({ status: 'COMPLETED', stopReason: 'UnknownToStation', lastProbe: { outcome: version === '1.6' ? 'accepted' : 'unknown-to-station' } });
    // It ended at its last news, with its last reading.
    expect(s.energyWh).toBeGreaterThanOrEqual(0);
    const k = await session(kept);
    expect(k.status).toBe('ACTIVE');
    expect(k.lastProbe?.outcome).toBe(version === '1.6' ? 'accepted' : 'ongoing');
    const asked = st.received.filter((c) => c.action === (version === '1.6' ? 'TriggerMessage' : 'GetTransactionStatus'));
    expect(asked.length).toBeGreaterThan(0);
    if (version === '1.6') expect(asked[0]!.payload).toMatchObject({ requestedMessage: 'MeterValues' });
  });

  it.runIf(version === '2.0.1')('records the seqNos missing from a transaction\'s events, and clears them when they arrive', async () => {
    const s = st.activeSessions.find((x) => x.evseId === 1)!;
    const id = (await sessionOn(1)).id;
    await st.sendMeterValues(s);
    // Two events lost on the way.
    s.nextSeqNo += 2;
    await st.sendMeterValues(s);
    await st.stopSession(s);
    const deadline = Date.now() + 10_000;
    let body = await session(id);
    while (body.seqNoGaps.length === 0 && Date.now() < deadline) {
      await sleep(100);
      body = await session(id);
    }
    expect(body.status).toBe('COMPLETED');
    expect(body.seqNoGaps).toHaveLength(2);
    const [a, b] = body.seqNoGaps as number[];
    expect(b).toBe(a! + 1);
    // The lost events arrive late (an offline replay): the gaps are cleared.
    for (const seqNo of [a!, b!]) {
      await st.call('TransactionEvent', {
        eventType: 'Updated', timestamp: new Date().toISOString(), triggerReason: 'MeterValuePeriodic', seqNo, offline: true,
        transactionInfo: { transactionId: String(s.transactionId) },
      });
    }
    const until = Date.now() + 10_000;
    while (body.seqNoGaps.length > 0 && Date.now() < until) {
      await sleep(200);
      body = await session(id);
    }
    expect(body.seqNoGaps).toEqual([]);
  });
});
