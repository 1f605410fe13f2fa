import { openCertificateAuthority } from '../adapters/pki/ca-files.js';
import type { X509CertificateAuthority } from '../adapters/pki/x509-authority.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../shared/logger.js';

/** The CA that signs stations' certificates and vouches for them on the TLS listener. */
export async function openPki(config: Config, log: Logger): Promise<X509CertificateAuthority> {
  const { ca, generated } = await openCertificateAuthority({ caCert: config.pki.caCert, caKey: config.pki.caKey, dataDir: config.store.dataDir, now: new Date() });
  if (generated) {
    log.info({ dir: generated }, 'OCPP_CA_CERT/OCPP_CA_KEY not set: generated a station CA (give every node the same CA when running several)');
  }
  return ca;
}
