import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import type { CsrFacts, SigningUse, SigningVerdict, StationCertificate } from './certificate.model.js';
import type { CertificateAuthority, CertificateRepository } from './certificate.ports.js';

/** How the issued certificate reaches the station: a platform command (CertificateSigned), durable like any other. */
export interface CertificateDelivery {
  deliver(c: { commandId: string; stationId: string; certificateChain: string; certificateType: SigningUse }): Promise<void>;
  isQueued(commandId: string): Promise<boolean>;
}

export interface CertificateServiceOptions {
  readonly validityDays: number;
}

/** Station keys the CA signs: OCPP 2.0.1 asks for secp256r1 or RSA of at least 2048 bits. */
const EC_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

/** Why a request may not be signed, or undefined when it may. */
export function csrProblem(stationId: string, facts: CsrFacts | null): string | undefined {
  if (!facts) return 'csr is not a PEM PKCS#10 certificate signing request';
  if (!facts.signatureValid) return 'the request is not signed by the key it carries';
  if (facts.commonNames.length !== 1 || facts.commonNames[0] !== stationId) return `the subject's CN must be the station identity ${stationId}`;
  const k = facts.key;
  if (k.type === 'ec' && !EC_CURVES.has(k.curve)) return `EC curve ${k.curve} is not accepted (P-256, P-384, P-521)`;
  if (k.type === 'rsa' && k.bits < 2048) return `RSA keys need at least 2048 bits, got ${k.bits}`;
  if (k.type === 'other') return `${k.name} keys are not accepted (EC or RSA)`;
  return undefined;
}

/**
 * Certificates for stations (OCPP 2.0.1 A02/A03, 1.6 security extension): a station's SignCertificate
 * is checked at once and answered; a valid request is stored with its event, and the issuer
 * (certificate-issuer.consumer.ts) signs it and sends it with CertificateSigned.
 */
export class CertificateService {
  constructor(
    private readonly repo: CertificateRepository,
    private readonly ca: CertificateAuthority,
    private readonly delivery: CertificateDelivery,
    private readonly clock: Clock,
    private readonly options: CertificateServiceOptions,
  ) {}

  get caCertificatePem(): string {
    return this.ca.certificatePem;
  }

  /** A station's SignCertificate: Accepted (the certificate follows) or Rejected with the reason. */
  async requestFromStation(stationId: string, csr: string, use: SigningUse): Promise<SigningVerdict> {
    // V2G (ISO 15118) certificates chain to the V2G root PKI, which this platform does not run.
    if (use === 'V2GCertificate') return { status: 'Rejected', reason: 'V2G certificates are not issued by this CSMS' };
    const facts = await this.ca.readCsr(csr);
    const problem = csrProblem(stationId, facts);
    if (problem) return { status: 'Rejected', reason: problem };
    await this.repo.request({ id: newId(), stationId, certificateType: use, csr, subject: facts!.subject, requestedAt: this.clock.now() });
    return { status: 'Accepted' };
  }

  /** Signs a stored request and queues its delivery. Idempotent: a repeat finishes what a crash left undone. */
  async issue(requestId: string): Promise<void> {
    const r = await this.repo.get(requestId);
    if (!r) return;
    if (r.status === 'requested') {
      const now = this.clock.now();
      let issued;
      try {
        issued = await this.ca.issue(r.csr, now, this.options.validityDays);
      } catch (e) {
        await this.repo.markFailed(r.id, `the CA could not sign the request: ${(e as Error).message}`, now);
        return;
      }
      const commandId = newId();
      if (!(await this.repo.markIssued(r.id, issued, commandId, now))) return;
      await this.delivery.deliver({ commandId, stationId: r.stationId, certificateChain: issued.chainPem, certificateType: r.certificateType });
      return;
    }
    if (r.status === 'issued' && r.commandId && !(await this.delivery.isQueued(r.commandId))) {
      await this.delivery.deliver({ commandId: r.commandId, stationId: r.stationId, certificateChain: chainOf(r, this.ca.certificatePem), certificateType: r.certificateType });
    }
  }

  listForStation(stationId: string, limit = 50): Promise<StationCertificate[]> {
    return this.repo.listForStation(stationId, limit);
  }
}

const chainOf = (r: StationCertificate, caPem: string): string => `${r.certificate!.trim()}\n${caPem.trim()}\n`;
