import type { CsrFacts, IssuedCertificate, SigningUse, StationCertificate } from './certificate.model.js';

/** The CA that signs station certificates (the platform's own, or one the operator gives it). */
export interface CertificateAuthority {
  /** Its certificate (PEM): stations' chains end here, and the TLS listener trusts it for client certificates. */
  readonly certificatePem: string;
  /** Reads a PEM PKCS#10 request; null when it is not one. */
  readCsr(csrPem: string): Promise<CsrFacts | null>;
  /** Signs the request's key and subject as a client certificate, valid from now for validityDays. */
  issue(csrPem: string, now: Date, validityDays: number): Promise<IssuedCertificate>;
}

export interface NewCertificateRequest {
  readonly id: string;
  readonly stationId: string;
  readonly certificateType: SigningUse;
  readonly csr: string;
  readonly subject: string;
  readonly requestedAt: Date;
}

/** Station certificates; every write resolves once committed. */
export interface CertificateRepository {
  /** Stores the request and, in the same transaction, its certificate.requested event. */
  request(r: NewCertificateRequest): Promise<void>;
  get(id: string): Promise<StationCertificate | null>;
  /** requested → issued, with the command that delivers it; false when it was not requested any more. */
  markIssued(id: string, issued: IssuedCertificate, commandId: string, at: Date): Promise<boolean>;
  markFailed(id: string, error: string, at: Date): Promise<void>;
  /** Newest first. */
  listForStation(stationId: string, limit: number): Promise<StationCertificate[]>;
}
