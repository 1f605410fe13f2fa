/** Certificates the platform's CA issues to stations (OCPP 2.0.1 A02/A03, 1.6 security extension). */

/** What a station may ask to have signed: 2.0.1 CertificateSigningUseEnumType (1.6 has only the first, ChargePointCertificate). */
export const SIGNING_USES = ['ChargingStationCertificate', 'V2GCertificate'] as const;
export type SigningUse = (typeof SIGNING_USES)[number];

export const STATION_CERTIFICATE_STATUSES = ['requested', 'issued', 'failed'] as const;
export type StationCertificateStatus = (typeof STATION_CERTIFICATE_STATUSES)[number];

/** A signing request a station made, and the certificate issued for it. */
export interface StationCertificate {
  readonly id: string;
  readonly stationId: string;
  readonly certificateType: SigningUse;
  readonly csr: string;
  readonly status: StationCertificateStatus;
  readonly error: string | null;
  /** The subject the station asked for (RFC 4514), e.g. "CN=CS-1, O=Operator". */
  readonly subject: string;
  /** PEM, once issued. */
  readonly certificate: string | null;
  /** Hex, upper case, as OCPP CertificateHashData carries it. */
  readonly serialNumber: string | null;
  readonly notBefore: Date | null;
  readonly notAfter: Date | null;
  /** The CertificateSigned command that takes it to the station. */
  readonly commandId: string | null;
  readonly requestedAt: Date;
  readonly issuedAt: Date | null;
}

/** What a PKCS#10 request says, as read by the CA (no trust in it yet). */
export interface CsrFacts {
  readonly subject: string;
  /** The subject's CN values (OCPP: exactly one, the station identity). */
  readonly commonNames: readonly string[];
  readonly key: { readonly type: 'ec'; readonly curve: string } | { readonly type: 'rsa'; readonly bits: number } | { readonly type: 'other'; readonly name: string };
  /** The request is signed by the key it carries (proof of possession). */
  readonly signatureValid: boolean;
}

export interface IssuedCertificate {
  readonly certificatePem: string;
  /** The certificate followed by the CA's: what CertificateSigned carries. */
  readonly chainPem: string;
  readonly serialNumber: string;
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** The answer to a station's SignCertificate. */
export type SigningVerdict = { readonly status: 'Accepted' } | { readonly status: 'Rejected'; readonly reason: string };
