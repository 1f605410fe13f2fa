import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys are "xjk_{id}_{secret}" with a 32-byte random secret. Like station keys they carry
 * enough entropy that a salted slow hash buys nothing (docs/decisions/0002): the store keeps
 * SHA-256 of the secret, and a lookup is one indexed read plus one hash.
 */
export interface IssuedKey {
  readonly id: string;
  readonly key: string;
  readonly secretHash: string;
}

export function issueApiKey(): IssuedKey {
  const id = randomBytes(9).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `xjk_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

/** Splits a presented key; undefined when it is not one of ours. */
export function parseApiKey(presented: string): { id: string; secret: string } | undefined {
  const m = /^xjk_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/.exec(presented);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}
