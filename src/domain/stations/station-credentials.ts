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

export function hashStationPassword(password: string, salt: Buffer = randomBytes(16)): string {
  const digest = createHash('sha256').update(salt).update(password, 'utf8').digest();
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
