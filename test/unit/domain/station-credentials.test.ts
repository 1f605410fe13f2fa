import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashStationPassword, stationPasswordProblem, verifyStationPassword } from '../../../src/domain/stations/index.js';

describe('station credentials', () => {
  it('verifies the right password and rejects others', () => {
    const pw = randomBytes(20).toString('base64url');
    const stored = hashStationPassword(pw);
    expect(stored).not.toContain(pw);
    expect(verifyStationPassword(pw, stored)).toBe(true);
    expect(verifyStationPassword(Buffer.from(pw), stored)).toBe(true);
    expect(verifyStationPassword(`${pw}x`, stored)).toBe(false);
    expect(verifyStationPassword('', stored)).toBe(false);
  });

  it('salts every hash', () => {
    expect(hashStationPassword('same-password-123456')).not.toBe(hashStationPassword('same-password-123456'));
  });

  it('rejects malformed stored hashes instead of throwing', () => {
    expect(verifyStationPassword('x', 'garbage')).toBe(false);
    expect(verifyStationPassword('x', 'bcrypt$a$b')).toBe(false);
  });

  it('enforces OCPP key length and some variety', () => {
    expect(stationPasswordProblem('short')).toMatch(/16/);
    expect(stationPasswordProblem('a'.repeat(41))).toMatch(/40/);
    expect(stationPasswordProblem('aaaaaaaaaaaaaaaaaaaa')).toMatch(/predictable/);
    expect(stationPasswordProblem('Xq7-kP2_zR9mW4tY')).toBeUndefined();
  });

  it('verifies fast enough for a reconnect storm (cost is a hash, not a KDF)', () => {
    const stored = hashStationPassword('Xq7-kP2_zR9mW4tY-abcdef');
    // Count, not time: 15,000 verifications must not need more than one hash each (no iterations).
    let n = 0;
    for (let i = 0; i < 15_000; i++) if (verifyStationPassword('Xq7-kP2_zR9mW4tY-abcdef', stored)) n++;
    expect(n).toBe(15_000);
  });
});
