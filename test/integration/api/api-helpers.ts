import { RPCClient } from 'ocpp-rpc';
import { expect } from 'vitest';
import WebSocket from 'ws';
import type { TestPlatform } from '../../helpers/platform.js';

/** A station password that passes the length and "not predictable" rules. */
export const PASSWORD = 'Xq7-kP2_zR9mW4tY-api1';
export const PASSWORD_2 = 'Zt5_nM8-qW3eR6yU-api2';

export type Api = TestPlatform['api'];

/** The error envelope every 4xx/5xx uses. */
export function expectError(r: { status: number; body: any }, status: number, code?: string, field?: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(typeof r.body?.code).toBe('string');
  expect(typeof r.body?.message).toBe('string');
  if (code !== undefined) expect(r.body.code).toBe(code);
  if (field !== undefined) expect(r.body.details?.field).toBe(field);
}

/** POST that must succeed with 201; returns the body. */
export async function create(p: TestPlatform, path: string, body: unknown): Promise<any> {
  const r = await p.api(path, { body });
  if (r.status !== 201) throw new Error(`POST ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export const operator = (id: string, roles: string[] = ['CPO']) => ({ id, name: `Operator ${id}`, roles });
export const location = (id: string, operatorId: string, city = 'Changsha') => ({
  id,
  operatorId,
  name: `Site ${id}`,
  city,
  address: `${id} Furong Road`,
  lat: 28.19,
  lng: 112.97,
});

/**
 * Follows nextCursor with a small limit; returns every item's key in page order and the number
 * of pages. Fails if a page is larger than the limit.
 */
export async function walk(p: TestPlatform, path: string, limit: number, key: (x: any) => string): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const r = await p.api(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.items.length).toBeLessThanOrEqual(limit);
    keys.push(...r.body.items.map(key));
    cursor = r.body.nextCursor;
    pages++;
    if (pages > 200) throw new Error('pagination does not end');
  } while (cursor);
  return { keys, pages };
}

/** Resolves with the HTTP status of the OCPP upgrade: 101 when the socket opened, else the refusal status. */
export function handshakeStatus(p: TestPlatform, identity: string, password: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const auth = `Basic ${Buffer.from(`${identity}:${password}`).toString('base64')}`;
    const ws = new WebSocket(`${p.ocpp}/${identity}`, ['ocpp1.6'], { headers: { authorization: auth } });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', (e) => (e.message.includes('Unexpected server response') ? undefined : reject(e)));
  });
}

/** An OCPP 1.6 charge point, connected and booted. */
export async function bootStation(p: TestPlatform, identity: string, password = PASSWORD): Promise<RPCClient> {
  const options = { endpoint: p.ocpp, identity, password, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  // ocpp-rpc's typings mark every option required although the constructor fills in defaults.
  const c = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  await c.connect();
  const boot = (await c.call('BootNotification', { chargePointVendor: 'XJ', chargePointModel: 'AC7' })) as { status: string };
  expect(boot.status).toBe('Accepted');
  return c;
}

/** Polls fn until it returns true (or fails after timeoutMs). */
export async function eventually(fn: () => Promise<boolean>, timeoutMs = 3_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await fn()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const online = async (p: TestPlatform, id: string): Promise<boolean> => (await p.api(`/v1/stations/${id}`)).body.online === true;
