import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { issue, testCa, type KeyAndCert, type TestCa } from '../../helpers/pki.js';
import { provisionBasics, startTestPlatform, type TestPlatform } from '../../helpers/platform.js';

/**
 * Security profiles 2 and 3 on the gateway's TLS listener: the station's profile decides what its
 * connection must show; a station never connects below its profile. Every certificate here is
 * made by the test (helpers/pki.ts).
 */
let p: TestPlatform;
let password: string;
let dir: string;
let serverCa: TestCa;
let stationCa: TestCa;
let otherCa: TestCa;
let server: KeyAndCert;
const certs: Record<string, KeyAndCert> = {};

interface Attempt {
  url: string;
  id: string;
  password?: string;
  cert?: KeyAndCert | undefined;
  ca?: string;
}

/** The HTTP status of the upgrade (101 when the socket opened). */
function handshake(a: Attempt): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (a.password !== undefined) headers.authorization = `Basic ${Buffer.from(`${a.id}:${a.password}`).toString('base64')}`;
    const ws = new WebSocket(`${a.url}/${a.id}`, ['ocpp2.0.1'], {
      headers,
      ca: a.ca ?? serverCa.certPem,
      ...(a.cert ? { cert: a.cert.certPem, key: a.cert.keyPem } : {}),
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', (e) => (e.message.includes('Unexpected server response') ? undefined : reject(e)));
  });
}

/** The serial number of the certificate the TLS listener presents now. */
/** A serial as uppercase hex without leading zeros (Node drops the 00 DER adds before a high bit; the issuer keeps it). */
const hexSerial = (serial: string): string => serial.toUpperCase().replace(/^0+(?=.)/, '');

function servedSerial(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      resolve(hexSerial(s.getPeerCertificate().serialNumber));
      s.end();
    });
    s.once('error', reject);
  });
}

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const tlsPort = () => Number(new URL(p.ocppTls!.replace('wss:', 'https:')).port);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xj-tls-'));
  [serverCa, stationCa, otherCa] = await Promise.all([testCa('Test Server CA'), testCa('Test Station CA'), testCa('Vendor CA')]);
  server = await issue(serverCa, { cn: 'localhost', usage: 'server' });
  for (const id of ['SP3-A', 'SP3-B', 'SP2-A', 'SP1-A']) certs[id] = await issue(stationCa, { cn: id, usage: 'client' });
  certs['ROGUE-SP3-A'] = await issue(otherCa, { cn: 'SP3-A', usage: 'client' });
  await writeFile(join(dir, 'server.pem'), server.certPem);
  await writeFile(join(dir, 'server.key'), server.keyPem);
  await writeFile(join(dir, 'station-ca.pem'), stationCa.certPem);
  await writeFile(join(dir, 'station-ca.key'), stationCa.keyPem);
  p = await startTestPlatform({
    env: {
      OCPP_TLS_PORT: '0',
      OCPP_TLS_CERT: join(dir, 'server.pem'),
      OCPP_TLS_KEY: join(dir, 'server.key'),
      // The station CA as a file path, its key inline (as a secret injected into the environment).
      OCPP_CA_CERT: join(dir, 'station-ca.pem'),
      OCPP_CA_KEY: stationCa.keyPem,
    },
  });
  ({ password } = await provisionBasics(p, ['SP1-A']));
  for (const [id, securityProfile] of [['SP2-A', 2], ['SP3-A', 3], ['SP3-B', 3]] as const) {
    const body = { id, operatorId: 'OP-T', locationId: 'LOC-T', securityProfile, ...(securityProfile < 3 ? { password } : {}) };
    expect((await p.api('/v1/stations', { body })).status).toBe(201);
  }
});

