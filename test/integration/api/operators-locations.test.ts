import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { PASSWORD, create, expectError, location, operator, walk } from './api-helpers.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
  await create(p, '/v1/operators', operator('OP-A', ['CPO', 'EMSP']));
  await create(p, '/v1/operators', operator('OP-B'));
});
afterAll(() => p.stop());

describe('operators', () => {
  it('POST → 201, GET returns the same, PATCH changes only what was sent, DELETE → 204 then 404', async () => {
    const created = await create(p, '/v1/operators', { id: 'OP-CRUD', name: 'Xiangjiang Power', roles: ['CPO'] });
    expect(created).toMatchObject({ id: 'OP-CRUD', name: 'Xiangjiang Power', roles: ['CPO'] });
    expect(Date.parse(created.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await p.api('/v1/operators/OP-CRUD')).body).toEqual(created);

    const patched = await p.api('/v1/operators/OP-CRUD', { method: 'PATCH', body: { roles: ['CPO', 'EMSP'] } });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...created, roles: ['CPO', 'EMSP'] });
    expect((await p.api('/v1/operators/OP-CRUD')).body).toEqual({ ...created, roles: ['CPO', 'EMSP'] });

    const del = await p.api('/v1/operators/OP-CRUD', { method: 'DELETE' });
    expect(del.status).toBe(204);
    expectError(await p.api('/v1/operators/OP-CRUD'), 404, 'OPERATOR_NOT_FOUND');
    expectError(await p.api('/v1/operators/OP-CRUD', { method: 'DELETE' }), 404, 'OPERATOR_NOT_FOUND');
  });

  it('unknown id → 404 OPERATOR_NOT_FOUND on GET, PATCH and DELETE', async () => {
    expectError(await p.api('/v1/operators/NOPE'), 404, 'OPERATOR_NOT_FOUND');
    expectError(await p.api('/v1/operators/NOPE', { method: 'PATCH', body: { name: 'x' } }), 404, 'OPERATOR_NOT_FOUND');
    expectError(await p.api('/v1/operators/NOPE', { method: 'DELETE' }), 404, 'OPERATOR_NOT_FOUND');
  });

  it('duplicate id → 409 OPERATOR_ALREADY_EXISTS and the original is untouched', async () => {
    const before = (await p.api('/v1/operators/OP-A')).body;
    expectError(await p.api('/v1/operators', { body: { id: 'OP-A', name: 'Impostor', roles: ['EMSP'] } }), 409, 'OPERATOR_ALREADY_EXISTS');
    expect((await p.api('/v1/operators/OP-A')).body).toEqual(before);
  });

  it('rejects an id outside [A-Za-z0-9._~-], duplicate roles, and an empty PATCH', async () => {
    expectError(await p.api('/v1/operators', { body: operator('OP A') }), 400, 'VALIDATION_FAILED', 'id');
    expectError(await p.api('/v1/operators', { body: operator('OP/A') }), 400, 'VALIDATION_FAILED', 'id');
    expectError(await p.api('/v1/operators', { body: operator('OP-DUPROLE', ['CPO', 'CPO']) }), 400, 'VALIDATION_FAILED', 'roles');
    expectError(await p.api('/v1/operators/OP-DUPROLE'), 404, 'OPERATOR_NOT_FOUND');
    expectError(await p.api('/v1/operators/OP-A', { method: 'PATCH', body: {} }), 400, 'VALIDATION_FAILED');
  });

  it('a PATCH with one bad field changes nothing', async () => {
    const before = (await p.api('/v1/operators/OP-A')).body;
    expectError(await p.api('/v1/operators/OP-A', { method: 'PATCH', body: { name: 'Renamed', roles: ['BANK'] } }), 400, 'VALIDATION_FAILED', 'roles.0');
    expectError(await p.api('/v1/operators/OP-A', { method: 'PATCH', body: { name: 'Renamed', id: 'OP-Z' } }), 400, 'VALIDATION_FAILED', 'id');
    expect((await p.api('/v1/operators/OP-A')).body).toEqual(before);
  });

  it('cursor pagination walks every operator once, in id order', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `OP-PG-${i}`);
    for (const id of ids) await create(p, '/v1/operators', operator(id));
    const all = (await p.api('/v1/operators?limit=500')).body.items.map((o: any) => o.id);
    const { keys, pages } = await walk(p, '/v1/operators', 3, (o) => o.id);
    expect(keys).toEqual(all);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining(ids));
    expect([...keys].sort()).toEqual(keys);
    expect(pages).toBe(Math.ceil(keys.length / 3));
  });

  it('limit=0, limit=501, limit=abc and a forged cursor → 400', async () => {
    expectError(await p.api('/v1/operators?limit=0'), 400, 'VALIDATION_FAILED', 'limit');
    expectError(await p.api('/v1/operators?limit=501'), 400, 'VALIDATION_FAILED', 'limit');
    expectError(await p.api('/v1/operators?limit=abc'), 400, 'VALIDATION_FAILED', 'limit');
    expect((await p.api('/v1/operators?limit=500')).status).toBe(200);
    expectError(await p.api('/v1/operators?cursor=not-a-cursor'), 400, 'INVALID_CURSOR', 'cursor');
    const twoParts = Buffer.from(JSON.stringify(['a', 'b'])).toString('base64url');
    expectError(await p.api(`/v1/operators?cursor=${twoParts}`), 400, 'INVALID_CURSOR');
  });

  it('deleting an operator that still has locations is refused; operator and location stay', async () => {
    await create(p, '/v1/operators', operator('OP-BUSY'));
    await create(p, '/v1/locations', location('LOC-BUSY', 'OP-BUSY'));
    const r = await p.api('/v1/operators/OP-BUSY', { method: 'DELETE' });
    expect((await p.api('/v1/operators/OP-BUSY')).status).toBe(200);
    expect((await p.api('/v1/locations/LOC-BUSY')).status).toBe(200);
    expect(r.status).toBe(409);
  });

  // Regression test (found by this suite, fixed in the server).
  it('deleting an operator in use answers 409 OPERATOR_IN_USE', async () => {
    await create(p, '/v1/operators', operator('OP-BUSY2'));
    await create(p, '/v1/locations', location('LOC-BUSY2', 'OP-BUSY2'));
    expectError(await p.api('/v1/operators/OP-BUSY2', { method: 'DELETE' }), 409, 'OPERATOR_IN_USE');
  });

  it('deleting an operator that has only stations or only tokens answers 409 OPERATOR_IN_USE', async () => {
    await create(p, '/v1/operators', operator('OP-ST'));
    await create(p, '/v1/stations', { id: 'ST-OF-OP-ST', operatorId: 'OP-ST', password: PASSWORD });
    await create(p, '/v1/operators', operator('OP-TK'));
    await create(p, '/v1/tokens', { uid: 'TK-OF-OP-TK', operatorId: 'OP-TK', status: 'Accepted' });
    const st = await p.api('/v1/operators/OP-ST', { method: 'DELETE' });
    const tk = await p.api('/v1/operators/OP-TK', { method: 'DELETE' });
    expect((await p.api('/v1/operators/OP-ST')).status).toBe(200);
    expect((await p.api('/v1/operators/OP-TK')).status).toBe(200);
    expectError(st, 409, 'OPERATOR_IN_USE');
    expectError(tk, 409, 'OPERATOR_IN_USE');
  });
});

