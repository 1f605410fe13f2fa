import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ocppClient } from '../../helpers/ocpp-client.js';
import { provisionBasics, startTestPlatform, type TestPlatform } from '../../helpers/platform.js';

let p: TestPlatform;
let password: string;
beforeAll(async () => {
  p = await startTestPlatform();
  ({ password } = await provisionBasics(p));
});
afterAll(() => p.stop());

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened. */
function handshake(path: string, opts: { user?: string; password?: string; protocols?: string[] } = {}): Promise<{ status: number; protocol?: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (opts.user !== undefined) headers.authorization = `Basic ${Buffer.from(`${opts.user}:${opts.password ?? ''}`).toString('base64')}`;
    const ws = new WebSocket(`${p.ocpp.replace(/\/ocpp$/, '')}${path}`, opts.protocols ?? ['ocpp1.6'], { headers });
    ws.once('open', () => {
      resolve({ status: 101, protocol: ws.protocol });
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', (e) => (e.message.includes('Unexpected server response') ? undefined : reject(e)));
  });
}

describe('OCPP handshake (security profile 1)', () => {
  it('accepts the right password and negotiates the subprotocol', async () => {
    expect(await handshake('/ocpp/CS-1', { user: 'CS-1', password, protocols: ['ocpp1.6'] })).toEqual({ status: 101, protocol: 'ocpp1.6' });
    expect(await handshake('/ocpp/CS-1', { user: 'CS-1', password, protocols: ['ocpp2.0.1'] })).toEqual({ status: 101, protocol: 'ocpp2.0.1' });
    expect((await handshake('/ocpp/CS-1', { user: 'CS-1', password, protocols: ['ocpp1.6', 'ocpp2.0.1'] })).protocol).toBe('ocpp2.0.1');
  });

  it('refuses a wrong password, a missing one, and a username that is not the identity (401)', async () => {
    expect((await handshake('/ocpp/CS-1', { user: 'CS-1', password: 'not-the-password-123' })).status).toBe(401);
    expect((await handshake('/ocpp/CS-1')).status).toBe(401);
    expect((await handshake('/ocpp/CS-1', { user: 'OTHER', password })).status).toBe(401);
  });

  it('refuses an unknown identity and creates nothing', async () => {
    expect((await handshake('/ocpp/GHOST-1', { user: 'GHOST-1', password })).status).toBe(401);
    expect((await p.api('/v1/stations/GHOST-1')).status).toBe(404);
  });

  it('refuses a handshake without a supported subprotocol (400)', async () => {
    expect((await handshake('/ocpp/CS-1', { user: 'CS-1', password, protocols: ['ocpp1.5'] })).status).toBe(400);
    expect((await handshake('/ocpp/CS-1', { user: 'CS-1', password, protocols: [] })).status).toBe(400);
  });

  it('serves OCPP only under /ocpp/{identity}', async () => {
    expect((await handshake('/other/CS-1', { user: 'CS-1', password })).status).toBe(404);
  });
});

describe('auto-registration (opt-in)', () => {
  it('registers an unknown station as Pending and only lets it boot', async () => {
    const q = await startTestPlatform({ env: { OCPP_AUTO_REGISTER: 'true' } });
    try {
      const c = ocppClient({ endpoint: q.ocpp, identity: 'NEW-1', password: 'Fresh-station-key-42', protocols: ['ocpp2.0.1'] });
      await c.connect();
      const boot = (await c.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } })) as { status: string };
      expect(boot.status).toBe('Pending');
      await expect(c.call('Heartbeat', {})).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
      await c.close();
      expect((await q.api('/v1/stations/NEW-1')).body).toMatchObject({ registrationStatus: 'Pending', operatorId: 'UNASSIGNED' });
    } finally {
      await q.stop();
    }
  });
});
