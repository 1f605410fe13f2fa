import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.stop());

/** Plain fetch without any Authorization header. */
const get = (path: string) => fetch(`${p.http}${path}`);

describe('health, metrics and docs (no key needed)', () => {
  it('GET /healthz answers 200 {status: ok}', async () => {
    const r = await get('/healthz');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 with checks.store ok', async () => {
    const r = await get('/readyz');
    expect(r.status).toBe(200);
    const body = (await r.json()) as any;
    expect(body).toMatchObject({ status: 'ready', checks: { store: 'ok' } });
    // The in-process bus has no Redis check.
    expect(Object.keys(body.checks)).toEqual(['store']);
  });

  it('GET /metrics is Prometheus text with the gateway gauge', async () => {
    const r = await get('/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await r.text();
    expect(text).toMatch(/^# HELP ocpp_connected_stations /m);
    expect(text).toMatch(/^# TYPE ocpp_connected_stations gauge/m);
    expect(text).toMatch(/^ocpp_connected_stations(\{[^}]*\})? 0$/m);
  });

  it('GET /docs serves the HTML UI', async () => {
    const r = await get('/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await r.text()).toMatch(/<html/i);
  });

  it('GET /docs/json is an OpenAPI 3 document listing every /v1 path', async () => {
    const r = await get('/docs/json');
    expect(r.status).toBe(200);
    const doc = (await r.json()) as any;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('Xiangjiang Charge Link API');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/v1/agreements',
        '/v1/agreements/{id}',
        '/v1/api-keys',
        '/v1/api-keys/{id}',
        '/v1/availability/stream',
        '/v1/cdrs',
        '/v1/cdrs/{id}',
        '/v1/cdrs/{id}/release',
        '/v1/cdrs/{id}/void',
        '/v1/certificate-authority',
        '/v1/commands/{id}',
        '/v1/commands/{kind}',
        '/v1/disputes',
        '/v1/disputes/{id}',
        '/v1/disputes/{id}/accept',
        '/v1/disputes/{id}/reject',
        '/v1/evses/{id}',
        '/v1/locations',
        '/v1/locations/{id}',
        '/v1/locations/{id}/grid-limit',
        '/v1/locations/{id}/load',
        '/v1/me',
        '/v1/operators',
        '/v1/operators/{id}',
        '/v1/overview',
        '/v1/reports/cities',
        '/v1/reservations',
        '/v1/reservations/{id}',
        '/v1/sessions',
        '/v1/sessions/{id}',
        '/v1/sessions/{id}/priority',
        '/v1/settlements',
        '/v1/settlements/run',
        '/v1/settlements/{id}',
        '/v1/stations',
        '/v1/stations/{id}',
        '/v1/stations/{id}/status-history',
        '/v1/stations/{id}/certificates',
        '/v1/stations/{id}/variables',
        '/v1/stations/{id}/report-on-boot',
        '/v1/stations/{id}/logs',
        '/v1/stations/{id}/logs/{logId}/file',
        '/v1/stations/{id}/events',
        '/uploads/logs/{token}',
        '/v1/tariffs',
        '/v1/tariffs/{id}',
        '/v1/tariffs/{id}/versions',
        '/v1/tariffs/{id}/versions/{version}',
        '/v1/tokens',
        '/v1/tokens/{uid}',
        '/v1/firmware-campaigns',
        '/v1/firmware-campaigns/{id}',
        '/v1/firmware-campaigns/{id}/cancel',
        '/v1/stations/{id}/evses',
        '/v1/stations/{id}/local-list',
        '/v1/stations/{id}/local-list/full-update',
        '/v1/partners',
        '/v1/partners/{id}',
        '/v1/partners/{id}/messages',
        '/evcs/v1/{interface}',
        '/v1/partners/{id}/station-sync',
        '/v1/partners/{id}/charges',
        '/v1/partners/{id}/charges/{ref}',
        '/v1/partners/{id}/charges/{ref}/stop',
        '/v1/partners/order-checks',
      ].sort(),
    );
    expect(Object.keys(doc.paths['/v1/stations/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(Object.keys(doc.paths['/v1/operators']).sort()).toEqual(['get', 'post']);
    // Hidden operational routes stay out of the document.
    expect(doc.paths['/healthz']).toBeUndefined();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/console'))).toEqual([]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
