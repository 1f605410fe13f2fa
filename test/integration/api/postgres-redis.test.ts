import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { PASSWORD, bootStation, create, eventually, expectError, location, online, operator, walk } from './api-helpers.js';

/** The same API smoke against PostgreSQL and Redis (presence) instead of PGlite and memory. */
let p: TestPlatform;
// Redis is shared with other runs: keep station identities unique.
const tag = randomBytes(4).toString('hex');
const OP = `OP-PG-${tag}`;
const LOC = `LOC-PG-${tag}`;
const ST = `ST-PG-${tag}`;

beforeAll(async () => {
  p = await startTestPlatform({ postgres: true, redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' });
});
afterAll(() => p?.stop());

describe('PostgreSQL + Redis mode', () => {
  it('is ready with both the store and the bus checked', async () => {
    const r = await p.api('/readyz', { key: null });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ready', checks: { store: 'ok', bus: 'ok' } });
  });

  it('creates an operator, location and station and reads them back', async () => {
    const op = await create(p, '/v1/operators', operator(OP, ['CPO', 'EMSP']));
    expect((await p.api(`/v1/operators/${OP}`)).body).toEqual(op);
    const loc = await create(p, '/v1/locations', location(LOC, OP, 'Xiangtan'));
    expect((await p.api(`/v1/locations/${LOC}`)).body).toMatchObject(loc);
    expect((await p.api(`/v1/locations?city=Xiangtan&operatorId=${OP}`)).body.items).toMatchObject([loc]);
    const st = await create(p, '/v1/stations', {
      id: ST, operatorId: OP, locationId: LOC, password: PASSWORD,
      evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 120 }] }],
    });
    const got = (await p.api(`/v1/stations/${ST}`)).body;
    expect(got).toEqual(st);
    expect(got).toMatchObject({ online: false, evses: [{ evseId: 1, maxPowerKw: 120, connectors: [{ standard: 'GBT_DC', status: 'UNKNOWN', maxPowerKw: 120 }] }] });
    expect((await p.api(`/v1/stations?operatorId=${OP}`)).body.items.map((s: any) => s.id)).toEqual([ST]);
  });

  it('rejects bad input and duplicates the same way, leaving nothing behind', async () => {
    expectError(await p.api('/v1/operators', { body: operator(OP) }), 409, 'OPERATOR_ALREADY_EXISTS');
    expectError(await p.api('/v1/locations', { body: { ...location(`${LOC}-x`, OP), lat: 91 } }), 400, 'VALIDATION_FAILED', 'lat');
    expectError(await p.api(`/v1/locations/${LOC}-x`), 404, 'LOCATION_NOT_FOUND');
    expectError(await p.api('/v1/stations', { body: { id: `${ST}-x`, operatorId: OP, password: 'aaaaaaaaaaaaaaaa' } }), 400, 'VALIDATION_FAILED', 'password');
    expectError(await p.api(`/v1/stations/${ST}-x`), 404, 'STATION_NOT_FOUND');
    expectError(await p.api('/v1/locations', { body: location(`${LOC}-y`, `${OP}-ghost`) }), 404, 'OPERATOR_NOT_FOUND');
    expectError(await p.api(`/v1/locations/${LOC}`, { method: 'DELETE' }), 409, 'LOCATION_IN_USE');
    expect((await p.api(`/v1/locations/${LOC}`)).status).toBe(200);
  });

  it('pages through operators with a cursor', async () => {
    for (let i = 0; i < 4; i++) await create(p, '/v1/operators', operator(`${OP}-${i}`));
    const all = (await p.api('/v1/operators?limit=500')).body.items.map((o: any) => o.id);
    const w = await walk(p, '/v1/operators', 2, (o) => o.id);
    expect(w.keys).toEqual(all);
    expect(new Set(w.keys).size).toBe(all.length);
    expect(w.keys).toEqual(expect.arrayContaining([OP, `${OP}-0`, `${OP}-3`]));
  });

  it('shows the station online through Redis presence while it is connected', async () => {
    const c = await bootStation(p, ST);
    expect(await eventually(() => online(p, ST))).toBe(true);
    await c.close();
    expect(await eventually(async () => !(await online(p, ST)))).toBe(true);
  });

  // On PostgreSQL 15 a RESTRICT violation is SQLSTATE 23503 and maps to 409; on PGlite it is 23001
  // and the same request answers 500 (see operators-locations.test.ts).
  it('deleting an operator in use → 409 OPERATOR_IN_USE; operator, location and station stay', async () => {
    expectError(await p.api(`/v1/operators/${OP}`, { method: 'DELETE' }), 409, 'OPERATOR_IN_USE');
    expect((await p.api(`/v1/operators/${OP}`)).status).toBe(200);
    expect((await p.api(`/v1/locations/${LOC}`)).status).toBe(200);
    expect((await p.api(`/v1/stations/${ST}`)).status).toBe(200);
  });
});
