/**
 * OCPP security profiles: 1 HTTP Basic over plain WebSocket, 2 HTTP Basic over TLS, 3 TLS with a
 * client certificate (no password). Each station has one; it may connect at its profile or a
 * stronger one, never a weaker one. See docs/decisions/0012-security-profiles-and-certificates.md.
 */
export const SECURITY_PROFILES = [1, 2, 3] as const;
export type SecurityProfile = (typeof SECURITY_PROFILES)[number];

export const isSecurityProfile = (n: unknown): n is SecurityProfile => n === 1 || n === 2 || n === 3;

/** What the transport of one WebSocket upgrade proves, as the gateway saw it. */
export interface ConnectionSecurity {
  readonly tls: boolean;
  /** The client certificate the station presented in the TLS handshake, if any. */
  readonly clientCertificate?:
    | {
        /** Its subject's CN (OCPP: the station identity); undefined when absent or not a single value. */
        readonly commonName: string | undefined;
        /** It chains to a CA the gateway trusts and is within its validity. */
        readonly trusted: boolean;
      }
    | undefined;
}

export const PLAIN_CONNECTION: ConnectionSecurity = { tls: false };

export type AdmissionRefusal = 'TLS_REQUIRED' | 'CLIENT_CERTIFICATE_REQUIRED' | 'CERTIFICATE_OF_ANOTHER_STATION';

/**
 * Whether a connection meets the station's profile, and whether it still has to show the password:
 * a trusted certificate naming the station is profile 3 and needs none; one naming another station
 * is refused outright, whatever the station's profile (it is someone else's credential); an
 * untrusted certificate proves nothing and counts as none.
 */
export function admission(
  stationId: string,
  profile: SecurityProfile,
  connection: ConnectionSecurity,
): { ok: true; needsPassword: boolean; profile: SecurityProfile } | { ok: false; reason: AdmissionRefusal } {
  const cert = connection.tls && connection.clientCertificate?.trusted ? connection.clientCertificate : undefined;
  if (cert && cert.commonName !== stationId) return { ok: false, reason: 'CERTIFICATE_OF_ANOTHER_STATION' };
  const offered: SecurityProfile = !connection.tls ? 1 : cert ? 3 : 2;
  if (offered < profile) return { ok: false, reason: profile === 3 && connection.tls ? 'CLIENT_CERTIFICATE_REQUIRED' : 'TLS_REQUIRED' };
  return { ok: true, needsPassword: offered < 3, profile: offered };
}
