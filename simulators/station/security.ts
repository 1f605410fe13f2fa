/**
 * What a simulated station keeps for OCPP security: its HTTP Basic key (which the central system
 * may rotate), its TLS client certificate (from a CSR it sends with SignCertificate), and the root
 * certificates installed on it (InstallCertificate, GetInstalledCertificateIds, DeleteCertificate).
 */
import 'reflect-metadata';
import { createHash, createPrivateKey, webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/** TLS material of the station's connection: the CA it trusts for the central system, its own certificate and key. */
export interface StationTls {
  ca?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
}

export interface CertificateHashData {
  hashAlgorithm: 'SHA256';
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
}

interface Installed {
  type: string;
  pem: string;
  hash: CertificateHashData;
}

/** The BIT STRING content of a DER SubjectPublicKeyInfo (what OCSP-style key hashes cover). */
function subjectPublicKeyBits(spki: Buffer): Buffer {
  let i = 0;
  const readLength = (): number => {
    const first = spki[i++]!;
    if (first < 0x80) return first;
    let len = 0;
    for (let n = first & 0x7f; n > 0; n--) len = (len << 8) | spki[i++]!;
    return len;
  };
  i++; // SEQUENCE
  readLength();
  i++; // AlgorithmIdentifier SEQUENCE
  i += readLength();
  i++; // BIT STRING
  const len = readLength();
  return spki.subarray(i + 1, i + len); // the first content byte counts unused bits
}

const sha256 = (b: Buffer | ArrayBuffer): string => createHash('sha256').update(Buffer.from(b as ArrayBuffer)).digest('hex');

/** OCPP CertificateHashData of a certificate whose issuer is `issuer` (itself, for a root). */
export function hashDataOf(pem: string, issuerPem: string = pem): CertificateHashData {
  const cert = new x509.X509Certificate(pem);
  const issuerSpki = new NodeX509(issuerPem).publicKey.export({ type: 'spki', format: 'der' });
  return {
    hashAlgorithm: 'SHA256',
    issuerNameHash: sha256(cert.issuerName.toArrayBuffer()),
    issuerKeyHash: sha256(subjectPublicKeyBits(issuerSpki)),
    serialNumber: cert.serialNumber.toLowerCase().replace(/^0+(?=.)/, ''),
  };
}

export class StationSecurity {
  /** The HTTP Basic password it presents: text, or (1.6 AuthorizationKey) the bytes of hex digits. */
  key: string | Buffer;
  tls: StationTls;
  readonly installed: Installed[] = [];
  #pendingKey: webcrypto.CryptoKey | undefined;
  #pendingSpki: string | undefined;

  constructor(password: string, tls: StationTls = {}) {
    this.key = password;
    this.tls = { ...tls };
  }

  /** A new P-256 key pair and a CSR naming the station (CN) and its operator (O). */
  async newCsr(stationId: string, organization: string): Promise<string> {
    const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: [{ CN: [stationId] }, { O: [organization] }], keys, signingAlgorithm: EC });
    this.#pendingKey = keys.privateKey;
    this.#pendingSpki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey)).toString('hex');
    return csr.toString('pem');
  }

  /**
   * CertificateSigned: the chain's first certificate must carry the key of the pending CSR; then
   * it and that key are the station's client certificate from its next connection on.
   */
  async acceptChain(chainPem: string): Promise<boolean> {
    const leafPem = chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)?.[0];
    if (!leafPem || !this.#pendingKey || !this.#pendingSpki) return false;
    let spki: string;
    try {
      spki = new NodeX509(leafPem).publicKey.export({ type: 'spki', format: 'der' }).toString('hex');
    } catch {
      return false;
    }
    if (spki !== this.#pendingSpki) return false;
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', this.#pendingKey));
    this.tls = { ...this.tls, cert: chainPem, key: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }).toString() };
    this.#pendingKey = undefined;
    this.#pendingSpki = undefined;
    return true;
  }

  get hasClientCertificate(): boolean {
    return this.tls.cert !== undefined;
  }

  install(type: string, pem: string): 'Accepted' | 'Rejected' {
    try {
      const hash = hashDataOf(pem);
      if (!this.installed.some((c) => c.hash.serialNumber === hash.serialNumber && c.hash.issuerKeyHash === hash.issuerKeyHash)) this.installed.push({ type, pem, hash });
      return 'Accepted';
    } catch {
      return 'Rejected';
    }
  }

  installedIds(types: readonly string[] | undefined): { certificateType: string; certificateHashData: CertificateHashData }[] {
    return this.installed
      .filter((c) => !types || types.length === 0 || types.includes(c.type))
      .map((c) => ({ certificateType: c.type, certificateHashData: c.hash }));
  }

  remove(h: { issuerNameHash: string; issuerKeyHash: string; serialNumber: string }): boolean {
    const i = this.installed.findIndex(
      (c) =>
        c.hash.issuerNameHash === h.issuerNameHash.toLowerCase() &&
        c.hash.issuerKeyHash === h.issuerKeyHash.toLowerCase() &&
        c.hash.serialNumber === h.serialNumber.toLowerCase().replace(/^0+(?=.)/, ''),
    );
    if (i < 0) return false;
    this.installed.splice(i, 1);
    return true;
  }
}
