import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ocppClient } from '../../helpers/ocpp-client.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { REDIS_URL } from '../../helpers/services.js';
import { expectError } from './api-helpers.js';

const PASSWORD = 'Xq7-kP2_zR9mW4tY-cdrs';
/** A local time in Shanghai on 2026-11-20 as UTC ISO. */
const sh = (hhmm: string) => new Date(`2026-11-20T${hhmm}:00+08:00`).toISOString();
const register = (wh: number, context?: string) => ({ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh', ...(context ? { context } : {}) });
const register201 = (wh: number, context?: string) => ({ value: wh, measurand: 'Energy.Active.Import.Register', ...(context ? { context } : {}) });
const TOU = [
  { startsAt: '00:00', energyPricePerKwh: '0.3', serviceFeePerKwh: '0.4', tier: 'valley' },
  { startsAt: '08:00', energyPricePerKwh: '0.6', serviceFeePerKwh: '0.6', tier: 'flat' },
  { startsAt: '17:00', energyPricePerKwh: '1.0', serviceFeePerKwh: '0.8', tier: 'peak' },
  { startsAt: '23:00', energyPricePerKwh: '0.3', serviceFeePerKwh: '0.4', tier: 'valley' },
];

/**
 * CDRs through the real platform: sessions from OCPP stations become priced CDRs (to the fen),
 * held ones are released or voided, unpriced ones say why, parties see only theirs, CSV exports.
 */
describe.each([
  { name: 'embedded', redis: false },
  { name: 'PostgreSQL + Redis', redis: true },
])('CDRs ($name)', ({ redis }) => {
  let p: TestPlatform;
  const keys: Record<string, string> = {};
  const as = (who: string, path: string, init: { method?: string; body?: unknown } = {}) => p.api(path, { ...init, key: keys[who]! });
  const cdrOf = async (sessionId: string) => {
    let found: any;
    await expect.poll(async () => (found = (await p.api(`/v1/cdrs?sessionId=${sessionId}`)).body.items[0]), { timeout: 5_000 }).toBeTruthy();
    return found;
  };
  const sessionOf = async (stationId: string, transactionId: string) =>
    (await p.api(`/v1/sessions?stationId=${stationId}`)).body.items.find((s: { transactionId: string }) => s.transactionId === transactionId);
  const connect16 = async (id: string) => {
    const c = ocppClient({ endpoint: p.ocpp, identity: id, password: PASSWORD, protocols: ['ocpp1.6'] });
    await c.connect();
    await c.call('BootNotification', { chargePointVendor: 'XJ', chargePointModel: 'DC60' });
    return c;
  };
  const connect201 = async (id: string) => {
    const c = ocppClient({ endpoint: p.ocpp, identity: id, password: PASSWORD, protocols: ['ocpp2.0.1'] });
    await c.connect();
    await c.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'XJ', model: 'AC7' } });
    return c;
  };

  beforeAll(async () => {
    p = await startTestPlatform(redis ? { postgres: true, redisUrl: REDIS_URL } : {});
    const ok = async (path: string, body: unknown) => {
      const r = await p.api(path, { body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    await ok('/v1/operators', { id: 'CPO-X', name: 'CPO X', roles: ['CPO', 'EMSP'] });
    await ok('/v1/operators', { id: 'CPO-NT', name: 'No tariff', roles: ['CPO'] });
    await ok('/v1/operators', { id: 'EMSP-Y', name: 'App Y', roles: ['EMSP'] });
    await ok('/v1/agreements', { providerId: 'EMSP-Y', operatorId: 'CPO-X', validFrom: '2026-01-01T00:00:00Z' });
    await ok('/v1/locations', { id: 'L-X1', operatorId: 'CPO-X', name: 'X one, "north" gate', city: 'Changsha', address: 'a', lat: 28.2, lng: 112.9 });
    await ok('/v1/locations', { id: 'L-X2', operatorId: 'CPO-X', name: 'X two', city: 'Zhuzhou', address: 'b', lat: 27.8, lng: 113.1 });
    await ok('/v1/locations', { id: 'L-NT', operatorId: 'CPO-NT', name: 'NT', city: 'Xiangtan', address: 'c', lat: 27.9, lng: 112.9 });
    const dc = [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 60 }] }];
    const ac = [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7 }] }];
    await ok('/v1/stations', { id: 'CX-16', operatorId: 'CPO-X', locationId: 'L-X1', password: PASSWORD, evses: dc });
    await ok('/v1/stations', { id: 'CX-201', operatorId: 'CPO-X', locationId: 'L-X2', password: PASSWORD, evses: ac });
    await ok('/v1/stations', { id: 'NT-16', operatorId: 'CPO-NT', locationId: 'L-NT', password: PASSWORD, evses: dc });
    await ok('/v1/tariffs', { id: 'TX', operatorId: 'CPO-X', name: 'Time of use', validFrom: '2026-01-01T00:00:00Z', periods: TOU });
    await ok('/v1/tariffs', {
      id: 'TX-IDLE', operatorId: 'CPO-X', locationId: 'L-X2', name: 'Flat with idle fee', validFrom: '2026-01-01T00:00:00Z',
      periods: [{ startsAt: '00:00', energyPricePerKwh: '1', serviceFeePerKwh: '0.5' }], idleFee: { perMinute: '0.5', graceMinutes: 10, dailyCap: '3' },
    });
    await ok('/v1/tokens', { uid: 'X-OWN', operatorId: 'CPO-X', status: 'Accepted' });
    await ok('/v1/tokens', { uid: 'Y-APP', operatorId: 'EMSP-Y', status: 'Accepted' });
    for (const op of ['CPO-X', 'CPO-NT', 'EMSP-Y']) keys[op] = (await ok('/v1/api-keys', { operatorId: op, name: op })).key;
  });
  afterAll(() => p.stop());

  it('1.6 across the 17:00 peak boundary: two lines interpolated from the readings, rounded half-up once per line; replays add no CDR', async () => {
    const c = await connect16('CX-16');
    const start = (await c.call('StartTransaction', { connectorId: 1, idTag: 'Y-APP', meterStart: 10_000, timestamp: sh('16:30') })) as { transactionId: number };
    const tx = start.transactionId;
    await c.call('MeterValues', { connectorId: 1, transactionId: tx, meterValue: [{ timestamp: sh('16:45'), sampledValue: [register(12_000)] }] });
    await c.call('MeterValues', { connectorId: 1, transactionId: tx, meterValue: [{ timestamp: sh('17:15'), sampledValue: [register(16_000)] }] });
    const stop = { transactionId: tx, meterStop: 18_005, timestamp: sh('17:30'), reason: 'EVDisconnected' };
    await c.call('StopTransaction', stop);
    const session = await sessionOf('CX-16', String(tx));
    const cdr = await cdrOf(session.id);
    expect(cdr).toMatchObject({
      kind: 'original', status: 'priced', cpoId: 'CPO-X', providerId: 'EMSP-Y', agreementId: expect.any(String), idToken: 'Y-APP',
      energyWh: 8005, energyAmount: '6.41', serviceAmount: '5.60', idleAmount: '0.00', sessionFeeAmount: '0.00', total: '12.01', currency: 'CNY',
      settlementDay: '2026-11-20',
      location: { locationId: 'L-X1', city: 'Changsha', stationId: 'CX-16', evseId: 1, connectorId: 1, standard: 'GBT_DC', powerType: 'DC', maxPowerKw: 60 },
      tariff: { tariffId: 'TX', versions: [{ version: 1 }] },
    });
    expect(cdr.lines.map((l: any) => [l.kind, l.startsAt, l.endsAt, l.wh, l.tier, l.energyPrice, l.serviceFee, l.energyAmount, l.serviceAmount, l.amount, l.splitBy])).toEqual([
      ['energy', sh('16:30'), sh('17:00'), 4000, 'flat', '0.6000', '0.6000', '2.40', '2.40', '4.80', 'meter'],
      ['energy', sh('17:00'), sh('17:30'), 4005, 'peak', '1.0000', '0.8000', '4.01', '3.20', '7.21', 'meter'],
    ]);
    // The station sends its stop again (no answer seen): nothing new.
    await c.call('StopTransaction', stop);
    await p.drainEvents();
    expect((await p.api(`/v1/cdrs?sessionId=${session.id}`)).body.items).toHaveLength(1);
    // The session page shows the CDR's totals.
    expect((await p.api(`/v1/sessions/${session.id}`)).body.cost).toMatchObject({ cdrId: cdr.id, total: '12.01', energyWh: 8005 });
    await c.close();
  });

  it('2.0.1 with an idle fee: whole minutes after charging ended and the grace period, capped per day; a running session shows its cost so far', async () => {
    const c = await connect201('CX-201');
    const ev = (seqNo: number, eventType: string, at: string, extra: Record<string, unknown>) =>
      c.call('TransactionEvent', { eventType, timestamp: at, triggerReason: 'Authorized', seqNo, evse: { id: 1, connectorId: 1 }, ...extra });
    await ev(0, 'Started', sh('10:00'), { transactionInfo: { transactionId: 'tx-idle', chargingState: 'Charging' }, idToken: { idToken: 'X-OWN', type: 'ISO14443' }, meterValue: [{ timestamp: sh('10:00'), sampledValue: [register201(0, 'Transaction.Begin')] }] });
    await ev(1, 'Updated', sh('10:30'), { triggerReason: 'ChargingStateChanged', transactionInfo: { transactionId: 'tx-idle', chargingState: 'EVConnected' }, meterValue: [{ timestamp: sh('10:30'), sampledValue: [register201(5000)] }] });
    const running = await sessionOf('CX-201', 'tx-idle');
    // Running: priced up to its latest reading (10:30): 5 kWh × (1 + 0.5); idle has not begun by then.
    expect((await p.api(`/v1/sessions/${running.id}`)).body.cost).toMatchObject({ status: 'priced', asOf: sh('10:30'), cdrId: null, energyWh: 5000, total: '7.50' });
    await ev(2, 'Ended', sh('11:00'), { triggerReason: 'EVDeparted', transactionInfo: { transactionId: 'tx-idle', chargingState: 'Idle', stoppedReason: 'EVDisconnected' }, meterValue: [{ timestamp: sh('11:00'), sampledValue: [register201(5000, 'Transaction.End')] }] });
    const cdr = await cdrOf(running.id);
    // Idle from 10:40 (10:30 + 10 min grace) to 11:00 = 20 min × 0.50 = 10.00, capped at 3.00.
    expect(cdr).toMatchObject({ status: 'priced', providerId: 'CPO-X', agreementId: null, energyWh: 5000, energyAmount: '5.00', serviceAmount: '2.50', idleAmount: '3.00', total: '10.50', tariff: { tariffId: 'TX-IDLE' } });
    expect(cdr.lines.map((l: any) => [l.kind, l.minutes, l.feeAmount])).toEqual([['energy', 0, '0.00'], ['idle', 20, '3.00']]);
    await c.close();
  });

  it('a meter going backwards is held for review; the CPO releases one and voids another; others may not', async () => {
    const c = await connect16('CX-16');
    const held: string[] = [];
    for (const [i, at] of [['1', '19:00'], ['2', '20:00']] as const) {
      const start = (await c.call('StartTransaction', { connectorId: 1, idTag: 'X-OWN', meterStart: 1000, timestamp: sh(at) })) as { transactionId: number };
      const later = (m: number) => new Date(new Date(sh(at)).getTime() + m * 60_000).toISOString();
      await c.call('MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [{ timestamp: later(10), sampledValue: [register(5000)] }] });
      await c.call('MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [{ timestamp: later(20), sampledValue: [register(3000)] }] });
      await c.call('StopTransaction', { transactionId: start.transactionId, meterStop: 6000, timestamp: later(30) });
      const cdr = await cdrOf((await sessionOf('CX-16', String(start.transactionId))).id);
      expect(cdr, i).toMatchObject({ status: 'held', quality: [{ reason: 'METER_BACKWARDS' }] });
      held.push(cdr.id);
    }
    await c.close();
    expectError(await as('EMSP-Y', `/v1/cdrs/${held[0]}/release`, { method: 'POST', body: {} }), 404, 'CDR_NOT_FOUND');
    expectError(await as('CPO-NT', `/v1/cdrs/${held[0]}/release`, { method: 'POST', body: {} }), 404, 'CDR_NOT_FOUND');
    const released = await as('CPO-X', `/v1/cdrs/${held[0]}/release`, { method: 'POST', body: { note: 'meter swapped mid-session' } });
    expect(released.body).toMatchObject({ status: 'priced', review: { by: 'CPO-X', note: 'meter swapped mid-session' } });
    expect((await p.api(`/v1/cdrs/${held[1]}/void`, { method: 'POST' })).body).toMatchObject({ status: 'voided', review: { by: 'admin', note: null } });
    expectError(await p.api(`/v1/cdrs/${held[0]}/void`, { method: 'POST' }), 409, 'CDR_NOT_REVIEWABLE');
    expectError(await p.api('/v1/cdrs/NO-SUCH/release', { method: 'POST' }), 404, 'CDR_NOT_FOUND');
  });

  it('a session where no tariff applies is unpriced with the reason, never priced at 0', async () => {
    const c = await connect16('NT-16');
    const start = (await c.call('StartTransaction', { connectorId: 1, idTag: 'UNKNOWN-TAG', meterStart: 0, timestamp: sh('12:00') })) as { transactionId: number };
    await c.call('StopTransaction', { transactionId: start.transactionId, meterStop: 3000, timestamp: sh('12:20') });
    await c.close();
    const cdr = await cdrOf((await sessionOf('NT-16', String(start.transactionId))).id);
    expect(cdr).toMatchObject({ status: 'unpriced', statusReason: 'no tariff applies at this connector', energyWh: 3000, total: '0.00', lines: [] });
  });

  it('each party sees its own CDRs; filters; CSV with amounts as 8.40 that a spreadsheet opens', async () => {
    const all = (await p.api('/v1/cdrs?limit=100')).body.items;
    expect(all.length).toBe(5);
    expect((await as('EMSP-Y', '/v1/cdrs')).body.items.map((c: any) => c.idToken)).toEqual(['Y-APP']);
    expect((await as('CPO-NT', '/v1/cdrs')).body.items.map((c: any) => c.status)).toEqual(['unpriced']);
    expect((await as('CPO-X', '/v1/cdrs')).body.items).toHaveLength(4);
    expectError(await as('CPO-NT', `/v1/cdrs/${all.find((c: any) => c.idToken === 'Y-APP').id}`), 404, 'CDR_NOT_FOUND');
    expect((await p.api('/v1/cdrs?status=held')).body.items).toEqual([]);
    expect((await p.api('/v1/cdrs?city=Zhuzhou')).body.items.map((c: any) => c.location.stationId)).toEqual(['CX-201']);
    expect((await p.api('/v1/cdrs?providerId=EMSP-Y&operatorId=CPO-X')).body.items).toHaveLength(1);
    expect((await p.api(`/v1/cdrs?from=${sh('16:00')}&to=${sh('18:00')}`)).body.items.map((c: any) => c.total)).toEqual(['12.01']);
    const page1 = (await p.api('/v1/cdrs?limit=2')).body;
    const page2 = (await p.api(`/v1/cdrs?limit=2&cursor=${page1.nextCursor}`)).body;
    expect([...page1.items, ...page2.items].map((c: any) => c.id)).toEqual(all.slice(0, 4).map((c: any) => c.id));
    expectError(await p.api(`/v1/cdrs?from=${sh('18:00')}&to=${sh('16:00')}`), 400, 'VALIDATION_FAILED', 'from');

    const csv = await as('CPO-X', '/v1/cdrs?format=csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    // A UTF-8 byte order mark first, so a spreadsheet reads the Chinese names right.
    const raw = new Uint8Array(await (await fetch(`${p.http}/v1/cdrs?format=csv`, { headers: { authorization: `Bearer ${keys['CPO-X']}` } })).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = String(csv.body).trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['cdr_id', 'kind', 'status', 'session_id']);
    expect(lines).toHaveLength(5);
    const peak = lines.find((l) => l.includes('Y-APP') || l.includes(',EMSP-Y,'))!;
    expect(peak).toContain('"X one, ""north"" gate"');
    expect(peak).toContain(',8.005,6.41,5.60,0.00,0.00,12.01,CNY,');
    expect(peak).toContain(',2026-11-20 16:30:00,2026-11-20 17:30:00,2026-11-20,');
    // Accept: text/csv asks for the same.
    const res = await fetch(`${p.http}/v1/cdrs?status=unpriced`, { headers: { authorization: `Bearer ${keys['CPO-NT']}`, accept: 'text/csv' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await res.text()).trimEnd().split('\r\n')).toHaveLength(2);
  });

  it("the most specific tariff prices the CDR: a location's DC tariff, else the operator's DC tariff, else the default", async () => {
    const ok = async (path: string, body: unknown) => expect((await p.api(path, { body })).status).toBe(201);
    const flat = (price: string) => [{ startsAt: '00:00', energyPricePerKwh: price, serviceFeePerKwh: '0' }];
    await ok('/v1/stations', { id: 'CX-AC', operatorId: 'CPO-X', locationId: 'L-X1', password: PASSWORD, evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7 }] }] });
    await ok('/v1/stations', { id: 'CX-DC2', operatorId: 'CPO-X', locationId: 'L-X1', password: PASSWORD, evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 60 }] }] });
    await ok('/v1/tariffs', { id: 'TX-DC', operatorId: 'CPO-X', powerType: 'DC', name: 'DC', validFrom: '2026-01-01T00:00:00Z', periods: flat('2') });
    /** One kWh at 10:00 on the station; the CDR's tariff and total. */
    const charge = async (stationId: string, at: string) => {
      const c = await connect16(stationId);
      const { transactionId } = (await c.call('StartTransaction', { connectorId: 1, idTag: 'X-OWN', meterStart: 0, timestamp: sh(at) })) as { transactionId: number };
      await c.call('StopTransaction', { transactionId, meterStop: 1000, timestamp: sh(`${at.slice(0, 3)}30`), reason: 'Local' });
      await c.close();
      const cdr = await cdrOf((await sessionOf(stationId, String(transactionId))).id);
      return [cdr.tariff.tariffId, cdr.total];
    };
    expect(await charge('CX-AC', '10:00')).toEqual(['TX', '1.20']);
    expect(await charge('CX-DC2', '10:00')).toEqual(['TX-DC', '2.00']);
    await ok('/v1/tariffs', { id: 'TX-L1-DC', operatorId: 'CPO-X', locationId: 'L-X1', powerType: 'DC', name: 'L1 DC', validFrom: '2026-01-01T00:00:00Z', periods: flat('3') });
    expect(await charge('CX-DC2', '11:00')).toEqual(['TX-L1-DC', '3.00']);
    expect(await charge('CX-AC', '11:00')).toEqual(['TX', '1.20']);
  });
});
