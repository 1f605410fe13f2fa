import { describe, expect, it } from 'vitest';
import { csrProblem, pemCertificateProblem } from '../../../src/domain/certificates/index.js';
import { admission, hashStationPassword, matchesStationKey, newStationKey, stationPasswordProblem, type ConnectionSecurity } from '../../../src/domain/stations/index.js';

const plain: ConnectionSecurity = { tls: false };
const tls: ConnectionSecurity = { tls: true };
const cert = (commonName: string | undefined, trusted = true): ConnectionSecurity => ({ tls: true, clientCertificate: { commonName, trusted } });

describe('admission by security profile', () => {
  it('a station connects at its profile or a stronger one, never a weaker one', () => {
    expect(admission('A', 1, plain)).toEqual({ ok: true, needsPassword: true, profile: 1 });
    expect(admission('A', 1, tls)).toEqual({ ok: true, needsPassword: true, profile: 2 });
    expect(admission('A', 2, plain)).toEqual({ ok: false, reason: 'TLS_REQUIRED' });
    expect(admission('A', 2, tls)).toEqual({ ok: true, needsPassword: true, profile: 2 });
    expect(admission('A', 3, plain)).toEqual({ ok: false, reason: 'TLS_REQUIRED' });
    expect(admission('A', 3, tls)).toEqual({ ok: false, reason: 'CLIENT_CERTIFICATE_REQUIRED' });
    for (const profile of [1, 2, 3] as const) expect(admission('A', profile, cert('A'))).toEqual({ ok: true, needsPassword: false, profile: 3 });
  });

  it("another station's certificate is refused at every profile; an untrusted one counts as none", () => {
    for (const profile of [1, 2, 3] as const) expect(admission('A', profile, cert('B'))).toEqual({ ok: false, reason: 'CERTIFICATE_OF_ANOTHER_STATION' });
    expect(admission('A', 3, cert(undefined))).toEqual({ ok: false, reason: 'CERTIFICATE_OF_ANOTHER_STATION' });
    expect(admission('A', 2, cert('A', false))).toEqual({ ok: true, needsPassword: true, profile: 2 });
    expect(admission('A', 3, cert('A', false))).toEqual({ ok: false, reason: 'CLIENT_CERTIFICATE_REQUIRED' });
    // A certificate on a plain socket cannot exist; if it did it would prove nothing.
    expect(admission('A', 3, { tls: false, clientCertificate: { commonName: 'A', trusted: true } })).toEqual({ ok: false, reason: 'TLS_REQUIRED' });
  });
});

describe('rotated station keys', () => {
  it('2.0.1 keys are passwordStrings the admin API would accept; 1.6 keys are 20 bytes as 40 hex digits', () => {
    for (let i = 0; i < 50; i++) {
      const k = newStationKey('password-string');
      expect(k.sent).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(stationPasswordProblem(k.sent)).toBeUndefined();
      expect(k.presented.toString('utf8')).toBe(k.sent);
      const h = newStationKey('authorization-key-hex');
      expect(h.sent).toMatch(/^[0-9a-f]{40}$/);
      expect(h.presented.equals(Buffer.from(h.sent, 'hex'))).toBe(true);
    }
  });

  it('a 1.6 key matches as the bytes it encodes, and leniently as its hex digits; nothing else does', () => {
    const k = newStationKey('authorization-key-hex');
    const stored = hashStationPassword(k.presented);
    expect(matchesStationKey(k.presented, stored)).toBe(true);
    expect(matchesStationKey(Buffer.from(k.sent), stored)).toBe(true);
    expect(matchesStationKey(Buffer.from(k.sent.toUpperCase()), stored)).toBe(true);
    expect(matchesStationKey(Buffer.from(newStationKey('authorization-key-hex').sent), stored)).toBe(false);
    expect(matchesStationKey(k.presented, null)).toBe(false);
    // A text key is hashed as its UTF-8 bytes, as before.
    expect(matchesStationKey(Buffer.from('Xq7-kP2_zR9mW4tY'), hashStationPassword('Xq7-kP2_zR9mW4tY'))).toBe(true);
  });
});

describe('certificate checks', () => {
  const facts = (o: Partial<Parameters<typeof csrProblem>[1] & object> = {}) => ({ subject: 'CN=ST-1', commonNames: ['ST-1'], key: { type: 'ec' as const, curve: 'prime256v1' }, signatureValid: true, ...o });

  it('signs only a self-signed request for the station itself with a strong enough key', () => {
    expect(csrProblem('ST-1', facts())).toBeUndefined();
    expect(csrProblem('ST-1', facts({ key: { type: 'rsa', bits: 2048 } }))).toBeUndefined();
    expect(csrProblem('ST-1', null)).toMatch(/not a PEM PKCS#10/);
    expect(csrProblem('ST-1', facts({ signatureValid: false }))).toMatch(/not signed/);
    expect(csrProblem('ST-1', facts({ commonNames: ['ST-2'] }))).toMatch(/CN must be/);
    expect(csrProblem('ST-1', facts({ commonNames: ['ST-1', 'ST-2'] }))).toMatch(/CN must be/);
    expect(csrProblem('ST-1', facts({ commonNames: [] }))).toMatch(/CN must be/);
    expect(csrProblem('ST-1', facts({ key: { type: 'rsa', bits: 1024 } }))).toMatch(/2048/);
    expect(csrProblem('ST-1', facts({ key: { type: 'ec', curve: 'secp256k1' } }))).toMatch(/curve/);
    expect(csrProblem('ST-1', facts({ key: { type: 'other', name: 'ed25519' } }))).toMatch(/not accepted/);
  });

  it('an installable certificate is one readable PEM certificate', () => {
    expect(pemCertificateProblem('x')).toMatch(/exactly one/);
    expect(pemCertificateProblem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toMatch(/not a readable/);
    expect(pemCertificateProblem('a'.repeat(6000))).toMatch(/longer/);
  });
});
