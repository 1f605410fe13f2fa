import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import type { EnvelopeKeys, EnvelopeProfile } from './profile.js';

export const TCEC_2016_SUITE = 'tcec-102-2016';

/**
 * T/CEC 102.4-2016: Data = Base64(AES-128-CBC, PKCS#5 padding, key DataSecret, IV DataSecretIV);
 * Sig = uppercase hex HMAC-MD5 keyed with SigSecret. The secrets are 16-character strings used
 * as their UTF-8 bytes (not hex, not Base64), as the standard's partners exchange them.
 */
export function tcec2016Profile(keys: EnvelopeKeys): EnvelopeProfile {
  const key = exact16(keys.dataSecret, 'DataSecret');
  const iv = exact16(keys.dataSecretIv, 'DataSecretIV');
  const sigKey = Buffer.from(keys.sigSecret, 'utf8');
  if (sigKey.length === 0) throw new Error('SigSecret must not be empty');
  return {
    suite: TCEC_2016_SUITE,
    encryptData(json) {
      const cipher = createCipheriv('aes-128-cbc', key, iv); // PKCS#7 padding = PKCS#5 for 16-byte blocks
      return Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]).toString('base64');
    },
    decryptData(data) {
      // Buffer.from(…, 'base64') skips junk silently: insist on real Base64 of whole blocks.
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data)) throw new Error('Data is not Base64');
      const bytes = Buffer.from(data, 'base64');
      if (bytes.length === 0 || bytes.length % 16 !== 0) throw new Error('Data is not whole AES blocks');
      const decipher = createDecipheriv('aes-128-cbc', key, iv);
      const plain = Buffer.concat([decipher.update(bytes), decipher.final()]);
      return new TextDecoder('utf-8', { fatal: true }).decode(plain);
    },
    sign(input) {
      return createHmac('md5', sigKey).update(input, 'utf8').digest('hex').toUpperCase();
    },
  };
}

function exact16(secret: string, name: string): Buffer {
  const bytes = Buffer.from(secret, 'utf8');
  if (bytes.length !== 16) throw new Error(`${name} must be 16 bytes (got ${bytes.length})`);
  return bytes;
}

/** Constant-time comparison of two signatures (case matters: the standard says uppercase). */
export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
