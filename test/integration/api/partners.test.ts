import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { create, expectError, operator } from './api-helpers.js';

const secrets = (tag: string) => ({ operatorSecret: `opsecret-${tag}`, dataSecret: `datasecret-${tag}`.slice(0, 16).padEnd(16, '0'), dataSecretIv: `iv-${tag}`.padEnd(16, '0'), sigSecret: `sigsecret-${tag}` });

export const tcecPartnerBody = (id: string, partnerOperatorId: string, operatorId = 'CPO-X') => ({
  id,
  name: `Partner ${id}`,
  protocol: 'tcec',
  role: 'emsp',
  operatorId,
  tcec: {
    partnerOperatorId,
    ourOperatorId: 'XJCL00001',
    baseUrl: 'http://127.0.0.1:9/evcs/v1',
    inbound: secrets(`in-${id}`),
    outbound: secrets(`out-${id}`),
    aliases: { SevicePrice: 'ServicePrice' },
  },
});

describe('partners admin API', () => {
  let p: TestPlatform;

  beforeAll(async () => {
    p = await startTestPlatform();
    await create(p, '/v1/operators', operator('CPO-X'));
  });
  afterAll(() => p.stop());

  it('creates a partner with its operator record; secrets are never returned', async () => {
    const body = tcecPartnerBody('DIDI', 'MA01H3BQ2');
    const r = await p.api('/v1/partners', { body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ id: 'DIDI', protocol: 'tcec', role: 'emsp', operatorId: 'CPO-X', state: 'active', lastError: null, tcec: { partnerOperatorId: 'MA01H3BQ2', suite: 'tcec-102-2016', statusPushSeconds: null, aliases: { SevicePrice: 'ServicePrice' } } });
    const everything = JSON.stringify([r.body, (await p.api('/v1/partners')).body, (await p.api('/v1/partners/DIDI')).body]);
    for (const s of [...Object.values(body.tcec.inbound), ...Object.values(body.tcec.outbound)]) expect(everything).not.toContain(s);
    // The operator record exists, so agreements with the partner work.
    expect((await p.api('/v1/operators/DIDI')).body).toMatchObject({ id: 'DIDI', roles: ['EMSP'] });
    await create(p, '/v1/agreements', { id: 'AG-DIDI', providerId: 'DIDI', operatorId: 'CPO-X', validFrom: '2026-01-01T00:00:00Z' });
    // The key sealing them was generated into the data directory.
    expect((await readFile(join(p.dataDir, 'partner-secrets-key'), 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    const stored = JSON.stringify(await p.sql!.query(`SELECT * FROM partners`));
    expect(stored).not.toContain(body.tcec.inbound.sigSecret);
  });

  it('lists in the shape the console reads', async () => {
    const r = await p.api('/v1/partners');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
    expect(Object.keys(r.body.items[0])).toEqual(expect.arrayContaining(['id', 'name', 'protocol', 'role', 'state', 'lastError']));
    const m = await p.api('/v1/partners/DIDI/messages');
    expect(m.status).toBe(200);
    expect(m.body).toEqual({ items: [], nextCursor: null });
  });

  it('refuses bad bodies with a reason', async () => {
    expectError(await p.api('/v1/partners', { body: tcecPartnerBody('DIDI', 'MA0000009') }), 409, 'PARTNER_ALREADY_EXISTS');
    expectError(await p.api('/v1/partners', { body: tcecPartnerBody('CPO-X', 'MA0000009') }), 409, 'OPERATOR_ALREADY_EXISTS');
    expectError(await p.api('/v1/partners', { body: tcecPartnerBody('NEW', 'MA0000009', 'NOBODY') }), 404, 'OPERATOR_NOT_FOUND');
    expectError(await p.api('/v1/partners', { body: tcecPartnerBody('NEW', 'MA01H3BQ2') }), 409, 'PARTNER_ALREADY_EXISTS');
    const short = tcecPartnerBody('NEW', 'MA0000009');
    short.tcec.inbound.dataSecret = 'short';
    expectError(await p.api('/v1/partners', { body: short }), 400, 'VALIDATION_FAILED', 'tcec.inbound.dataSecret');
    expectError(await p.api('/v1/partners', { body: { ...tcecPartnerBody('NEW', 'MA0000009'), protocol: 'ocpi' } }), 400, 'VALIDATION_FAILED');
    expectError(await p.api('/v1/partners/NONE'), 404, 'PARTNER_NOT_FOUND');
    expectError(await p.api('/v1/partners/NONE/messages'), 404, 'PARTNER_NOT_FOUND');
    expect((await p.api('/v1/operators/NEW')).status).toBe(404);
  });

  it('patches, suspends, rotates secrets; operator keys see only their partners and change nothing', async () => {
    const r = await p.api('/v1/partners/DIDI', { method: 'PATCH', body: { state: 'suspended', tcec: { baseUrl: 'http://127.0.0.1:10/evcs/v20160701', outbound: secrets('rotated') } } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ state: 'suspended', tcec: { baseUrl: 'http://127.0.0.1:10/evcs/v20160701', partnerOperatorId: 'MA01H3BQ2' } });
    expect(JSON.stringify(r.body)).not.toContain('rotated');
    expectError(await p.api('/v1/partners/DIDI', { method: 'PATCH', body: {} }), 400, 'VALIDATION_FAILED');
    await create(p, '/v1/operators', operator('CPO-Y'));
    const key = async (operatorId: string) => (await create(p, '/v1/api-keys', { operatorId, name: 'k' })).key as string;
    const x = await key('CPO-X');
    const y = await key('CPO-Y');
    expect((await p.api('/v1/partners', { key: x })).body.items.map((i: { id: string }) => i.id)).toEqual(['DIDI']);
    expect((await p.api('/v1/partners', { key: y })).body.items).toEqual([]);
    expectError(await p.api('/v1/partners/DIDI', { key: y }), 404, 'PARTNER_NOT_FOUND');
    expectError(await p.api('/v1/partners/DIDI', { key: x, method: 'PATCH', body: { name: 'x' } }), 403, 'FORBIDDEN');
    expectError(await p.api('/v1/partners', { key: x, body: tcecPartnerBody('NEW', 'MA0000009') }), 403, 'FORBIDDEN');
  });

  it('deletes a partner; its operator record stays while an agreement names it', async () => {
    expect((await p.api('/v1/partners/DIDI', { method: 'DELETE' })).status).toBe(204);
    expectError(await p.api('/v1/partners/DIDI'), 404, 'PARTNER_NOT_FOUND');
    expect((await p.api('/v1/operators/DIDI')).status).toBe(200);
    await create(p, '/v1/partners', tcecPartnerBody('XX', 'MA0000010'));
    expect((await p.api('/v1/partners/XX', { method: 'DELETE' })).status).toBe(204);
    expect((await p.api('/v1/operators/XX')).status).toBe(404);
  });
});
