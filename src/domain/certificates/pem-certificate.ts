import { X509Certificate } from 'node:crypto';

/** The most a certificate may have in InstallCertificate (both OCPP versions' schemas). */
export const MAX_CERTIFICATE_PEM = 5500;

/** Why this is not one PEM X.509 certificate a station could install, or undefined when it is. */
export function pemCertificateProblem(pem: string): string | undefined {
  if (pem.length > MAX_CERTIFICATE_PEM) return `is longer than ${MAX_CERTIFICATE_PEM} characters`;
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
  if (blocks !== 1) return `must be exactly one PEM certificate, found ${blocks}`;
  try {
    new X509Certificate(pem);
    return undefined;
  } catch {
    return 'is not a readable X.509 certificate';
  }
}
