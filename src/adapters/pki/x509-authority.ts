// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { createPrivateKey, createPublicKey, randomBytes, webcrypto, X509Certificate as NodeX509, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { CertificateAuthority, CsrFacts, IssuedCertificate } from '../../domain/certificates/index.js';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type EcdsaParams = webcrypto.EcdsaParams;
type Algorithm = webcrypto.Algorithm;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const DAY_MS = 86_400_000;
/** A certificate may be used from a little before it was made: stations' clocks drift. */
const BACKDATE_MS = 5 * 60_000;

const CURVES: Record<string, { namedCurve: string; hash: string }> = {
  prime256v1: { namedCurve: 'P-256', hash: 'SHA-256' },
  secp384r1: { namedCurve: 'P-384', hash: 'SHA-384' },
  secp521r1: { namedCurve: 'P-521', hash: 'SHA-512' },
};

/** WebCrypto algorithms for a node key: how to import it and how it signs. */
function algorithmsOf(key: KeyObject): { importAlg: webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams; signAlg: EcdsaParams | Algorithm } {
  if (key.asymmetricKeyType === 'ec') {
    const c = CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''];
    if (!c) throw new Error(`CA key curve ${key.asymmetricKeyDetails?.namedCurve} is not supported (P-256, P-384, P-521)`);
    return { importAlg: { name: 'ECDSA', namedCurve: c.namedCurve }, signAlg: { name: 'ECDSA', hash: c.hash } };
  }
  if (key.asymmetricKeyType === 'rsa') {
    return { importAlg: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, signAlg: { name: 'RSASSA-PKCS1-v1_5' } };
  }
  throw new Error(`CA key type ${key.asymmetricKeyType} is not supported (EC or RSA)`);
}

/** A positive 128-bit serial number, hex upper case. */
const newSerial = (): string => {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x10;
  return b.toString('hex').toUpperCase();
};

const pemOf = (c: x509.X509Certificate): string => `${c.toString('pem').trim()}\n`;

/** A CA on PEM material: reads CSRs and issues station (client) and gateway (server) certificates. */
export class X509CertificateAuthority implements CertificateAuthority {
  readonly certificatePem: string;

  private constructor(
    private readonly cert: x509.X509Certificate,
    private readonly signingKey: CryptoKey,
    private readonly signAlg: EcdsaParams | Algorithm,
  ) {
    this.certificatePem = pemOf(cert);
  }

  /** From a PEM certificate and its private key (PKCS#8, SEC1 or PKCS#1), checked to belong together and to be a CA. */
  static async fromPem(certPem: string, keyPem: string): Promise<X509CertificateAuthority> {
    const nodeCert = new NodeX509(certPem);
    const key = createPrivateKey(keyPem);
    if (!nodeCert.checkPrivateKey(key)) throw new Error('the CA certificate and key do not belong together');
    if (!nodeCert.ca) throw new Error('the CA certificate is not a CA (basicConstraints cA is not set)');
    const { importAlg, signAlg } = algorithmsOf(key);
    const der = key.export({ type: 'pkcs8', format: 'der' });
    const signingKey = await webcrypto.subtle.importKey('pkcs8', der, importAlg, false, ['sign']);
    return new X509CertificateAuthority(new x509.X509Certificate(certPem), signingKey, signAlg);
  }

  /** A new self-signed CA (EC P-256), for a platform given none. */
  static async generate(subject: string, now: Date, validityDays: number): Promise<{ certPem: string; keyPem: string }> {
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: newSerial(),
      name: subject,
      notBefore: new Date(now.getTime() - BACKDATE_MS),
      notAfter: new Date(now.getTime() + validityDays * DAY_MS),
      keys,
      signingAlgorithm: alg,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    const keyPem = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }).toString();
    return { certPem: pemOf(cert), keyPem };
  }

  async readCsr(csrPem: string): Promise<CsrFacts | null> {
    let csr: x509.Pkcs10CertificateRequest;
    try {
      csr = new x509.Pkcs10CertificateRequest(csrPem);
    } catch {
      return null;
    }
    let key: CsrFacts['key'];
    try {
      const spki = createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: 'der', type: 'spki' });
      const d = spki.asymmetricKeyDetails ?? {};
      key =
        spki.asymmetricKeyType === 'ec'
          ? { type: 'ec', curve: d.namedCurve ?? 'unknown' }
          : spki.asymmetricKeyType === 'rsa'
            ? { type: 'rsa', bits: d.modulusLength ?? 0 }
            : { type: 'other', name: spki.asymmetricKeyType ?? 'unknown' };
    } catch {
      return null;
    }
    const signatureValid = await csr.verify().catch(() => false);
    return { subject: csr.subject, commonNames: csr.subjectName.getField('CN'), key, signatureValid };
  }

  async issue(csrPem: string, now: Date, validityDays: number): Promise<IssuedCertificate> {
    const csr = new x509.Pkcs10CertificateRequest(csrPem);
    const isEc = createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: 'der', type: 'spki' }).asymmetricKeyType === 'ec';
    const usage = x509.KeyUsageFlags.digitalSignature | (isEc ? x509.KeyUsageFlags.keyAgreement : x509.KeyUsageFlags.keyEncipherment);
    const cert = await this.#sign(csr.subjectName, csr.publicKey, now, validityDays, [
      new x509.KeyUsagesExtension(usage, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ]);
    const certificatePem = pemOf(cert);
    return {
      certificatePem,
      chainPem: `${certificatePem}${this.certificatePem}`,
      serialNumber: cert.serialNumber.toUpperCase(),
      subject: cert.subject,
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
    };
  }

  /** A TLS server certificate for the gateway (EC P-256) naming these hosts and addresses: PEM chain and key. */
  async issueServerCertificate(dnsNames: readonly string[], ips: readonly string[], now: Date, validityDays: number): Promise<{ certPem: string; keyPem: string }> {
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
    const cert = await this.#sign(new x509.Name(`CN=${dnsNames[0] ?? 'localhost'}`), keys.publicKey, now, validityDays, [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...dnsNames.map((value) => ({ type: 'dns' as const, value })), ...ips.map((value) => ({ type: 'ip' as const, value }))]),
    ]);
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    const keyPem = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }).toString();
    return { certPem: `${pemOf(cert)}${this.certificatePem}`, keyPem };
  }

  async #sign(subject: x509.Name, publicKey: x509.PublicKey | CryptoKey, now: Date, validityDays: number, extensions: x509.Extension[]): Promise<x509.X509Certificate> {
    return x509.X509CertificateGenerator.create({
      serialNumber: newSerial(),
      subject,
      issuer: this.cert.subjectName,
      notBefore: new Date(now.getTime() - BACKDATE_MS),
      notAfter: new Date(Math.min(now.getTime() + validityDays * DAY_MS, this.cert.notAfter.getTime())),
      publicKey,
      signingKey: this.signingKey,
      signingAlgorithm: this.signAlg,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        ...extensions,
        await x509.SubjectKeyIdentifierExtension.create(publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(this.cert.publicKey),
      ],
    });
  }
}