describe('locations', () => {
  it('POST → 201 with defaults, GET, PATCH, DELETE', async () => {
    const created = await create(p, '/v1/locations', { ...location('LOC-CRUD', 'OP-A', 'Zhuzhou'), district: 'Tianyuan' });
    expect(created).toEqual({
      id: 'LOC-CRUD', operatorId: 'OP-A', name: 'Site LOC-CRUD', city: 'Zhuzhou', district: 'Tianyuan',
      address: 'LOC-CRUD Furong Road', lat: 28.19, lng: 112.97, timeZone: 'Asia/Shanghai',
    });
    expect((await p.api('/v1/locations/LOC-CRUD')).body).toMatchObject(created);
    const patched = await p.api('/v1/locations/LOC-CRUD', { method: 'PATCH', body: { city: 'Xiangtan', lat: -90, lng: 180 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...created, city: 'Xiangtan', lat: -90, lng: 180 });
    expect((await p.api('/v1/locations/LOC-CRUD')).body).toMatchObject(patched.body);
    expect((await p.api('/v1/locations/LOC-CRUD', { method: 'DELETE' })).status).toBe(204);
    expectError(await p.api('/v1/locations/LOC-CRUD'), 404, 'LOCATION_NOT_FOUND');
  });

  it('unknown ids → 404 LOCATION_NOT_FOUND; missing operator → 404 OPERATOR_NOT_FOUND and nothing created', async () => {
    expectError(await p.api('/v1/locations/NOPE'), 404, 'LOCATION_NOT_FOUND');
    expectError(await p.api('/v1/locations/NOPE', { method: 'PATCH', body: { name: 'x' } }), 404, 'LOCATION_NOT_FOUND');
    expectError(await p.api('/v1/locations/NOPE', { method: 'DELETE' }), 404, 'LOCATION_NOT_FOUND');
    expectError(await p.api('/v1/locations', { body: location('LOC-ORPHAN', 'OP-GHOST') }), 404, 'OPERATOR_NOT_FOUND', 'operatorId');
    expectError(await p.api('/v1/locations/LOC-ORPHAN'), 404, 'LOCATION_NOT_FOUND');
  });

  it('duplicate id → 409 LOCATION_ALREADY_EXISTS, original untouched', async () => {
    const orig = await create(p, '/v1/locations', location('LOC-DUP', 'OP-A'));
    expectError(await p.api('/v1/locations', { body: location('LOC-DUP', 'OP-B', 'Zhuzhou') }), 409, 'LOCATION_ALREADY_EXISTS');
    expect((await p.api('/v1/locations/LOC-DUP')).body).toMatchObject(orig);
  });

  it('bad input → 400 naming the field, nothing created', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ lat: 90.5 }, 'lat'],
      [{ lat: -91 }, 'lat'],
      [{ lng: 181 }, 'lng'],
      [{ city: 'Beijing' }, 'city'],
      [{ city: 'changsha' }, 'city'],
      [{ lat: 'north' }, 'lat'],
      [{ name: '' }, 'name'],
      [{ address: undefined }, 'address'],
      [{ wifi: true }, 'wifi'],
      [{ id: 'LOC BAD' }, 'id'],
    ];
    for (const [i, [change, field]] of cases.entries()) {
      const id = `LOC-BAD-${i}`;
      const r = await p.api('/v1/locations', { body: { ...location(id, 'OP-A'), ...change } });
      expectError(r, 400, 'VALIDATION_FAILED', field);
      expect(r.body.message).toContain(field);
      expectError(await p.api(`/v1/locations/${id}`), 404, 'LOCATION_NOT_FOUND');
    }
  });

  it('a PATCH with one bad field changes nothing', async () => {
    const orig = await create(p, '/v1/locations', location('LOC-PATCH', 'OP-A'));
    for (const body of [{ name: 'New', lat: 95 }, { name: 'New', city: 'Wuhan' }, { name: 'New', operatorId: 'OP-B' }, { name: 'New', id: 'X' }, {}]) {
      const r = await p.api('/v1/locations/LOC-PATCH', { method: 'PATCH', body });
      expectError(r, 400, 'VALIDATION_FAILED');
    }
    expect((await p.api('/v1/locations/LOC-PATCH')).body).toMatchObject(orig);
  });

  it('filters by city and operatorId, and pages through them', async () => {
    for (const [i, city] of ['Changsha', 'Zhuzhou', 'Xiangtan', 'Zhuzhou', 'Zhuzhou'].entries()) {
      await create(p, '/v1/locations', location(`LOC-F-${i}`, i % 2 === 0 ? 'OP-B' : 'OP-A', city));
    }
    const zz = (await p.api('/v1/locations?city=Zhuzhou&limit=500')).body.items;
    expect(zz.length).toBeGreaterThanOrEqual(3);
    expect(zz.every((l: any) => l.city === 'Zhuzhou')).toBe(true);
    const opB = (await p.api('/v1/locations?operatorId=OP-B&limit=500')).body.items.map((l: any) => l.id);
    expect(opB).toEqual(['LOC-F-0', 'LOC-F-2', 'LOC-F-4']);
    const both = (await p.api('/v1/locations?operatorId=OP-B&city=Zhuzhou')).body.items.map((l: any) => l.id);
    expect(both).toEqual(['LOC-F-4']);
    expect((await p.api('/v1/locations?operatorId=OP-NOBODY')).body).toEqual({ items: [], nextCursor: null });
    expectError(await p.api('/v1/locations?city=Wuhan'), 400, 'VALIDATION_FAILED', 'city');

    const all = (await p.api('/v1/locations?limit=500')).body.items.map((l: any) => l.id);
    const walked = await walk(p, '/v1/locations', 2, (l) => l.id);
    expect(walked.keys).toEqual(all);
    expect(new Set(walked.keys).size).toBe(all.length);
    const walkedZz = await walk(p, '/v1/locations?city=Zhuzhou', 1, (l) => l.id);
    expect(walkedZz.keys).toEqual(zz.map((l: any) => l.id));
    expectError(await p.api('/v1/locations?cursor=%%%'), 400, 'INVALID_CURSOR');
  });

  it('deleting a location with stations → 409 LOCATION_IN_USE; both stay', async () => {
    await create(p, '/v1/locations', location('LOC-INUSE', 'OP-A'));
    await create(p, '/v1/stations', { id: 'ST-INUSE', operatorId: 'OP-A', locationId: 'LOC-INUSE', password: PASSWORD });
    expectError(await p.api('/v1/locations/LOC-INUSE', { method: 'DELETE' }), 409, 'LOCATION_IN_USE');
    expect((await p.api('/v1/locations/LOC-INUSE')).status).toBe(200);
    expect((await p.api('/v1/stations/ST-INUSE')).body.locationId).toBe('LOC-INUSE');
    // Once the station leaves, the location can go.
    expect((await p.api('/v1/stations/ST-INUSE', { method: 'PATCH', body: { locationId: null } })).body.locationId).toBeNull();
    expect((await p.api('/v1/locations/LOC-INUSE', { method: 'DELETE' })).status).toBe(204);
  });
});