afterAll(async () => {
  await p?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('security profile 2 (TLS + HTTP Basic)', () => {
  it('accepts the right password over TLS', async () => {
    expect(await handshake({ url: p.ocppTls!, id: 'SP2-A', password })).toBe(101);
  });

  it('refuses a wrong or missing password over TLS (401)', async () => {
    expect(await handshake({ url: p.ocppTls!, id: 'SP2-A', password: 'not-the-password-123' })).toBe(401);
    expect(await handshake({ url: p.ocppTls!, id: 'SP2-A' })).toBe(401);
  });

  it('refuses the station over plain ws even with the right password (a lower profile than its own)', async () => {
    expect(await handshake({ url: p.ocpp, id: 'SP2-A', password })).toBe(401);
  });

  it('lets a profile 1 station use TLS (a stronger profile than its own) and plain ws', async () => {
    expect(await handshake({ url: p.ocppTls!, id: 'SP1-A', password })).toBe(101);
    expect(await handshake({ url: p.ocpp, id: 'SP1-A', password })).toBe(101);
  });
});

describe('security profile 3 (mutual TLS, certificate bound to the identity)', () => {
  it('accepts the station with its own certificate and no password', async () => {
    expect(await handshake({ url: p.ocppTls!, id: 'SP3-A', cert: certs['SP3-A'] })).toBe(101);
  });

  it("refuses another station's certificate, even with a password", async () => {
    expect(await handshake({ url: p.ocppTls!, id: 'SP3-A', cert: certs['SP3-B'] })).toBe(401);
    expect(await handshake({ url: p.ocppTls!, id: 'SP2-A', cert: certs['SP3-B'], password })).toBe(401);
  });

  it('refuses the station without a certificate, with a password only, or over plain ws', async () => {
    expect(await handshake({ url: p.ocppTls!, id: 'SP3-A' })).toBe(401);
    expect(await handshake({ url: p.ocppTls!, id: 'SP3-A', password })).toBe(401);
    expect(await handshake({ url: p.ocpp, id: 'SP3-A' })).toBe(401);
  });

  it('refuses a certificate naming the station from a CA the gateway does not trust', async () => {
    expect(await handshake({ url: p.ocppTls!, id: 'SP3-A', cert: certs['ROGUE-SP3-A'] })).toBe(401);
  });

  it("lets a profile 2 station in on its own certificate alone (profile 3 is stronger than its own)", async () => {
    expect(await handshake({ url: p.ocppTls!, id: 'SP2-A', cert: certs['SP2-A'] })).toBe(101);
  });

  it('is per station in the store: lowering a station to profile 2 needs a password, raising one refuses its old way in', async () => {
    const noPassword = await p.api('/v1/stations/SP3-B', { method: 'PATCH', body: { securityProfile: 2 } });
    expect(noPassword).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await p.api('/v1/stations/SP3-B')).body).toMatchObject({ securityProfile: 3 });

    expect((await p.api('/v1/stations/SP1-A', { method: 'PATCH', body: { securityProfile: 3 } })).status).toBe(200);
    expect(await handshake({ url: p.ocppTls!, id: 'SP1-A', password })).toBe(401);
    expect(await handshake({ url: p.ocppTls!, id: 'SP1-A', cert: certs['SP1-A'] })).toBe(101);
    expect((await p.api('/v1/stations/SP1-A', { method: 'PATCH', body: { securityProfile: 1 } })).status).toBe(200);
    expect(await handshake({ url: p.ocpp, id: 'SP1-A', password })).toBe(101);
  });
});

describe('the TLS certificate', () => {
  it('is reloaded from its files without a restart; open sockets stay open; a pair that does not load is not served', async () => {
    const ca = serverCa.certPem;
    expect(await servedSerial(tlsPort(), ca)).toBe(hexSerial(server.serialNumber));
    const open = new WebSocket(`${p.ocppTls}/SP2-A`, ['ocpp2.0.1'], { ca, headers: { authorization: `Basic ${Buffer.from(`SP2-A:${password}`).toString('base64')}` } });
    await new Promise((resolve, reject) => open.once('open', resolve).once('error', reject));

    // A certificate without its key (the key is written a moment later): the old pair is kept.
    const renewed = await issue(serverCa, { cn: 'localhost', usage: 'server' });
    await writeFile(join(dir, 'server.pem'), renewed.certPem);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await servedSerial(tlsPort(), ca)).toBe(hexSerial(server.serialNumber));

    await writeFile(join(dir, 'server.key'), renewed.keyPem);
    expect(await waitFor(() => servedSerial(tlsPort(), ca), (s) => s === hexSerial(renewed.serialNumber))).toBe(hexSerial(renewed.serialNumber));
    expect(open.readyState).toBe(WebSocket.OPEN);
    expect(await handshake({ url: p.ocppTls!, id: 'SP2-A', password })).toBe(101);
    open.close();
  });
});

describe('without a configured certificate', () => {
  it("serves one from the platform's own CA, which GET /v1/certificate-authority gives out, and trusts OCPP_TLS_CLIENT_CA too", async () => {
    const vendorFile = join(dir, 'vendor-ca.pem');
    await writeFile(vendorFile, otherCa.certPem);
    const q = await startTestPlatform({ env: { OCPP_TLS_PORT: '0', OCPP_TLS_CLIENT_CA: vendorFile } });
    try {
      await provisionBasics(q, ['SP1-A']);
      expect((await q.api('/v1/stations', { body: { id: 'SP3-A', operatorId: 'OP-T', securityProfile: 3 } })).status).toBe(201);
      const ca = await q.api('/v1/certificate-authority');
      expect(ca.status).toBe(200);
      expect(ca.body.certificate).toContain('-----BEGIN CERTIFICATE-----');
      expect(await handshake({ url: q.ocppTls!, id: 'SP1-A', password, ca: ca.body.certificate })).toBe(101);
      // A station certificate from a vendor's CA the operator trusts (OCPP_TLS_CLIENT_CA).
      expect(await handshake({ url: q.ocppTls!, id: 'SP3-A', cert: certs['ROGUE-SP3-A'], ca: ca.body.certificate })).toBe(101);
      // The platform's CA is not the test's station CA: those certificates mean nothing here.
      expect(await handshake({ url: q.ocppTls!, id: 'SP3-A', cert: certs['SP3-A'], ca: ca.body.certificate })).toBe(401);
    } finally {
      await q.stop();
    }
  });
});
