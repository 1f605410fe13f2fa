import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Station passwords (OCPP security profile 1) are high-entropy keys of 16–40 random bytes, so a
 * salted SHA-256 is as strong against guessing as a slow KDF, and verification costs about a
 * microsecond: a reconnect storm of 15,000 stations stays network-bound. See
 * docs/decisions/0002-station-password-hash.md.
 */
export const MIN_STATION_PASSWORD_LENGTH = 16;
export const MAX_STATION_PASSWORD_LENGTH = 40;
const SCHEME = 'sha256';

export function hashStationPassword(password: string | Buffer, salt: Buffer = randomBytes(16)): string {
  const digest = createHash('sha256').update(salt).update(typeof password === 'string' ? Buffer.from(password, 'utf8') : password).digest();
  return `${SCHEME}$${salt.toString('base64url')}$${digest.toString('base64url')}`;
}

export function verifyStationPassword(password: string | Buffer, stored: string): boolean {
  const [scheme, saltB64, digestB64] = stored.split('$');
  if (scheme !== SCHEME || !saltB64 || !digestB64) return false;
  const expected = Buffer.from(digestB64, 'base64url');
  const actual = createHash('sha256').update(Buffer.from(saltB64, 'base64url')).update(password).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A good station key: length within OCPP's 16–40 and not one repeated character. */
export function stationPasswordProblem(password: string): string | undefined {
  if (password.length < MIN_STATION_PASSWORD_LENGTH || password.length > MAX_STATION_PASSWORD_LENGTH) {
    return `must be ${MIN_STATION_PASSWORD_LENGTH}–${MAX_STATION_PASSWORD_LENGTH} characters`;
  }
  if (new Set(password).size < 8) return 'is too predictable (fewer than 8 distinct characters)';
  return undefined;
}

const HEX_KEY = /^(?:[0-9a-fA-F]{2}){16,20}$/;

/**
 * Whether the password a station presented matches a stored hash. A 1.6 AuthorizationKey is
 * configured as hex digits and presented as the bytes they encode; a station that presents the
 * digits themselves is let in too (tried only when the bytes did not match: no cost on the way in).
 */
export function matchesStationKey(password: Buffer, stored: string | null | undefined): boolean {
  if (!stored) return false;
  if (verifyStationPassword(password, stored)) return true;
  const text = password.toString('latin1');
  return HEX_KEY.test(text) && verifyStationPassword(Buffer.from(text, 'hex'), stored);
}

/**
 * A new key for a station (rotation): `sent` goes to the station, `presented` is what it will show
 * in HTTP Basic. OCPP 2.0.1 BasicAuthPassword is a passwordString (32 base64url characters, 192
 * bits); OCPP 1.6 AuthorizationKey is 20 random bytes written as 40 hex digits, the bytes being the
 * password (1.6 security whitepaper).
 */
export function newStationKey(form: 'password-string' | 'authorization-key-hex'): { sent: string; presented: Buffer } {
  if (form === 'authorization-key-hex') {
    const bytes = randomBytes(20);
    return { sent: bytes.toString('hex'), presented: bytes };
  }
  for (;;) {
    const text = randomBytes(24).toString('base64url');
    if (!stationPasswordProblem(text)) return { sent: text, presented: Buffer.from(text, 'utf8') };
  }
}
