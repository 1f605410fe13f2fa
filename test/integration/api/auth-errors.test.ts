import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { expectError, location, operator } from './api-helpers.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.stop());

const raw = (path: string, init: RequestInit = {}) => fetch(`${p.http}${path}`, init);

describe('admin authentication', () => {
  it('no Authorization header → 401 UNAUTHENTICATED', async () => {
    expectError(await p.api('/v1/operators', { key: null }), 401, 'UNAUTHENTICATED');
    expectError(await p.api('/v1/stations/ANY', { key: null }), 401, 'UNAUTHENTICATED');
  });

  it('a wrong key, or a key not in Bearer form → 401', async () => {
    expectError(await p.api('/v1/operators', { key: 'not-the-key' }), 401, 'UNAUTHENTICATED');
    expectError(await p.api('/v1/operators', { key: `${ADMIN_KEY}x` }), 401, 'UNAUTHENTICATED');
    const basic = await raw('/v1/operators', { headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_KEY}`).toString('base64')}` } });
    expect(basic.status).toBe(401);
    const bare = await raw('/v1/operators', { headers: { authorization: ADMIN_KEY } });
    expect(bare.status).toBe(401);
  });

  it('Bearer <right key> works (scheme case-insensitive)', async () => {
    const r = await p.api('/v1/operators');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ items: expect.any(Array), nextCursor: null });
    const lower = await raw('/v1/operators', { headers: { authorization: `bearer ${ADMIN_KEY}` } });
    expect(lower.status).toBe(200);
  });

  it('a rejected key creates nothing', async () => {
    expectError(await p.api('/v1/operators', { body: operator('OP-NOKEY'), key: 'wrong' }), 401, 'UNAUTHENTICATED');
    expectError(await p.api('/v1/operators/OP-NOKEY'), 404, 'OPERATOR_NOT_FOUND');
  });

  // Regression test (found by this suite, fixed in the server).
  it('an anonymous request with an invalid body or query is still 401, not a validation error', async () => {
    expectError(await p.api('/v1/operators', { body: {}, key: null }), 401, 'UNAUTHENTICATED');
    expectError(await p.api('/v1/operators?limit=0', { key: null }), 401, 'UNAUTHENTICATED');
  });
});

describe('errors', () => {
  it('unknown route → 404 NOT_FOUND', async () => {
    expectError(await p.api('/v1/chargers'), 404, 'NOT_FOUND');
    expectError(await p.api('/nowhere', { key: null }), 404, 'NOT_FOUND');
    expectError(await p.api('/v1/operators', { method: 'PUT', body: operator('OP-PUT') }), 404, 'NOT_FOUND');
  });

  it('invalid JSON → 400 {code, message} and nothing created', async () => {
    const r = await p.api('/v1/operators', { body: '{"id":"OP-JSON","name":' });
    expectError(r, 400);
    expectError(await p.api('/v1/operators/OP-JSON'), 404, 'OPERATOR_NOT_FOUND');
  });

  it('missing required field → 400 VALIDATION_FAILED naming it', async () => {
    const { name: _n, ...noName } = operator('OP-MISS');
    const r = await p.api('/v1/operators', { body: noName });
    expectError(r, 400, 'VALIDATION_FAILED', 'name');
    expect(r.body.details.in).toBe('body');
    expect(r.body.message).toContain('name');
    expectError(await p.api('/v1/operators/OP-MISS'), 404, 'OPERATOR_NOT_FOUND');
  });

  it('unknown extra field → 400 naming it, nothing created', async () => {
    const r = await p.api('/v1/operators', { body: { ...operator('OP-EXTRA'), colour: 'red' } });
    expectError(r, 400, 'VALIDATION_FAILED', 'colour');
    expect(r.body.message).toContain('colour');
    expectError(await p.api('/v1/operators/OP-EXTRA'), 404, 'OPERATOR_NOT_FOUND');
  });

  it('a value of the wrong type that cannot be read as the right one → 400 naming the field', async () => {
    expectError(await p.api('/v1/operators', { body: { ...operator('OP-T1'), name: { en: 'x' } } }), 400, 'VALIDATION_FAILED', 'name');
    expectError(await p.api('/v1/operators', { body: { ...operator('OP-T2'), roles: ['CPO', 'DRIVER'] } }), 400, 'VALIDATION_FAILED', 'roles.1');
    expectError(await p.api('/v1/operators', { body: { ...operator('OP-T3'), roles: [] } }), 400, 'VALIDATION_FAILED', 'roles');
    expectError(await p.api('/v1/operators', { body: [operator('OP-T4')] }), 400, 'VALIDATION_FAILED');
    for (const id of ['OP-T1', 'OP-T2', 'OP-T3', 'OP-T4']) expectError(await p.api(`/v1/operators/${id}`), 404, 'OPERATOR_NOT_FOUND');
  });

  // Regression test (found by this suite, fixed in the server).
  it('JSON bodies are not type-coerced: a number where a string is expected is 400', async () => {
    expectError(await p.api('/v1/operators', { body: { ...operator('OP-C1'), name: 123 } }), 400, 'VALIDATION_FAILED', 'name');
    expectError(await p.api('/v1/operators', { body: { ...operator('OP-C2'), roles: 'CPO' } }), 400, 'VALIDATION_FAILED', 'roles');
    await p.api('/v1/operators', { body: operator('OP-C3') });
    expectError(await p.api('/v1/locations', { body: { ...location('LOC-C3', 'OP-C3'), lat: '28.2' } }), 400, 'VALIDATION_FAILED', 'lat');
  });

  it('an id path parameter longer than 64 characters → 400', async () => {
    expectError(await p.api(`/v1/operators/${'x'.repeat(65)}`), 400, 'VALIDATION_FAILED', 'id');
  });

  it('unknown query parameter → 400 naming it', async () => {
    expectError(await p.api('/v1/operators?sort=name'), 400, 'VALIDATION_FAILED', 'sort');
  });

  it('a 4xx body is exactly {code, message, details}', async () => {
    const r = await p.api('/v1/operators', { body: { ...operator('OP-K'), extra: 1 } });
    expect(Object.keys(r.body).sort()).toEqual(['code', 'details', 'message']);
  });
});
