import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SimulatedStation } from '../../../simulators/station/station.js';
import { settleCommand } from '../../helpers/commands.js';
import { csrFor } from '../../helpers/pki.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { simStationSpec, stationCreateBody } from '../../helpers/sim-stations.js';

/**
 * Certificate management (2.0.1 block A, the 1.6 security extension) and key rotation, driven
 * through the API against simulated stations on the gateway's TLS listener. The platform runs on
 * its own generated CA and server certificate (the demo set-up).
 */
describe.each(['1.6', '2.0.1'] as const)('certificates and station keys over OCPP %s', (version) => {
  const v = version.replace('.', '');
  let p: TestPlatform;
  let ca: string;
  const started: SimulatedStation[] = [];
  const settle = (id: string, ms = 15_000) => settleCommand((path) => p.api(path), id, ms);

  /** A profile 2 station (TLS + password), provisioned, connected and booted. */
  async function tlsStation(id: string): Promise<SimulatedStation> {
    const spec = simStationSpec(id, version);
    expect((await p.api('/v1/stations', { body: { ...stationCreateBody(spec, 'OP-S', 'LOC-S'), securityProfile: 2 } })).status).toBe(201);
    const s = new SimulatedStation({ endpoint: p.ocppTls!, spec, tls: { ca } });
    started.push(s);
    await s.connect();
    expect((await s.boot()).status).toBe('Accepted');
    return s;
  }

  /** The HTTP status of an upgrade on the TLS listener with this password. */
  function handshake(id: string, password: string | Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      const auth = Buffer.concat([Buffer.from(`${id}:`), Buffer.isBuffer(password) ? password : Buffer.from(password)]).toString('base64');
      const ws = new WebSocket(`${p.ocppTls}/${id}`, [version === '1.6' ? 'ocpp1.6' : 'ocpp2.0.1'], { ca, headers: { authorization: `Basic ${auth}` } });
      ws.once('open', () => {
        resolve(101);
        ws.close();
      });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', (e) => (e.message.includes('Unexpected server response') ? undefined : reject(e)));
    });
  }

  const storedHash = async (id: string) =>
    (await p.sql!.query<{ password_hash: string; pending_password_hash: string | null }>('SELECT password_hash, pending_password_hash FROM stations WHERE id = $1', [id]))[0]!;

  async function certificatesOf(id: string, count: number): Promise<any[]> {
    for (let i = 0; i < 200; i++) {
      const items = (await p.api(`/v1/stations/${id}/certificates`)).body.items as any[];
      if (items.length >= count && items.every((c) => c.status !== 'requested')) return items;
      await new Promise((r) => setTimeout(r, 100));
    }
    return (await p.api(`/v1/stations/${id}/certificates`)).body.items;
  }

  beforeAll(async () => {
    p = await startTestPlatform({ env: { OCPP_TLS_PORT: '0', OCPP_CERT_VALIDITY_DAYS: '90' } });
    await p.api('/v1/operators', { body: { id: 'OP-S', name: 'Secure CPO', roles: ['CPO'] } });
    await p.api('/v1/locations', { body: { id: 'LOC-S', operatorId: 'OP-S', name: 'Site', city: 'Xiangtan', address: 'x', lat: 27.85, lng: 112.9 } });
    ca = (await p.api('/v1/certificate-authority')).body.certificate;
  });
  afterAll(async () => {
    for (const s of started) await s.close();
    await p.stop();
  });

  it('SignCertificate → CertificateSigned from the CA; then the station connects at profile 3 on that certificate alone', async () => {
    const id = `CERT-${v}`;
    const station = await tlsStation(id);
    expect(await station.requestCertificate()).toBe(true);

    const [issued] = await certificatesOf(id, 1);
    expect(issued).toMatchObject({ stationId: id, status: 'issued', certificateType: 'ChargingStationCertificate', serialNumber: expect.stringMatching(/^[0-9A-F]+$/) });
    const cert = new X509Certificate(issued.certificate);
    expect(cert.subject).toContain(`CN=${id}`);
    expect(cert.verify(new X509Certificate(ca).publicKey)).toBe(true);
    const days = (Date.parse(cert.validTo) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThan(91);
    // The station took it (CertificateSigned answered Accepted).
    expect(await settle(issued.commandId)).toMatchObject({ status: 'accepted', kind: 'certificate-signed' });

    expect((await p.api(`/v1/stations/${id}`, { method: 'PATCH', body: { securityProfile: 3 } })).status).toBe(200);
    await station.close();
    station.dropPassword();
    await station.connect();
    expect((await station.boot()).status).toBe('Accepted');
    expect((await p.api(`/v1/stations/${id}`)).body).toMatchObject({ online: true, securityProfile: 3 });
  });

  it('refuses to sign a CSR for another identity or with a weak key, and stores nothing', async () => {
    const id = `CSR-${v}`;
    const station = await tlsStation(id);
    const other = await csrFor('CN=SOMEONE-ELSE, O=X');
    const weak = await csrFor(`CN=${id}`, { rsaBits: 1024 });
    const sign = (csr: string) => station.call('SignCertificate', version === '1.6' ? { csr } : { csr, certificateType: 'ChargingStationCertificate' });
    expect(await sign(other.csrPem)).toMatchObject({ status: 'Rejected' });
    expect(await sign(weak.csrPem)).toMatchObject({ status: 'Rejected' });
    expect(await sign('-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgY3Ny\n-----END CERTIFICATE REQUEST-----')).toMatchObject({ status: 'Rejected' });
    if (version === '2.0.1') {
      expect(await station.call('SignCertificate', { csr: (await csrFor(`CN=${id}`)).csrPem, certificateType: 'V2GCertificate' })).toMatchObject({ status: 'Rejected' });
    }
    expect((await p.api(`/v1/stations/${id}/certificates`)).body.items).toEqual([]);
  });

  it('install-certificate, get-installed-certificate-ids, delete-certificate, renew-certificate', async () => {
    const id = `ROOTS-${v}`;
    const station = await tlsStation(id);
    const install = await p.api('/v1/commands/install-certificate', { body: { stationId: id, certificateType: 'CSMSRootCertificate', certificate: ca } });
    expect(install.status).toBe(202);
    expect(await settle(install.body.id)).toMatchObject({ status: 'accepted', response: { status: 'Accepted' } });
    expect(station.security.installed.map((c) => c.type)).toEqual([version === '1.6' ? 'CentralSystemRootCertificate' : 'CSMSRootCertificate']);

    const list = await p.api('/v1/commands/get-installed-certificate-ids', { body: { stationId: id, certificateTypes: ['CSMSRootCertificate'] } });
    const listed = await settle(list.body.id);
    expect(listed).toMatchObject({ status: 'accepted', response: { status: 'Accepted' } });
    // 1.6 answers a list of hashes, 2.0.1 a list of {certificateType, certificateHashData}.
    const hash = version === '1.6' ? listed.response.certificateHashData[0] : listed.response.certificateHashDataChain[0].certificateHashData;
    expect(hash).toMatchObject({ hashAlgorithm: 'SHA256' });
    expect(hash.serialNumber).toBe(new X509Certificate(ca).serialNumber.toLowerCase().replace(/^0+/, ''));

    const del = await p.api('/v1/commands/delete-certificate', { body: { stationId: id, certificateHashData: hash } });
    expect(await settle(del.body.id)).toMatchObject({ status: 'accepted', response: { status: 'Accepted' } });
    const again = await p.api('/v1/commands/get-installed-certificate-ids', { body: { stationId: id } });
    // None left is an answer, not a refusal.
    expect(await settle(again.body.id)).toMatchObject({ status: 'accepted', response: { status: 'NotFound' } });

    const renew = await p.api('/v1/commands/renew-certificate', { body: { stationId: id } });
    expect(await settle(renew.body.id)).toMatchObject({ status: 'accepted' });
    expect(await certificatesOf(id, 1)).toMatchObject([{ status: 'issued' }]);
  });

  it('checks certificate commands before queueing them; a root 1.6 cannot name fails with the reason', async () => {
    const id = `ROOTS-${v}`;
    expect(await p.api('/v1/commands/install-certificate', { body: { stationId: id, certificateType: 'CSMSRootCertificate', certificate: 'not a certificate' } })).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', details: { field: 'certificate' } },
    });
    expect((await p.api('/v1/commands/install-certificate', { body: { stationId: id, certificate: ca } })).status).toBe(400);
    expect((await p.api('/v1/commands/delete-certificate', { body: { stationId: id } })).status).toBe(400);
    expect((await p.api('/v1/commands/certificate-signed', { body: { stationId: id } })).status).toBe(400);
    const v2g = await p.api('/v1/commands/install-certificate', { body: { stationId: id, certificateType: 'V2GRootCertificate', certificate: ca } });
    expect(v2g.status).toBe(202);
    if (version === '1.6') expect(await settle(v2g.body.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('OCPP 1.6') });
    else expect(await settle(v2g.body.id)).toMatchObject({ status: 'accepted' });
  });

  it('rotate-password: the station accepts its new key; the old one no longer opens the door', async () => {
    const id = `KEY-${v}`;
    const station = await tlsStation(id);
    const old = station.spec.password;
    const before = await storedHash(id);
    const rotate = await p.api('/v1/commands/rotate-password', { body: { stationId: id } });
    expect(rotate.status).toBe(202);
    expect(rotate.body.params).toEqual({});
    const done = await settle(rotate.body.id);
    expect(done).toMatchObject({ status: 'accepted' });
    // The key itself is nowhere in what the API keeps of the command.
    const key = station.security.key;
    const keyText = Buffer.isBuffer(key) ? key.toString('hex') : key;
    expect(keyText).not.toBe(old);
    expect(JSON.stringify(done)).not.toContain(keyText);
    if (version === '1.6') expect(Buffer.isBuffer(key) && key.length === 20).toBe(true);
    else expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const after = await storedHash(id);
    expect(after.password_hash).not.toBe(before.password_hash);
    expect(after.pending_password_hash).toBeNull();
    expect(await handshake(id, old)).toBe(401);
    await station.close();
    await station.connect();
    expect((await station.boot()).status).toBe('Accepted');
  });

  it('rotate-password rejected by the station: the stored hash is unchanged and the old key still works', async () => {
    const id = `NOKEY-${v}`;
    const station = await tlsStation(id);
    if (version === '1.6') station.rpc.handle('ChangeConfiguration', async () => ({ status: 'Rejected' }));
    else {
      station.rpc.handle('SetVariables', async ({ params }: any) => ({
        setVariableResult: params.setVariableData.map((d: any) => ({ attributeStatus: 'Rejected', component: d.component, variable: d.variable })),
      }));
    }
    const before = await storedHash(id);
    const rotate = await p.api('/v1/commands/rotate-password', { body: { stationId: id } });
    expect(await settle(rotate.body.id)).toMatchObject({ status: 'rejected' });
    expect(await storedHash(id)).toEqual({ password_hash: before.password_hash, pending_password_hash: null });
    expect(await handshake(id, station.spec.password)).toBe(101);
  });
});
