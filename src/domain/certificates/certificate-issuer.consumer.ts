import { isKind, type EventConsumer, type StoredEvent } from '../events/index.js';
import type { CertificateService } from './certificate.service.js';

/**
 * Signs the certificates stations asked for and sends them (CertificateSigned), after the
 * SignCertificate answer has left. At least once: issue() does nothing twice.
 */
export function certificateIssuer(certificates: Pick<CertificateService, 'issue'>): EventConsumer {
  return {
    name: 'certificate-issuer',
    kinds: ['certificate.requested'],
    async handle(events: readonly StoredEvent[]) {
      for (const e of events) if (isKind(e, 'certificate.requested')) await certificates.issue(e.payload.requestId);
    },
  };
}
