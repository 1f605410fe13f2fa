import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTcecPartner } from '../../../simulators/tcec-partner.js';
import type { SimulatedStation } from '../../../simulators/station/station.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { connectAndBoot, simStationSpec, stationCreateBody } from '../../helpers/sim-stations.js';
import { create, location, operator } from '../api/api-helpers.js';

const outbound = { operatorSecret: 'push-op-secret-1', dataSecret: 'push-data-key-16', dataSecretIv: 'push-data-iv-016', sigSecret: 'push-sig-secret1' };
const inbound = { operatorSecret: 'in-op-secret-001', dataSecret: 'in-data-key-0016', dataSecretIv: 'in-data-iv-00016', sigSecret: 'in-sig-secret-01' };

async function until<T>(what: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('T/CEC pushes from the outbox', () => {
  let p: TestPlatform;
  const partner = new FakeTcecPartner({ secrets: outbound });
  let station: SimulatedStation;
  const spec = simStationSpec('PUSH-CS-1', '1.6', 'acWallbox7');
  const pushes = async (status?: string) =>
    p.sql!.query<{ key: string; kind: string; status: string; attempts: number; next_at: Date; last_error: string | null }>(
      `SELECT key, kind, status, attempts, next_at, last_error FROM partner_pushes WHERE partner_id = 'EMSP-P' ${status ? `AND status = '${status}'` : ''} ORDER BY id`,
    );

  beforeAll(async () => {
    const baseUrl = await partner.listen();
    p = await startTestPlatform();
    await create(p, '/v1/operators', operator('CPO-X'));
    await create(p, '/v1/operators', operator('CPO-Y'));
    await create(p, '/v1/locations', location('LOC-X', 'CPO-X'));
    await create(p, '/v1/stations', stationCreateBody(spec, 'CPO-X', 'LOC-X'));
    const body = (id: string, operatorId: string, partnerOperatorId: string) => ({
      id,
      name: id,
      protocol: 'tcec',
      role: 'emsp',
      operatorId,
      tcec: { partnerOperatorId, ourOperatorId: 'XJCL00001', baseUrl, inbound, outbound },
    });
    await create(p, '/v1/partners', body('EMSP-P', 'CPO-X', 'MA0000001'));
    // Connected to another member: hears nothing of CPO-X's stations.
    await create(p, '/v1/partners', body('EMSP-Q', 'CPO-Y', 'MA0000002'));
    station = await connectAndBoot(p.ocpp, spec);
  });
  afterAll(async () => {
    await station?.close();
    await p?.stop();
    await partner.close();
  });

  it('pushes every connector change to the partner connected to the station operator, once', async () => {
    const got = await until(() => partner.ofKind('notification_stationStatus').find((r) => JSON.stringify(r.body).includes('"Status":1')));
    expect(got.body).toEqual({ ConnectorStatusInfo: { ConnectorID: 'PUSH-CS-1.1.1', Status: 1 } });
    await station.setStatus(1, 1, 'Preparing');
    await until(() => partner.ofKind('notification_stationStatus').find((r) => JSON.stringify(r.body).includes('"Status":2')));
    await p.drainEvents();
    // Queued by the consumer, sent by the sender: wait until none is in flight.
    await until(async () => (await pushes('pending')).length === 0 || undefined);
    const rows = await pushes();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(partner.ofKind('notification_stationStatus')).toHaveLength(rows.length);
    expect((await p.sql!.query(`SELECT count(*)::int AS n FROM partner_pushes WHERE partner_id = 'EMSP-Q'`))[0]).toEqual({ n: 0 });
    // The audit trail has each push with its decrypted body.
    const trail = await p.api('/v1/partners/EMSP-P/messages?limit=50');
    expect(trail.body.items.filter((m: any) => m.kind === 'notification_stationStatus').length).toBe(rows.length);
  });

  it('retries a failed push a minute later, and delivers it when the partner is back', async () => {
    partner.handlers.notification_stationStatus = () => ({ ret: 500, msg: 'down' });
    await station.setStatus(1, 1, 'Faulted');
    const failed = await until(async () => (await pushes('pending')).find((r) => r.attempts === 1));
    expect(failed.last_error).toContain('Ret 500');
    expect(failed.next_at.getTime() - Date.now()).toBeGreaterThan(50_000);
    partner.handlers.notification_stationStatus = () => ({ Status: 0 });
    // A minute later (moved forward here), any node's poll sends it again.
    await p.sql!.query(`UPDATE partner_pushes SET next_at = now() WHERE status = 'pending'`);
    await until(async () => (await pushes('sent')).find((r) => r.key === failed.key && r.attempts === 2));
    expect(partner.ofKind('notification_stationStatus').at(-1)!.body).toEqual({ ConnectorStatusInfo: { ConnectorID: 'PUSH-CS-1.1.1', Status: 255 } });
  });

  it('gives a supervisor station master data on change and every priced order of the member', async () => {
    const supervisor = new FakeTcecPartner({ secrets: outbound });
    const url = await supervisor.listen();
    try {
      await create(p, '/v1/partners', { id: 'HUNAN-SUP', name: 'Hunan supervision', protocol: 'tcec', role: 'supervisor', operatorId: 'CPO-X', tcec: { partnerOperatorId: 'MA0000099', ourOperatorId: 'XJCL00001', baseUrl: url, inbound, outbound } });
      await create(p, '/v1/locations', { ...location('LOC-X2', 'CPO-X', 'Zhuzhou'), district: '天元区 Tianyuan' });
      const info = await until(() => supervisor.ofKind('notification_stationInfo').find((r) => (r.body.StationInfo as { StationID: string }).StationID === 'LOC-X2'));
      expect(info.body.StationInfo).toMatchObject({ OperatorID: 'XJCL00001', AreaCode: '430211', CountryCode: 'CN' });
      await create(p, '/v1/tariffs', { id: 'T-X', operatorId: 'CPO-X', name: 'Flat', validFrom: '2026-01-01T00:00:00Z', periods: [{ startsAt: '00:00', energyPricePerKwh: '0.5', serviceFeePerKwh: '0.5' }] });
      await create(p, '/v1/tokens', { uid: 'OWN-1', operatorId: 'CPO-X', status: 'Accepted' });
      partner.handlers.notification_stationStatus = () => ({ Status: 0 });
      const s = await station.startSession({ evseId: 1, idTag: 'OWN-1' });
      await station.stopSession(s);
      const order = await until(() => supervisor.ofKind('notification_charge_order_info')[0]);
      expect(order.body).toMatchObject({ ConnectorID: 'PUSH-CS-1.1.1', StopReason: 0 });
      expect(String(order.body.StartChargeSeq)).toMatch(/^XJCL00001\d{18}$/);
      // The emsp partner's drivers did not charge: it gets no order.
      expect(partner.ofKind('notification_charge_order_info')).toEqual([]);
    } finally {
      await supervisor.close();
    }
  });

  it('does not retry a push the partner ignored (Status=1)', async () => {
    partner.handlers.notification_stationStatus = () => ({ Status: 1 });
    await station.setStatus(1, 1, 'Unavailable');
    const ignored = await until(async () => (await pushes('ignored'))[0]);
    expect(ignored.attempts).toBe(1);
    await p.sql!.query(`UPDATE partner_pushes SET next_at = now() - interval '1 hour' WHERE key = $1`, [ignored.key]);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await pushes()).find((r) => r.key === ignored.key)).toMatchObject({ status: 'ignored', attempts: 1 });
  });
});
