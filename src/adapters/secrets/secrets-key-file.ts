import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSecretsKey } from './aes-gcm-sealer.js';

export const SECRETS_KEY_FILE = 'partner-secrets-key';

/**
 * The key sealing partners' secrets: PARTNER_SECRETS_KEY when given; otherwise one generated once
 * into DATA_DIR/partner-secrets-key (mode 0600) and read from there afterwards, as the station CA is.
 * Several nodes must share the same key. Losing it makes the stored secrets unreadable.
 */
export async function openSecretsKey(given: string | undefined, dataDir: string): Promise<{ key: Buffer; generated: string | undefined }> {
  if (given) return { key: parseSecretsKey(given), generated: undefined };
  const path = join(dataDir, SECRETS_KEY_FILE);
  try {
    return { key: parseSecretsKey(await readFile(path, 'utf8')), generated: undefined };
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ENOENT') throw e;
  }
  const key = randomBytes(32);
  await mkdir(dataDir, { recursive: true });
  // wx: two nodes starting on one data dir never overwrite each other's key.
  try {
    await writeFile(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'EEXIST') return { key: parseSecretsKey(await readFile(path, 'utf8')), generated: undefined };
    throw e;
  }
  return { key, generated: path };
}
