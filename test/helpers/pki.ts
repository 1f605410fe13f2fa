/**
 * Certificates made by the tests themselves (no network, no fixtures on disk): CAs, server and
 * client certificates, and CSRs, with @peculiar/x509 on Node's WebCrypto.
 */
import 'reflect-metadata';
import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 86_400_000;

export interface TestCa {
  readonly certPem: string;
  readonly keyPem: string;
  readonly cert: x509.X509Certificate;
  readonly keys: webcrypto.CryptoKeyPair;
}

export interface KeyAndCert {
  readonly certPem: string;
  readonly keyPem: string;
  readonly serialNumber: string;
}

const serial = () => {
  const b = randomBytes(12);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
};

async function keyPemOf(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }).toString();
}

const newKeys = async (alg: object = EC) => (await webcrypto.subtle.generateKey(alg as webcrypto.EcKeyGenParams, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;

export async function testCa(name: string): Promise<TestCa> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    keys,
    signingAlgorithm: EC,
    extensions: [new x509.BasicConstraintsExtension(true, 1, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  return { certPem: cert.toString('pem'), keyPem: await keyPemOf(keys.privateKey), cert, keys };
}

/** A certificate from the CA: for a TLS server (localhost, 127.0.0.1) or a station (client, CN = identity). */
export async function issue(ca: TestCa, o: { cn: string; usage: 'server' | 'client'; notAfter?: Date }): Promise<KeyAndCert> {
  const keys = await newKeys();
  const sn = serial();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: sn,
    subject: `CN=${o.cn}, O=Test Operator`,
    issuer: ca.cert.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: o.notAfter ?? new Date(Date.now() + 30 * DAY),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: EC,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([o.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
      ...(o.usage === 'server'
        ? [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }])]
        : []),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await keyPemOf(keys.privateKey), serialNumber: sn.toUpperCase() };
}

/** A PKCS#10 request as a station makes it; `rsaBits` for an RSA key instead of P-256. */
export async function csrFor(subject: string, o: { rsaBits?: number } = {}): Promise<{ csrPem: string; keyPem: string }> {
  const alg = o.rsaBits ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: o.rsaBits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } : EC;
  const keys = await newKeys(alg);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: subject, keys, signingAlgorithm: alg });
  return { csrPem: csr.toString('pem'), keyPem: await keyPemOf(keys.privateKey) };
}
