import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { X509CertificateAuthority } from './x509-authority.js';

const CA_SUBJECT = 'CN=Xiangjiang Charge Link Station CA, O=Xiangjiang Charge Link';
const CA_VALIDITY_DAYS = 3650;
const SERVER_VALIDITY_DAYS = 365;
/** A generated server certificate this close to its end is made anew at start. */
const RENEW_BEFORE_MS = 30 * 86_400_000;

/** PEM given inline (a secret injected as the variable's value) or a file path. */
const pemOrFile = async (value: string): Promise<string> => (value.includes('-----BEGIN') ? value : readFile(value, 'utf8'));

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Writes a new file only: false when it exists already (another process made it first). */
async function createFile(path: string, content: string, mode: number): Promise<boolean> {
  try {
    await writeFile(path, content, { mode, flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/**
 * The CA that signs stations' certificates: OCPP_CA_CERT/OCPP_CA_KEY when given, else one generated
 * once into DATA_DIR/ca (key readable by this user only). Several nodes must be given the same CA.
 */
export async function openCertificateAuthority(o: { caCert: string | undefined; caKey: string | undefined; dataDir: string; now: Date }): Promise<{ ca: X509CertificateAuthority; generated: string | undefined }> {
  if (o.caCert && o.caKey) return { ca: await X509CertificateAuthority.fromPem(await pemOrFile(o.caCert), await pemOrFile(o.caKey)), generated: undefined };
  const dir = join(o.dataDir, 'ca');
  const certPath = join(dir, 'ca-cert.pem');
  const keyPath = join(dir, 'ca-key.pem');
  let generated: string | undefined;
  if (!(await readIfPresent(certPath)) || !(await readIfPresent(keyPath))) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const made = await X509CertificateAuthority.generate(CA_SUBJECT, o.now, CA_VALIDITY_DAYS);
    // The key first: a certificate on disk always has its key beside it. A process that lost the
    // race (nodes sharing DATA_DIR) reads the winner's pair below.
    if (await createFile(keyPath, made.keyPem, 0o600)) {
      await createFile(certPath, made.certPem, 0o644);
      generated = dir;
    } else {
      for (let i = 0; i < 50 && !(await readIfPresent(certPath)); i++) await new Promise((r) => setTimeout(r, 100));
    }
  }
  const certPem = await readFile(certPath, 'utf8');
  const keyPem = await readFile(keyPath, 'utf8');
  return { ca: await X509CertificateAuthority.fromPem(certPem, keyPem), generated };
}

/**
 * The gateway's TLS certificate when none is configured (demos and tests): issued by the platform
 * CA for localhost and this host, kept in DATA_DIR/tls, renewed at start when it nears its end or
 * the CA changed. Returns the file paths, which the listener watches like configured ones.
 */
export async function ensureServerCertificate(ca: X509CertificateAuthority, dataDir: string, now: Date): Promise<{ certFile: string; keyFile: string }> {
  const dir = join(dataDir, 'tls');
  const certFile = join(dir, 'server-cert.pem');
  const keyFile = join(dir, 'server-key.pem');
  const existing = await readIfPresent(certFile);
  if (existing && (await readIfPresent(keyFile)) && stillGood(existing, ca.certificatePem, now)) return { certFile, keyFile };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const made = await ca.issueServerCertificate(['localhost', hostname()], ['127.0.0.1', '::1'], now, SERVER_VALIDITY_DAYS);
  await writeFile(keyFile, made.keyPem, { mode: 0o600 });
  await writeFile(certFile, made.certPem, { mode: 0o644 });
  return { certFile, keyFile };
}

function stillGood(certPem: string, caPem: string, now: Date): boolean {
  try {
    const cert = new X509Certificate(certPem);
    return cert.verify(new X509Certificate(caPem).publicKey) && new Date(cert.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}
