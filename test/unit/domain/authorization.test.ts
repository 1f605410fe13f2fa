import { describe, expect, it } from 'vitest';
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
    const svc = new AuthorizationService({ findToken: async () => token({ expiresAt: new Date('2026-07-01T00:00:00Z') }) }, clock);
    expect((await svc.authorize('AB12')).status).toBe('Accepted');
    clock.advance(3_600_000);
    expect((await svc.authorize('AB12')).status).toBe('Expired');
  });
});
