import { AesGcmSealer } from '../adapters/secrets/aes-gcm-sealer.js';
import { openSecretsKey } from '../adapters/secrets/secrets-key-file.js';
import type { Config } from '../config/index.js';
import type { SecretSealer } from '../domain/partners/index.js';
import type { Logger } from '../shared/logger.js';

/** What seals roaming partners' secrets at rest: PARTNER_SECRETS_KEY, or a key kept in DATA_DIR. */
export async function openPartnerSecrets(config: Config, log: Logger): Promise<SecretSealer> {
  const { key, generated } = await openSecretsKey(config.partners.secretsKey, config.store.dataDir);
  if (generated) log.info({ file: generated }, 'PARTNER_SECRETS_KEY not set: generated one (give every node the same key; without it stored partner secrets cannot be read)');
  return new AesGcmSealer(key);
}
