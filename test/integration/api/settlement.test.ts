import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../../src/shared/shanghai-time.js';
import { ocppClient } from '../../helpers/ocpp-client.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { REDIS_URL } from '../../helpers/services.js';
import { expectError } from './api-helpers.js';

const PASSWORD = 'Xq7-kP2_zR9mW4tY-settle';
const D = '2026-11-20';
const sh = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`).toISOString();
const register = (wh: number) => ({ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' });

/**
 * Statements between three parties from sessions charged over OCPP: CPO-A (Changsha) and CPO-B
 * (Zhuzhou, also an EMSP) own stations; EMSP-E's app roams at both; B's cards at A's. Flat
 * tariffs make the sums easy to check by hand: A 1.20 + 0.80 per kWh, B 1.00 + 0.50.
 */
describe.each([
  { name: 'embedded', redis: false },
  { name: 'PostgreSQL + Redis', redis: true },
])('settlement, disputes and the cities report ($name)', ({ redis }) => {
  let p: TestPlatform;
  const keys: Record<string, string> = {};
  const as = (who: string, path: string, init: { method?: string; body?: unknown } = {}) => p.api(path, { ...init, key: keys[who]! });
  const cdrIdOf: Record<string, string> = {};

  /** A 1.6 session of `kwh` on `date` from `from` to `to` (local), with one reading in the middle. */
  async function charge(label: string, stationId: string, idTag: string, date: string, from: string, to: string, kwh: number) {
    const c = ocppClient({ endpoint: p.ocpp, identity: stationId, password: PASSWORD, protocols: ['ocpp1.6'] });
    await c.connect();
    await c.call('BootNotification', { chargePointVendor: 'XJ', chargePointModel: 'M' });
    const start = (await c.call('StartTransaction', { connectorId: 1, idTag, meterStart: 100_000, timestamp: sh(date, from) })) as { transactionId: number };
    const mid = new Date((Date.parse(sh(date, from)) + Date.parse(sh(date, to))) / 2).toISOString();
    await c.call('MeterValues', { connectorId: 1, transactionId: start.transactionId, meterValue: [{ timestamp: mid, sampledValue: [register(100_000 + kwh * 500)] }] });
    await c.call('StopTransaction', { transactionId: start.transactionId, meterStop: 100_000 + kwh * 1000, timestamp: sh(date, to) });
    await c.close();
    await p.drainEvents();
    const s = (await p.api(`/v1/sessions?stationId=${stationId}&limit=100`)).body.items.find((x: { transactionId: string }) => x.transactionId === String(start.transactionId));
    cdrIdOf[label] = (await p.api(`/v1/cdrs?sessionId=${s.id}`)).body.items[0].id;
  }

  beforeAll(async () => {
    p = await startTestPlatform(redis ? { postgres: true, redisUrl: REDIS_URL } : {});
    const ok = async (path: string, body: unknown) => {
      const r = await p.api(path, { body });
      expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(201);
      return r.body;
    };
    await ok('/v1/operators', { id: 'CPO-A', name: 'A', roles: ['CPO'] });
    await ok('/v1/operators', { id: 'CPO-B', name: 'B', roles: ['CPO', 'EMSP'] });
    await ok('/v1/operators', { id: 'EMSP-E', name: 'E', roles: ['EMSP'] });
    for (const [provider, operator] of [['EMSP-E', 'CPO-A'], ['EMSP-E', 'CPO-B'], ['CPO-B', 'CPO-A']]) {
      await ok('/v1/agreements', { providerId: provider, operatorId: operator, validFrom: '2026-01-01T00:00:00Z' });
    }
    await ok('/v1/locations', { id: 'L-A', operatorId: 'CPO-A', name: 'A site', city: 'Changsha', address: 'a', lat: 28.2, lng: 112.9 });
    await ok('/v1/locations', { id: 'L-B', operatorId: 'CPO-B', name: 'B site', city: 'Zhuzhou', address: 'b', lat: 27.8, lng: 113.1 });
    const evses = [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 120 }] }];
    await ok('/v1/stations', { id: 'ST-A', operatorId: 'CPO-A', locationId: 'L-A', password: PASSWORD, evses });
    await ok('/v1/stations', { id: 'ST-B', operatorId: 'CPO-B', locationId: 'L-B', password: PASSWORD, evses });
    await ok('/v1/tariffs', {
      id: 'T-A', operatorId: 'CPO-A', name: 'A', validFrom: '2026-01-01T00:00:00Z',
      periods: [{ startsAt: '00:00', energyPricePerKwh: '1.2', serviceFeePerKwh: '0.8', tier: 'valley' }, { startsAt: '08:00', energyPricePerKwh: '1.2', serviceFeePerKwh: '0.8', tier: 'peak' }],
    });
    await ok('/v1/tariffs', { id: 'T-B', operatorId: 'CPO-B', name: 'B', validFrom: '2026-01-01T00:00:00Z', periods: [{ startsAt: '00:00', energyPricePerKwh: '1', serviceFeePerKwh: '0.5', tier: 'flat' }] });
    await ok('/v1/tokens', { uid: 'E-1', operatorId: 'EMSP-E', status: 'Accepted' });
    await ok('/v1/tokens', { uid: 'B-1', operatorId: 'CPO-B', status: 'Accepted' });
    await ok('/v1/tokens', { uid: 'A-1', operatorId: 'CPO-A', status: 'Accepted' });
    for (const op of ['CPO-A', 'CPO-B', 'EMSP-E']) keys[op] = (await ok('/v1/api-keys', { operatorId: op, name: op })).key;
    await charge('E@A', 'ST-A', 'E-1', D, '06:00', '07:00', 10); // valley: 10 × 2.00 = 20.00
    await charge('E@B', 'ST-B', 'E-1', D, '09:00', '10:00', 4); //  4 × 1.50 = 6.00
    await charge('B@A', 'ST-A', 'B-1', D, '12:00', '13:00', 5); //  peak: 5 × 2.00 = 10.00
    await charge('A@A', 'ST-A', 'A-1', D, '14:00', '15:00', 3); //  its own customer: not settled
  });
  afterAll(() => p.stop());

  it("the day's close: one statement per pair, to the fen, net positions, the same again on a re-run", async () => {
    const run = await p.api('/v1/settlements/run', { body: { period: 'day', date: D } });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ period: 'day', date: D, status: 'final' });
    expect(run.body.statements.map((s: any) => [s.providerId, s.cpoId, s.status, s.regular.sessions, s.regular.energyWh, s.regular.energyAmount, s.regular.serviceAmount, s.total.total])).toEqual([
      ['CPO-B', 'CPO-A', 'final', 1, 5000, '6.00', '4.00', '10.00'],
      ['EMSP-E', 'CPO-A', 'final', 1, 10000, '12.00', '8.00', '20.00'],
      ['EMSP-E', 'CPO-B', 'final', 1, 4000, '4.00', '2.00', '6.00'],
    ]);
    expect(run.body.netPositions).toEqual([
      { partyA: 'CPO-A', partyB: 'CPO-B', aOwesB: '-10.00', payer: 'CPO-B', payee: 'CPO-A', amount: '10.00' },
      { partyA: 'CPO-A', partyB: 'EMSP-E', aOwesB: '-20.00', payer: 'EMSP-E', payee: 'CPO-A', amount: '20.00' },
      { partyA: 'CPO-B', partyB: 'EMSP-E', aOwesB: '-6.00', payer: 'EMSP-E', payee: 'CPO-B', amount: '6.00' },
    ]);
    expect((await p.api('/v1/settlements/run', { body: { period: 'day', date: D } })).body).toEqual(run.body);
    expect((await p.api(`/v1/settlements?period=day&date=${D}`)).body).toEqual(run.body);
    // A party sees its statements only, and the net positions among them.
    const e = (await as('EMSP-E', `/v1/settlements?period=day&date=${D}`)).body;
    expect(e.statements.map((s: any) => s.cpoId)).toEqual(['CPO-A', 'CPO-B']);
    expect(e.netPositions.map((n: any) => n.payer)).toEqual(['EMSP-E', 'EMSP-E']);
    expectError(await as('EMSP-E', `/v1/settlements?period=day&date=${D}&partyId=CPO-B`), 403, 'FORBIDDEN', 'partyId');
    const eAtA = run.body.statements[1];
    expect((await as('EMSP-E', `/v1/settlements/${eAtA.id}`)).body).toMatchObject({ id: eAtA.id, cdrIds: [cdrIdOf['E@A']], adjustmentCdrIds: [] });
    expectError(await as('CPO-B', `/v1/settlements/${eAtA.id}`), 404, 'STATEMENT_NOT_FOUND');
    const csv = String((await as('CPO-A', `/v1/settlements/${eAtA.id}?format=csv`)).body).trimEnd().split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain(`${eAtA.id},${cdrIdOf['E@A']},no,original,`);
    expect(csv[1]).toMatch(/,10\.000,12\.00,8\.00,0\.00,0\.00,20\.00$/);
    // Bad runs: not the admin, a date that is none.
    expectError(await as('CPO-A', '/v1/settlements/run', { body: { period: 'day', date: D } }), 403, 'FORBIDDEN');
    expectError(await p.api('/v1/settlements/run', { body: { period: 'day', date: '2026-02-30' } }), 400, 'VALIDATION_FAILED', 'date');
    expectError(await p.api('/v1/settlements/run', { body: { period: 'week', date: D } }), 400, 'VALIDATION_FAILED', 'period');
  });

  it('a dispute: the EMSP disputes the energy, the CPO accepts with the right energy; credit and replacement settle as adjustments next day', async () => {
    const disputed = cdrIdOf['E@A']!;
    expectError(await as('CPO-B', '/v1/disputes', { body: { cdrId: disputed, reason: 3 } }), 404, 'CDR_NOT_FOUND', 'cdrId');
    expectError(await as('CPO-A', '/v1/disputes', { body: { cdrId: disputed, reason: 3 } }), 403, 'FORBIDDEN');
    expectError(await as('EMSP-E', '/v1/disputes', { body: { cdrId: disputed, reason: 4 } }), 400, 'VALIDATION_FAILED', 'reason');
    const opened = await as('EMSP-E', '/v1/disputes', { body: { cdrId: disputed, reason: 3, note: 'our app measured 8 kWh' } });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ cdrId: disputed, raisedBy: 'EMSP-E', reason: 3, status: 'open' });
    expectError(await as('EMSP-E', '/v1/disputes', { body: { cdrId: disputed, reason: 2 } }), 409, 'DISPUTE_ALREADY_OPEN');
    expect((await as('CPO-A', '/v1/disputes?status=open')).body.items.map((x: any) => x.id)).toEqual([opened.body.id]);
    expect((await as('CPO-B', '/v1/disputes')).body.items).toEqual([]);
    expectError(await as('EMSP-E', `/v1/disputes/${opened.body.id}/accept`, { method: 'POST', body: {} }), 403, 'FORBIDDEN');
    const accepted = await as('CPO-A', `/v1/disputes/${opened.body.id}/accept`, { method: 'POST', body: { note: 'agreed', energyWh: 8000 } });
    expect(accepted.body).toMatchObject({ status: 'accepted', resolvedBy: 'CPO-A', resolutionNote: 'agreed', creditCdrId: `${disputed}-C`, replacementCdrId: expect.any(String) });
    expectError(await as('CPO-A', `/v1/disputes/${opened.body.id}/reject`, { method: 'POST', body: { note: 'no' } }), 409, 'DISPUTE_NOT_OPEN');
    const credit = (await p.api(`/v1/cdrs/${disputed}-C`)).body;
    expect(credit).toMatchObject({ kind: 'credit', creditsCdrId: disputed, total: '-20.00', energyWh: -10000, settlementDay: D });
    const replacement = (await p.api(`/v1/cdrs/${accepted.body.replacementCdrId}`)).body;
    expect(replacement).toMatchObject({ kind: 'replacement', replacesCdrId: disputed, status: 'priced', energyWh: 8000, total: '16.00', settlementDay: D });
    expect(replacement.lines.every((l: any) => l.splitBy === 'time')).toBe(true);
    // The session now costs what the replacement says.
    expect((await p.api(`/v1/sessions/${replacement.sessionId}`)).body.cost).toMatchObject({ cdrId: replacement.id, status: 'priced', energyWh: 8000, total: '16.00' });
    // The corrected CDR cannot be disputed again; the replacement can.
    expectError(await as('EMSP-E', '/v1/disputes', { body: { cdrId: disputed, reason: 2 } }), 409, 'CDR_NOT_REVIEWABLE');
    // D closed already: both go into the next day's statement as adjustments (−20.00 + 16.00).
    const next = (await p.api('/v1/settlements/run', { body: { period: 'day', date: '2026-11-21' } })).body;
    expect(next.statements.map((s: any) => [s.providerId, s.cpoId, s.regular.cdrCount, s.adjustments.sessions, s.adjustments.energyWh, s.adjustments.total, s.total.total])).toEqual([
      ['EMSP-E', 'CPO-A', 0, 0, -2000, '-4.00', '-4.00'],
    ]);
    // A rejected dispute changes no CDR.
    // A statement named with the dispute must be one that settles the CDR.
    const dayStatements = (await as('EMSP-E', `/v1/settlements?period=day&date=${D}`)).body.statements as any[];
    const [atA, atB] = [dayStatements.find((s) => s.cpoId === 'CPO-A').id, dayStatements.find((s) => s.cpoId === 'CPO-B').id];
    expectError(await as('EMSP-E', '/v1/disputes', { body: { cdrId: cdrIdOf['E@B'], reason: 2, statementId: atA } }), 400, 'VALIDATION_FAILED', 'statementId');
    expectError(await as('EMSP-E', '/v1/disputes', { body: { cdrId: cdrIdOf['E@B'], reason: 2, statementId: 'ST-D-20261120-nothing' } }), 400, 'VALIDATION_FAILED', 'statementId');
    expect((await as('EMSP-E', '/v1/disputes?status=open')).body.items).toEqual([]);
    const other = await as('EMSP-E', '/v1/disputes', { body: { cdrId: cdrIdOf['E@B'], reason: 2, statementId: atB } });
    expect(other.body).toMatchObject({ status: 'open', statementId: atB });
    const rejected = await as('CPO-B', `/v1/disputes/${other.body.id}/reject`, { method: 'POST', body: { note: 'the meter is calibrated' } });
    expect(rejected.body).toMatchObject({ status: 'rejected', resolutionNote: 'the meter is calibrated', creditCdrId: null });
    expect((await p.api(`/v1/cdrs?sessionId=${(await p.api(`/v1/cdrs/${cdrIdOf['E@B']}`)).body.sessionId}`)).body.items).toHaveLength(1);
  });

  it('a month holds every CDR of its days once; the running day and month are provisional', async () => {
    const month = (await p.api('/v1/settlements/run', { body: { period: 'month', date: D } })).body;
    expect(month).toMatchObject({ period: 'month', date: '2026-11-01', status: 'final' });
    expect(month.statements.map((s: any) => [s.providerId, s.cpoId, s.total.sessions, s.total.energyWh, s.total.total])).toEqual([
      ['CPO-B', 'CPO-A', 1, 5000, '10.00'],
      ['EMSP-E', 'CPO-A', 1, 8000, '16.00'],
      ['EMSP-E', 'CPO-B', 1, 4000, '6.00'],
    ]);
    // A session that ended a few minutes ago (today in Shanghai): today's statements are provisional.
    const stoppedAt = new Date(Date.now() - 60_000);
    const today = shanghaiDate(stoppedAt);
    const c = ocppClient({ endpoint: p.ocpp, identity: 'ST-B', password: PASSWORD, protocols: ['ocpp1.6'] });
    await c.connect();
    await c.call('BootNotification', { chargePointVendor: 'XJ', chargePointModel: 'M' });
    const { transactionId } = (await c.call('StartTransaction', { connectorId: 1, idTag: 'E-1', meterStart: 0, timestamp: new Date(stoppedAt.getTime() - 60_000).toISOString() })) as { transactionId: number };
    await c.call('StopTransaction', { transactionId, meterStop: 2000, timestamp: stoppedAt.toISOString() });
    await c.close();
    await p.drainEvents();
    const provisional = (await p.api('/v1/settlements/run', { body: { period: 'day', date: today } })).body;
    expect(provisional).toMatchObject({ status: 'provisional' });
    expect(provisional.statements.map((s: any) => [s.providerId, s.cpoId, s.status, s.regular.cdrCount, s.total.total])).toEqual([['EMSP-E', 'CPO-B', 'provisional', 1, '3.00']]);
    // Watched during the day: the same again while nothing changed; the CPO sees its own.
    expect((await p.api('/v1/settlements/run', { body: { period: 'day', date: today } })).body).toEqual(provisional);
    expect((await as('CPO-B', `/v1/settlements?period=day&date=${today}`)).body.statements.map((s: any) => s.status)).toEqual(['provisional']);
    const thisMonth = (await p.api('/v1/settlements/run', { body: { period: 'month', date: today } })).body;
    expect(thisMonth.status).toBe('provisional');
    expect(thisMonth.statements.map((s: any) => [s.providerId, s.cpoId, s.total.total])).toContainEqual(['EMSP-E', 'CPO-B', '3.00']);
  });

  it('the cities report: sessions, kWh, revenue, roaming share and valley share per city and operator', async () => {
    const r = await p.api(`/v1/reports/cities?from=${D}&to=${D}`);
    expect(r.status).toBe(200);
    const changsha = r.body.cities.find((c: any) => c.city === 'Changsha');
    // E@A corrected to 8 kWh (valley), B@A 5 kWh (peak), A@A 3 kWh (peak, its own).
    expect(changsha).toMatchObject({ sessions: 3, energyKwh: '16.000', revenue: '32.00', roamingSessions: 2, roamingEnergyKwh: '13.000', roamingRevenue: '26.00', roamingEnergyShare: '0.8125', valleyShare: '0.5000' });
    expect(changsha.energyKwhByTier).toMatchObject({ valley: '8.000', peak: '8.000', flat: '0.000' });
    expect(r.body.cities.find((c: any) => c.city === 'Zhuzhou')).toMatchObject({ energyKwh: '4.000', energyKwhByTier: { flat: '4.000' }, valleyShare: '0.0000' });
    expect(r.body.totals).toMatchObject({ sessions: 4, energyKwh: '20.000', revenue: '38.00' });
    expectError(await as('CPO-A', `/v1/reports/cities?from=${D}&to=${D}`), 403, 'FORBIDDEN');
    expectError(await p.api(`/v1/reports/cities?from=${D}&to=2026-11-19`), 400, 'VALIDATION_FAILED', 'to');
  });

  it('a session the provider never had (reason 1), accepted: cancelled by a credit alone, and the session costs nothing', async () => {
    const cdr = (await p.api(`/v1/cdrs/${cdrIdOf['B@A']}`)).body;
    const opened = await as('CPO-B', '/v1/disputes', { body: { cdrId: cdr.id, reason: 1, note: 'not our customer' } });
    const accepted = await as('CPO-A', `/v1/disputes/${opened.body.id}/accept`, { method: 'POST', body: {} });
    expect(accepted.body).toMatchObject({ status: 'accepted', creditCdrId: `${cdr.id}-C`, replacementCdrId: null });
    expect((await p.api(`/v1/sessions/${cdr.sessionId}`)).body.cost).toMatchObject({ cdrId: cdr.id, status: 'credited', energyWh: 0, total: '0.00' });
  });
});
