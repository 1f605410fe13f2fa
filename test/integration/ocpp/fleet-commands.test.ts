import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedStation } from '../../../simulators/station/station.js';
import { settleCommand } from '../../helpers/commands.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { connectAndBoot, simStationSpec, stationCreateBody } from '../../helpers/sim-stations.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The fleet commands through the real gateway to simulated stations of both versions: triggers,
 * GetTransactionStatus, a firmware update with its status sequence and the reboot with the new
 * version, and local list updates the station keeps with their version.
 */
describe.each(['1.6', '2.0.1'] as const)('fleet commands (OCPP %s)', (version) => {
  let p: TestPlatform;
  let st: SimulatedStation;
  const spec = simStationSpec(`FC-${version.replace('.', '')}-${randomBytes(3).toString('hex')}`, version, 'dc60');
  const send = async (kind: string, body: Record<string, unknown>) => {
    const r = await p.api(`/v1/commands/${kind}`, { body: { stationId: spec.id, ...body } });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    return settleCommand((path) => p.api(path), r.body.id);
  };
  const station = async () => (await p.api(`/v1/stations/${spec.id}`)).body;

  beforeAll(async () => {
    p = await startTestPlatform();
    expect((await p.api('/v1/operators', { body: { id: 'OP-FC', name: 'Fleet CPO', roles: ['CPO'] } })).status).toBe(201);
    expect((await p.api('/v1/locations', { body: { id: 'LOC-FC', operatorId: 'OP-FC', name: 'Yard', city: 'Changsha', address: 'Yard 1', lat: 28.2, lng: 112.9 } })).status).toBe(201);
    expect((await p.api('/v1/tokens', { body: { uid: 'FC-TAG', operatorId: 'OP-FC', status: 'Accepted' } })).status).toBe(201);
    expect((await p.api('/v1/stations', { body: stationCreateBody(spec, 'OP-FC', 'LOC-FC') })).status).toBe(201);
    st = await connectAndBoot(p.ocpp, spec);
  });
  afterAll(async () => {
    await st?.close();
    await p?.stop();
  });

  it('trigger: the station sends what was asked for; a message its version lacks fails with the reason', async () => {
    const before = st.log.filter((c) => c.action === 'Heartbeat').length;
    expect((await send('trigger', { message: 'Heartbeat' })).status).toBe('accepted');
    await sleep(300);
    expect(st.log.filter((c) => c.action === 'Heartbeat').length).toBe(before + 1);
    if (version === '1.6') {
      const c = await send('trigger', { message: 'TransactionEvent' });
      expect(c).toMatchObject({ status: 'failed', error: expect.stringContaining('1.6') });
    }
    const bad = await p.api('/v1/commands/trigger', { body: { stationId: spec.id } });
    expect(bad.status).toBe(400);
  });

  it('get-transaction-status: 2.0.1 asks for the transaction, 1.6 triggers its meter values', async () => {
    const session = await st.startSession({ evseId: 1, idTag: 'FC-TAG' });
    await sleep(300);
    const list = (await p.api(`/v1/sessions?stationId=${spec.id}&status=ACTIVE`)).body.items;
    expect(list).toHaveLength(1);
    const meterCalls = st.log.filter((c) => c.action === 'MeterValues' || c.action === 'TransactionEvent').length;
    const c = await send('get-transaction-status', { sessionId: list[0].id });
    expect(c.status).toBe('accepted');
    if (version === '2.0.1') expect(c.response).toEqual({ ongoingIndicator: true, messagesInQueue: false });
    else {
      await sleep(300);
      expect(st.log.filter((x) => x.action === 'MeterValues').length).toBeGreaterThan(meterCalls);
    }
    await st.stopSession(session);
  });

  it('update-firmware: statuses reach the station record, and the version changes after the reboot', async () => {
    const c = await send('update-firmware', { location: 'https://fw.example.cn/fr-dc60-1.9.0.bin', retrieveAt: new Date().toISOString() });
    expect(c.status).toBe('accepted');
    const deadline = Date.now() + 8_000;
    let s = await station();
    while (s.firmwareVersion !== 'fr-dc60-1.9.0' && Date.now() < deadline) {
      await sleep(100);
      s = await station();
    }
    expect(s).toMatchObject({ firmwareVersion: 'fr-dc60-1.9.0', firmwareStatus: 'Installed' });
    const statuses = st.log.filter((x) => x.action === 'FirmwareStatusNotification').map((x) => (x.payload as { status: string }).status);
    expect(statuses).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed']);
  });

  it('send-local-list and get-local-list-version: full then differential, the station keeps the version', async () => {
    const full = await send('send-local-list', {
      listVersion: 3,
      updateType: 'Full',
      localAuthorizationList: [
        { idToken: 'FC-TAG', status: 'Accepted' },
        { idToken: 'FC-OLD', status: 'Blocked' },
      ],
    });
    expect(full.status).toBe('accepted');
    const diff = await send('send-local-list', { listVersion: 4, updateType: 'Differential', localAuthorizationList: [{ idToken: 'FC-OLD' }] });
    expect(diff.status).toBe('accepted');
    expect([...st.localList.entries]).toEqual([['FC-TAG', 'Accepted']]);
    const stale = await send('send-local-list', { listVersion: 2, updateType: 'Differential', localAuthorizationList: [{ idToken: 'FC-NEW', status: 'Accepted' }] });
    expect(stale).toMatchObject({ status: 'rejected', response: { status: 'VersionMismatch' } });
    const v = await send('get-local-list-version', {});
    expect(v).toMatchObject({ status: 'accepted', response: version === '1.6' ? { listVersion: 4 } : { versionNumber: 4 } });
  });
});
