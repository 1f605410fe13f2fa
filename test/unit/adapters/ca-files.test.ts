import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureServerCertificate, openCertificateAuthority } from '../../../src/adapters/pki/ca-files.js';
import { csrFor, testCa } from '../../helpers/pki.js';

const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'xj-ca-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('the station CA', () => {
  it('is generated once into DATA_DIR/ca with a key only its user can read, and the same after a restart', async () => {
    const dataDir = await tempDir();
    const first = await openCertificateAuthority({ caCert: undefined, caKey: undefined, dataDir, now: new Date() });
    expect(first.generated).toBe(join(dataDir, 'ca'));
    expect((await stat(join(dataDir, 'ca', 'ca-key.pem'))).mode & 0o777).toBe(0o600);
    const again = await openCertificateAuthority({ caCert: undefined, caKey: undefined, dataDir, now: new Date() });
    expect(again.generated).toBeUndefined();
    expect(again.ca.certificatePem).toBe(first.ca.certificatePem);
    expect(new X509Certificate(first.ca.certificatePem).ca).toBe(true);
  });

  it('takes a configured CA as files or inline PEM, and refuses a certificate with a key not its own', async () => {
    const dir = await tempDir();
    const [a, b] = await Promise.all([testCa('A'), testCa('B')]);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'a.pem'), a.certPem);
    const opened = await openCertificateAuthority({ caCert: join(dir, 'a.pem'), caKey: a.keyPem, dataDir: dir, now: new Date() });
    expect(new X509Certificate(opened.ca.certificatePem).fingerprint256).toBe(new X509Certificate(a.certPem).fingerprint256);
    await expect(openCertificateAuthority({ caCert: a.certPem, caKey: b.keyPem, dataDir: dir, now: new Date() })).rejects.toThrow(/do not belong together/);
  });

  it('issues client certificates from CSRs: the subject and key of the request, clientAuth, within the CA life', async () => {
    const ca = await testCa('Issuer');
    const { ca: authority } = await openCertificateAuthority({ caCert: ca.certPem, caKey: ca.keyPem, dataDir: await tempDir(), now: new Date() });
    const { csrPem } = await csrFor('CN=ST-9, O=Op');
    const facts = await authority.readCsr(csrPem);
    expect(facts).toMatchObject({ commonNames: ['ST-9'], key: { type: 'ec', curve: 'prime256v1' }, signatureValid: true });
    expect(await authority.readCsr('nonsense')).toBeNull();
    const issued = await authority.issue(csrPem, new Date(), 30);
    const cert = new X509Certificate(issued.certificatePem);
    expect(cert.subject).toBe('CN=ST-9\nO=Op');
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(issued.chainPem).toBe(`${issued.certificatePem}${authority.certificatePem}`);
    // Never past the CA's own end (the test CA lives a year).
    const long = new X509Certificate((await authority.issue(csrPem, new Date(), 3650)).certificatePem);
    expect(Date.parse(long.validTo)).toBeLessThanOrEqual(Date.parse(new X509Certificate(ca.certPem).validTo));
  });

  it('makes a server certificate for the TLS listener when none is configured, and keeps it while it is good', async () => {
    const dataDir = await tempDir();
    const { ca } = await openCertificateAuthority({ caCert: undefined, caKey: undefined, dataDir, now: new Date() });
    const files = await ensureServerCertificate(ca, dataDir, new Date());
    const pem = await readFile(files.certFile, 'utf8');
    const cert = new X509Certificate(pem);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.verify(new X509Certificate(ca.certificatePem).publicKey)).toBe(true);
    await ensureServerCertificate(ca, dataDir, new Date());
    expect(await readFile(files.certFile, 'utf8')).toBe(pem);
    // Within 30 days of its end it is made anew.
    await ensureServerCertificate(ca, dataDir, new Date(Date.now() + 340 * 86_400_000));
    expect(await readFile(files.certFile, 'utf8')).not.toBe(pem);
  });
});
