import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { create, expectError, operator, walk } from './api-helpers.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
  await create(p, '/v1/operators', operator('OP-A', ['EMSP']));
  await create(p, '/v1/operators', operator('OP-B', ['EMSP']));
});
afterAll(() => p.stop());

const token = (uid: string, extra: Record<string, unknown> = {}) => ({ uid, operatorId: 'OP-A', status: 'Accepted', ...extra });

describe('tokens', () => {
  it('POST with only the required fields → 201 with defaults; GET returns the same', async () => {
    const t = await create(p, '/v1/tokens', token('04A1B2C3D4'));
    expect(t).toEqual({ uid: '04A1B2C3D4', operatorId: 'OP-A', type: 'ISO14443', status: 'Accepted', expiresAt: null, groupId: null });
    expect((await p.api('/v1/tokens/04A1B2C3D4')).body).toEqual(t);
  });

  it('type is an OCPP 2.0.1 IdTokenEnumType; the old RFID is taken as ISO14443', async () => {
    for (const type of ['ISO14443', 'ISO15693', 'KeyCode', 'eMAID', 'MacAddress', 'Central', 'Local', 'NoAuthorization']) {
      expect((await create(p, '/v1/tokens', token(`TYPE-${type}`, { type }))).type).toBe(type);
    }
    expect((await create(p, '/v1/tokens', token('TYPE-RFID', { type: 'RFID' }))).type).toBe('ISO14443');
    const patched = await p.api('/v1/tokens/TYPE-KeyCode', { method: 'PATCH', body: { type: 'RFID' } });
    expect(patched.body.type).toBe('ISO14443');
  });

  it('POST with every field; expiresAt is normalised to UTC', async () => {
    const t = await create(p, '/v1/tokens', token('APP-0001', { status: 'Blocked', type: 'Central', expiresAt: '2030-01-01T08:00:00+08:00', groupId: 'FLEET-1' }));
    expect(t).toEqual({ uid: 'APP-0001', operatorId: 'OP-A', type: 'Central', status: 'Blocked', expiresAt: '2030-01-01T00:00:00.000Z', groupId: 'FLEET-1' });
    expect((await p.api('/v1/tokens/APP-0001')).body).toEqual(t);
  });

  it('PATCH changes only what was sent; null clears expiresAt and groupId', async () => {
    const t = await create(p, '/v1/tokens', token('PATCH-1', { expiresAt: '2031-06-01T00:00:00Z', groupId: 'G1' }));
    const r1 = await p.api('/v1/tokens/PATCH-1', { method: 'PATCH', body: { status: 'Blocked' } });
    expect(r1.status).toBe(200);
    expect(r1.body).toEqual({ ...t, status: 'Blocked' });
    const r2 = await p.api('/v1/tokens/PATCH-1', { method: 'PATCH', body: { expiresAt: null, groupId: null, type: 'ISO14443' } });
    expect(r2.body).toEqual({ ...t, status: 'Blocked', expiresAt: null, groupId: null, type: 'ISO14443' });
    expect((await p.api('/v1/tokens/PATCH-1')).body).toEqual(r2.body);
  });

  it('a PATCH with one bad field changes nothing', async () => {
    const t = await create(p, '/v1/tokens', token('PATCH-2', { groupId: 'G2' }));
    for (const [body, field] of [
      [{ status: 'Blocked', type: 'Magstripe' }, 'type'],
      [{ status: 'Blocked', expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ status: 'Revoked' }, 'status'],
      [{ status: 'Blocked', operatorId: 'OP-B' }, 'operatorId'],
      [{ status: 'Blocked', uid: 'PATCH-3' }, 'uid'],
    ] as const) {
      expectError(await p.api('/v1/tokens/PATCH-2', { method: 'PATCH', body }), 400, 'VALIDATION_FAILED', field);
    }
    expectError(await p.api('/v1/tokens/PATCH-2', { method: 'PATCH', body: {} }), 400, 'VALIDATION_FAILED');
    expect((await p.api('/v1/tokens/PATCH-2')).body).toEqual(t);
  });

  // Regression test (found by this suite, fixed in the server).
  it('an empty groupId is rejected, not read as null', async () => {
    const t = await create(p, '/v1/tokens', token('PATCH-4', { groupId: 'G4' }));
    const r = await p.api('/v1/tokens/PATCH-4', { method: 'PATCH', body: { status: 'Blocked', groupId: '' } });
    expect((await p.api('/v1/tokens/PATCH-4')).body).toEqual(t);
    expectError(r, 400, 'VALIDATION_FAILED', 'groupId');
  });

  it('DELETE → 204, then 404; unknown uids → 404 TOKEN_NOT_FOUND', async () => {
    await create(p, '/v1/tokens', token('DEL-1'));
    expect((await p.api('/v1/tokens/DEL-1', { method: 'DELETE' })).status).toBe(204);
    expectError(await p.api('/v1/tokens/DEL-1'), 404, 'TOKEN_NOT_FOUND');
    expectError(await p.api('/v1/tokens/DEL-1', { method: 'DELETE' }), 404, 'TOKEN_NOT_FOUND');
    expectError(await p.api('/v1/tokens/NOPE', { method: 'PATCH', body: { status: 'Blocked' } }), 404, 'TOKEN_NOT_FOUND');
  });

  it('duplicate uid → 409 TOKEN_ALREADY_EXISTS; the original is untouched', async () => {
    const t = await create(p, '/v1/tokens', token('DUP-1'));
    expectError(await p.api('/v1/tokens', { body: token('DUP-1', { operatorId: 'OP-B', status: 'Blocked' }) }), 409, 'TOKEN_ALREADY_EXISTS');
    expect((await p.api('/v1/tokens/DUP-1')).body).toEqual(t);
  });

  it('missing operator → 404 OPERATOR_NOT_FOUND and no token', async () => {
    expectError(await p.api('/v1/tokens', { body: token('ORPHAN-1', { operatorId: 'OP-GHOST' }) }), 404, 'OPERATOR_NOT_FOUND', 'operatorId');
    expectError(await p.api('/v1/tokens/ORPHAN-1'), 404, 'TOKEN_NOT_FOUND');
  });

  it('bad input → 400 naming the field, and no token', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['BAD-1', { status: undefined }, 'status'],
      ['BAD-2', { status: 'Maybe' }, 'status'],
      ['BAD-3', { expiresAt: '2030-13-01T00:00:00Z' }, 'expiresAt'],
      ['BAD-4', { type: 'Barcode' }, 'type'],
      ['BAD-5', { pin: '1234' }, 'pin'],
      ['BAD-6', { operatorId: 'OP A' }, 'operatorId'],
    ];
    for (const [uid, change, field] of cases) {
      expectError(await p.api('/v1/tokens', { body: token(uid, change) }), 400, 'VALIDATION_FAILED', field);
      expectError(await p.api(`/v1/tokens/${uid}`), 404, 'TOKEN_NOT_FOUND');
    }
    expectError(await p.api('/v1/tokens', { body: token('X'.repeat(37)) }), 400, 'VALIDATION_FAILED', 'uid');
    expectError(await p.api('/v1/tokens', { body: token('') }), 400, 'VALIDATION_FAILED', 'uid');
    expectError(await p.api(`/v1/tokens/${'X'.repeat(37)}`), 400, 'VALIDATION_FAILED', 'uid');
  });

  it('filters by operatorId and pages through every token once, in uid order', async () => {
    for (let i = 0; i < 6; i++) await create(p, '/v1/tokens', token(`LIST-${i}`, { operatorId: i < 4 ? 'OP-B' : 'OP-A' }));
    const opB = (await p.api('/v1/tokens?operatorId=OP-B')).body;
    expect(opB).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(opB.items.map((t: any) => t.uid)).toEqual(['LIST-0', 'LIST-1', 'LIST-2', 'LIST-3']);
    expect((await walk(p, '/v1/tokens?operatorId=OP-B', 3, (t) => t.uid)).keys).toEqual(['LIST-0', 'LIST-1', 'LIST-2', 'LIST-3']);
    expect((await p.api('/v1/tokens?operatorId=OP-GHOST')).body).toEqual({ items: [], nextCursor: null });

    const all = (await p.api('/v1/tokens?limit=500')).body.items.map((t: any) => t.uid);
    expect(all).toEqual(expect.arrayContaining(['04A1B2C3D4', 'APP-0001', 'LIST-5']));
    const walked = await walk(p, '/v1/tokens', 2, (t) => t.uid);
    expect(walked.keys).toEqual(all);
    expect(new Set(walked.keys).size).toBe(all.length);
    expect([...walked.keys].sort()).toEqual(walked.keys);
  });

  it('limit and cursor checks → 400', async () => {
    expectError(await p.api('/v1/tokens?limit=0'), 400, 'VALIDATION_FAILED', 'limit');
    expectError(await p.api('/v1/tokens?limit=501'), 400, 'VALIDATION_FAILED', 'limit');
    expectError(await p.api('/v1/tokens?limit=2.5'), 400, 'VALIDATION_FAILED', 'limit');
    expectError(await p.api('/v1/tokens?cursor=%7B%7D'), 400, 'INVALID_CURSOR', 'cursor');
    expectError(await p.api('/v1/tokens?status=Accepted'), 400, 'VALIDATION_FAILED', 'status');
  });
});
