import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_VENDOR_ID } from '../../../simulators/station/management-handlers.js';
import type { SimulatedStation } from '../../../simulators/station/station.js';
import { settleCommand } from '../../helpers/commands.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { connectAndBoot, simStationSpec, stationCreateBody } from '../../helpers/sim-stations.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Station management through the real gateway, for both versions: clear-cache, data-transfer,
 * get-log with the platform's upload receiver, display messages and customer information (2.0.1),
 * and the station's own reports kept as records (security events, log and firmware status, …).
 */
describe.each(['1.6', '2.0.1'] as const)('station management over OCPP %s', (version) => {
  const v = version.replace('.', '');
  const v16 = version === '1.6';
  let p: TestPlatform;
  let station: SimulatedStation;
  const id = `MG-${v}`;
  const send = async (kind: string, body: Record<string, unknown> = {}) => {
    const r = await p.api(`/v1/commands/${kind}`, { body: { stationId: id, ...body } });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    return settleCommand((path) => p.api(path), r.body.id, 15_000);
  };
  async function until<T>(read: () => Promise<T>, ok: (t: T) => boolean): Promise<T> {
    for (let i = 0; i < 150; i++) {
      const t = await read();
      if (ok(t)) return t;
      await sleep(100);
    }
    return read();
  }
  const events = (kind: string) => until(async () => (await p.api(`/v1/stations/${id}/events?kind=${kind}`)).body.items as any[], (i) => i.length > 0);

  beforeAll(async () => {
    p = await startTestPlatform();
    await p.api('/v1/operators', { body: { id: 'OP-M', name: 'Managing CPO', roles: ['CPO'] } });
    await p.api('/v1/locations', { body: { id: 'LOC-M', operatorId: 'OP-M', name: 'Site', city: 'Changsha', address: 'x', lat: 28.2, lng: 112.9 } });
    const spec = simStationSpec(id, version);
    expect((await p.api('/v1/stations', { body: stationCreateBody(spec, 'OP-M', 'LOC-M') })).status).toBe(201);
    station = await connectAndBoot(p.ocpp, spec);
  });
  afterAll(async () => {
    await station.close();
    await p.stop();
  });

  it('clear-cache and data-transfer: the station answers, a vendor it does not know is rejected', async () => {
    expect(await send('clear-cache')).toMatchObject({ status: 'accepted', response: { status: 'Accepted' } });
    const dt = await send('data-transfer', { vendorId: SIM_VENDOR_ID, messageId: 'Ping', data: { n: 1 } });
    // 1.6 carries data as a string: an object goes as its JSON.
    expect(dt).toMatchObject({ status: 'accepted', response: { status: 'Accepted', data: v16 ? '{"n":1}' : { n: 1 } } });
    expect(await send('data-transfer', { vendorId: 'com.example' })).toMatchObject({ status: 'rejected', response: { status: 'UnknownVendorId' } });
    expect((await p.api('/v1/commands/data-transfer', { body: { stationId: id } })).body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'vendorId' } });
  });

  it('get-log: the station uploads to a one-time URL; the file is kept and listed with its status', async () => {
    const c = await send('get-log', { from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' });
    expect(c.status).toBe('accepted');
    const asked = station.received.find((r) => r.action === (v16 ? 'GetDiagnostics' : 'GetLog'))!.payload as any;
    const url: string = v16 ? asked.location : asked.log.remoteLocation;
    expect(url).toMatch(new RegExp(`^${p.http}/uploads/logs/[A-Za-z0-9_-]{32}$`));
    // The secret is not in the stored command.
    expect(JSON.stringify(c)).not.toContain(url.split('/').pop());
    const [log] = await until(async () => (await p.api(`/v1/stations/${id}/logs`)).body.items as any[], (i) => i[0]?.stationStatus === 'Uploaded');
    expect(log).toMatchObject({ commandId: c.id, status: 'uploaded', stationStatus: 'Uploaded', fileName: v16 ? `${id}-diagnostics.log` : expect.stringContaining('DiagnosticsLog') });
    expect(log.sizeBytes).toBeGreaterThan(10);
    const file = await fetch(`${p.http}/v1/stations/${id}/logs/${log.id}/file`, { headers: { authorization: 'Bearer test-admin-key-0123456789' } });
    expect(file.headers.get('content-type')).toContain('text/plain');
    expect(await file.text()).toContain(`# ${id}`);
    // Good for one file only; an unknown secret is refused alike.
    expect((await fetch(url, { method: 'PUT', body: 'again' })).status).toBe(404);
    expect((await fetch(`${p.http}/uploads/logs/${'x'.repeat(32)}`, { method: 'PUT', body: 'x' })).status).toBe(404);
    // Refused before its body is read: a large one to a wrong URL costs nothing.
    const big = await fetch(`${p.http}/uploads/logs/${'y'.repeat(32)}`, { method: 'POST', body: Buffer.alloc(60 * 1024 * 1024) }).catch(() => null);
    expect(big === null || big.status === 404).toBe(true);
    expect((await p.api(`/v1/stations/${id}/events?kind=${v16 ? 'DiagnosticsStatus' : 'LogStatus'}`)).body.items.length).toBeGreaterThanOrEqual(2);
  });

  it('a get-log the station refuses leaves a failed log', async () => {
    station.rpc.handle(v16 ? 'GetDiagnostics' : 'GetLog', async () => (v16 ? {} : { status: 'Rejected' }));
    try {
      const c = await send('get-log');
      expect(c.status).toBe('rejected');
      const [log] = await until(async () => (await p.api(`/v1/stations/${id}/logs`)).body.items as any[], (i) => i[0]?.status === 'failed');
      expect(log).toMatchObject({ commandId: c.id, status: 'failed', stationStatus: 'Rejected' });
    } finally {
      station.rpc.removeHandler(v16 ? 'GetDiagnostics' : 'GetLog');
    }
  });

  it('security events, log and firmware status the station reports are answered and kept', async () => {
    await station.call('SecurityEventNotification', { type: 'SettingSystemTime', timestamp: '2026-03-01T08:00:00.000Z', techInfo: 'NTP' });
    const [e] = await events('SecurityEvent');
    expect(e).toMatchObject({ kind: 'SecurityEvent', payload: { type: 'SettingSystemTime', techInfo: 'NTP' }, occurredAt: '2026-03-01T08:00:00.000Z' });
    if (v16) {
      // The 1.6 security extension's messages are handled, not NotSupported.
      expect(await station.call('LogStatusNotification', { status: 'Idle', requestId: 7 })).toEqual({});
      expect(await station.call('SignedFirmwareStatusNotification', { status: 'SignatureVerified', requestId: 3 })).toEqual({});
      expect((await p.api(`/v1/stations/${id}`)).body.firmwareStatus).toBe('SignatureVerified');
    } else {
      const monitoring = { requestId: 4, seqNo: 0, tbc: false, generatedAt: '2026-03-01T08:00:00.000Z', monitor: [{ component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Power' }, variableMonitoring: [{ id: 1, transaction: false, value: 7000, type: 'UpperThreshold', severity: 4 }] }] };
      expect(await station.call('NotifyMonitoringReport', monitoring)).toEqual({});
      expect(await station.call('NotifyMonitoringReport', monitoring)).toEqual({});
      expect(await events('MonitoringReport')).toHaveLength(1);
    }
  });

  it.runIf(!v16)('display messages: set, listed by the station (NotifyDisplayMessages), cleared; what the display cannot show is refused', async () => {
    const set = await send('set-display-message', { displayMessage: { id: 11, priority: 'InFront', content: '本站今晚 22:00 起低谷电价', language: 'zh-CN' } });
    expect(set).toMatchObject({ status: 'accepted', response: { status: 'Accepted' } });
    expect(await send('set-display-message', { displayMessage: { priority: 'NormalCycle', state: 'Unavailable', content: 'x' } })).toMatchObject({ status: 'rejected', response: { status: 'NotSupportedState' } });
    expect(await send('get-display-messages')).toMatchObject({ status: 'accepted' });
    const [shown] = await events('DisplayMessages');
    expect(shown.payload.messageInfo).toEqual([expect.objectContaining({ id: 11, priority: 'InFront', message: expect.objectContaining({ content: '本站今晚 22:00 起低谷电价', format: 'UTF8' }) })]);
    expect(await send('clear-display-message', { displayMessageId: 11 })).toMatchObject({ status: 'accepted' });
    expect(await send('clear-display-message', { displayMessageId: 11 })).toMatchObject({ status: 'rejected', response: { status: 'Unknown' } });
    const bad = await p.api('/v1/commands/set-display-message', { body: { stationId: id, displayMessage: { priority: 'InFront', content: 'x', startsAt: '2026-03-02T00:00:00Z', endsAt: '2026-03-01T00:00:00Z' } } });
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it.runIf(!v16)('customer information: the station reports what it keeps, in parts, kept as records', async () => {
    expect(await send('customer-information', { customerIdentifier: 'CUST-1', report: true, clear: true })).toMatchObject({ status: 'accepted', response: { status: 'Accepted' } });
    const parts = await until(async () => (await p.api(`/v1/stations/${id}/events?kind=CustomerInformation`)).body.items as any[], (i) => i.length === 2);
    expect(parts.map((e) => e.payload.seqNo).sort()).toEqual([0, 1]);
    expect(parts.find((e) => e.payload.seqNo === 0).payload.data).toContain('CUST-1');
    expect((await p.api('/v1/commands/customer-information', { body: { stationId: id, report: true } })).body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it.runIf(!v16)("the EV's charging schedule (NotifyEVChargingSchedule) is accepted and kept once", async () => {
    const schedule = { evseId: 1, timeBase: '2026-03-01T08:00:00.000Z', chargingSchedule: { id: 3, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 90_000 }] } };
    expect(await station.call('NotifyEVChargingSchedule', schedule)).toEqual({ status: 'Accepted' });
    expect(await station.call('NotifyEVChargingSchedule', schedule)).toEqual({ status: 'Accepted' });
    const kept = await events('EVChargingSchedule');
    expect(kept).toHaveLength(1);
    expect(kept[0].payload).toMatchObject({ evseId: 1, chargingSchedule: { chargingSchedulePeriod: [{ limit: 90_000 }] } });
  });

  it.runIf(v16)('display messages and customer information are OCPP 2.0.1: the command fails and says so', async () => {
    const c = await send('set-display-message', { displayMessage: { priority: 'InFront', content: 'x' } });
    expect(c).toMatchObject({ status: 'failed', error: expect.stringContaining('OCPP 1.6 has no set-display-message') });
    expect(await send('customer-information', { customerIdentifier: 'C', report: true })).toMatchObject({ status: 'failed' });
  });
});
