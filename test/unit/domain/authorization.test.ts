import { describe, expect, it } from 'vitest';
import { mayRoam } from '../../../src/domain/access/roaming.js';
import type { Agreement } from '../../../src/domain/agreements/index.js';
import { AuthorizationService, decide, type IdToken } from '../../../src/domain/authorization/index.js';
import { ManualClock } from '../../../src/shared/clock.js';

const token = (over: Partial<IdToken> = {}): IdToken => ({
  uid: 'AB12',
  operatorId: 'OP',
  type: 'ISO14443',
  status: 'Accepted',
  expiresAt: null,
  groupId: null,
  ...over,
});
const now = new Date('2026-06-01T00:00:00Z');

describe('authorization decision', () => {
  it('unknown token → Unknown', () => expect(decide(null, now).status).toBe('Unknown'));
  it('accepted token → Accepted with its operator', () => expect(decide(token(), now)).toMatchObject({ status: 'Accepted', operatorId: 'OP' }));
  it('blocked stays blocked', () => expect(decide(token({ status: 'Blocked' }), now).status).toBe('Blocked'));
  it('past expiry → Expired', () =>
    expect(decide(token({ expiresAt: new Date('2026-05-31T23:59:59Z') }), now).status).toBe('Expired'));
  it('future expiry → Accepted, expiry passed on', () => {
    const d = decide(token({ expiresAt: new Date('2026-07-01T00:00:00Z') }), now);
    expect(d.status).toBe('Accepted');
    expect(d.expiresAt?.toISOString()).toBe('2026-07-01T00:00:00.000Z');
  });
  it('service uses the clock', async () => {
    const clock = new ManualClock('2026-06-30T23:00:00Z');
    const svc = new AuthorizationService({ findToken: async () => token({ expiresAt: new Date('2026-07-01T00:00:00Z') }) }, { between: async () => [] }, clock);
    expect((await svc.authorize('AB12')).status).toBe('Accepted');
    clock.advance(3_600_000);
    expect((await svc.authorize('AB12')).status).toBe('Expired');
  });
});

const agreement = (over: Partial<Agreement> = {}): Agreement => ({
  id: 'AG-1',
  providerId: 'EMSP',
  operatorId: 'CPO',
  validFrom: new Date('2026-01-01T00:00:00Z'),
  validTo: null,
  cities: [],
  createdAt: now,
  updatedAt: now,
  ...over,
});

describe('roaming: a provider\'s token at an operator\'s station', () => {
  it('the same operator needs no agreement', () => expect(mayRoam('CPO', 'CPO', 'Changsha', now, [])).toEqual({ allowed: true, agreementId: null }));
  it('no agreement → not here', () => expect(mayRoam('EMSP', 'CPO', 'Changsha', now, [])).toEqual({ allowed: false, reason: 'NO_AGREEMENT' }));
  it('an agreement for all cities covers any city in its window, and names itself', () =>
    expect(mayRoam('EMSP', 'CPO', 'Xiangtan', now, [agreement()])).toEqual({ allowed: true, agreementId: 'AG-1' }));
  it('an agreement of other parties does not count', () =>
    expect(mayRoam('EMSP', 'CPO', 'Changsha', now, [agreement({ providerId: 'OTHER' }), agreement({ id: 'AG-2', operatorId: 'CPO-2' })])).toMatchObject({ allowed: false }));
  it('only the listed cities', () => {
    const a = agreement({ cities: ['Changsha', 'Zhuzhou'] });
    expect(mayRoam('EMSP', 'CPO', 'Zhuzhou', now, [a]).allowed).toBe(true);
    expect(mayRoam('EMSP', 'CPO', 'Xiangtan', now, [a])).toEqual({ allowed: false, reason: 'NO_AGREEMENT' });
    expect(mayRoam('EMSP', 'CPO', null, now, [a])).toEqual({ allowed: false, reason: 'NO_AGREEMENT' });
  });
  it('before validFrom or from validTo on: in the city, but not now', () => {
    const a = agreement({ validFrom: new Date('2026-06-01T00:00:00Z'), validTo: new Date('2026-07-01T00:00:00Z') });
    expect(mayRoam('EMSP', 'CPO', 'Changsha', new Date('2026-05-31T23:59:59.999Z'), [a])).toEqual({ allowed: false, reason: 'NOT_NOW' });
    expect(mayRoam('EMSP', 'CPO', 'Changsha', new Date('2026-06-01T00:00:00Z'), [a]).allowed).toBe(true);
    expect(mayRoam('EMSP', 'CPO', 'Changsha', new Date('2026-07-01T00:00:00Z'), [a])).toEqual({ allowed: false, reason: 'NOT_NOW' });
  });
  it('of several that cover, the smallest id, whatever the order', () => {
    const list = [agreement({ id: 'AG-9' }), agreement({ id: 'AG-3' }), agreement({ id: 'AG-5', cities: ['Zhuzhou'] })];
    expect(mayRoam('EMSP', 'CPO', 'Changsha', now, list)).toEqual({ allowed: true, agreementId: 'AG-3' });
    expect(mayRoam('EMSP', 'CPO', 'Changsha', now, [...list].reverse())).toEqual({ allowed: true, agreementId: 'AG-3' });
  });
  it('the authorization service refuses a roaming token without an agreement, and records the one that allows it', async () => {
    const clock = new ManualClock(now);
    let agreements: Agreement[] = [];
    const svc = new AuthorizationService({ findToken: async () => token({ operatorId: 'EMSP' }) }, { between: async () => agreements }, clock);
    expect((await svc.authorize('AB12', { operatorId: 'CPO', city: 'Changsha' })).status).toBe('NotAtThisLocation');
    // Without a place (no station) only the token itself is judged.
    expect((await svc.authorize('AB12')).status).toBe('Accepted');
    agreements = [agreement({ validFrom: new Date('2026-07-01T00:00:00Z') })];
    expect((await svc.authorize('AB12', { operatorId: 'CPO', city: 'Changsha' })).status).toBe('NotAtThisTime');
    agreements = [agreement()];
    expect(await svc.authorize('AB12', { operatorId: 'CPO', city: 'Changsha' })).toMatchObject({ status: 'Accepted', operatorId: 'EMSP', agreementId: 'AG-1' });
    // A blocked token stays blocked, agreement or not.
    const blocked = new AuthorizationService({ findToken: async () => token({ operatorId: 'EMSP', status: 'Blocked' }) }, { between: async () => agreements }, clock);
    expect((await blocked.authorize('AB12', { operatorId: 'CPO', city: 'Changsha' })).status).toBe('Blocked');
  });
});
