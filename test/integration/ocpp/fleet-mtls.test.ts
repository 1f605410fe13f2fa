import { afterAll, beforeAll, expect, it } from 'vitest';
import { runFleet, type FleetHandle } from '../../../simulators/fleet.js';
import { ADMIN_KEY, startTestPlatform, type TestPlatform } from '../../helpers/platform.js';

/** The demo fleet on security profile 3: each station enrols for a certificate, then runs on it alone. */
let p: TestPlatform;
let fleet: FleetHandle | undefined;
beforeAll(async () => {
  p = await startTestPlatform({ env: { OCPP_TLS_PORT: '0' } });
});
afterAll(async () => {
  await fleet?.stop();
  await p.stop();
});

it('stations of both versions get certificates from the platform CA and reconnect at profile 3', async () => {
  const ca = (await p.api('/v1/certificate-authority')).body.certificate as string;
  fleet = await runFleet({
    ocppUrl: p.ocppTls!,
    apiUrl: p.http,
    adminKey: ADMIN_KEY,
    source: 'generate',
    provision: true,
    count: 2,
    v16Fraction: 0.5,
    idPrefix: 'MTLS-',
    sessionRatePerSec: 0,
    tls: { ca },
    mtls: true,
  });
  await fleet.ready;
  expect(fleet.stats.lastErrors).toEqual([]);
  expect(new Set(fleet.stations.map((s) => s.spec.ocppVersion))).toEqual(new Set(['1.6', '2.0.1']));
  for (const s of fleet.stations) {
    expect(s.security.hasClientCertificate).toBe(true);
    let view: any;
    for (let i = 0; i < 100; i++) {
      view = (await p.api(`/v1/stations/${s.id}`)).body;
      if (view.online && s.bootResult?.status === 'Accepted') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(view).toMatchObject({ securityProfile: 3, online: true });
    expect((await p.api(`/v1/stations/${s.id}/certificates`)).body.items).toMatchObject([{ status: 'issued' }]);
  }
});
