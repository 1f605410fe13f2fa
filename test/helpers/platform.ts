import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { startPlatform, type Platform } from '../../src/main.js';
import { createTestDatabase } from './services.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface TestPlatform extends Platform {
  readonly http: string;
  readonly ocpp: string;
  /** wss://…/ocpp when the platform runs a TLS listener (env OCPP_TLS_PORT). */
  readonly ocppTls: string | undefined;
  /** The platform's data directory (its generated CA and TLS files live there). */
  readonly dataDir: string;
  /** The PostgreSQL database it runs on (undefined on PGlite): a second node can join it. */
  readonly databaseUrl: string | undefined;
  /** fetch against the API with the admin key. */
  api(path: string, init?: { method?: string; body?: unknown; key?: string | null }): Promise<{ status: number; body: any; headers: Record<string, string> }>;
  stop(): Promise<void>;
}

let template: Promise<Blob> | undefined;

/**
 * An empty, migrated PGlite data directory, made once per run by the global setup: embedded
 * platforms start from it instead of running PGlite's initdb each time (seconds each).
 * startPlatform still runs the migrator on it (finding nothing to do); the migrations themselves
 * are tested on fresh databases (test/integration/store).
 */
function migratedPgliteTemplate(): Promise<Blob> {
  template ??= readFile(inject('pgliteTemplate')).then((bytes) => new Blob([bytes]));
  return template;
}

/**
 * The real platform in this process on ephemeral ports: PGlite (embedded defaults) unless
 * `postgres` is asked for, the in-process bus unless `redisUrl` is given.
 */
export async function startTestPlatform(
  options: { postgres?: boolean; databaseUrl?: string; redisUrl?: string; env?: Record<string, string> } = {},
): Promise<TestPlatform & { databaseUrl: string | undefined }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'xj-platform-'));
  const pgdb = options.postgres && !options.databaseUrl ? await createTestDatabase('xjplat') : undefined;
  const databaseUrl = options.databaseUrl ?? pgdb?.url;
  const config = loadConfig({
    PORT: '0',
    OCPP_PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'silent',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    // Each platform its own Redis keys, unless nodes of one test share them on purpose (env REDIS_PREFIX).
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl, REDIS_PREFIX: `xjtest:${randomBytes(4).toString('hex')}:` } : {}),
    ...options.env,
  });
  const platform = await startPlatform(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), databaseUrl ? {} : { pgliteTemplate: await migratedPgliteTemplate() });
  const http = `http://127.0.0.1:${platform.httpPort}`;
  return {
    ...platform,
    databaseUrl,
    http,
    ocpp: `ws://127.0.0.1:${platform.ocppPort}/ocpp`,
    ocppTls: platform.ocppTlsPort === undefined ? undefined : `wss://127.0.0.1:${platform.ocppTlsPort}/ocpp`,
    dataDir,
    async api(path, init = {}) {
      const key = init.key === undefined ? ADMIN_KEY : init.key;
      const res = await fetch(`${http}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // not JSON
      }
      return { status: res.status, body, headers: Object.fromEntries(res.headers) };
    },
    async stop() {
      await platform.close();
      await rm(dataDir, { recursive: true, force: true });
      await pgdb?.drop();
    },
  };
}

/** One operator, location, station (both passwords known) and tokens, through the admin API. */
export async function provisionBasics(p: TestPlatform, stationIds: string[] = ['CS-1']): Promise<{ password: string }> {
  const password = 'Xq7-kP2_zR9mW4tY-test';
  const must = async (path: string, body: unknown) => {
    const r = await p.api(path, { body });
    if (r.status !== 201 && r.status !== 409) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  await must('/v1/operators', { id: 'OP-T', name: 'Test Operator', roles: ['CPO', 'EMSP'] });
  await must('/v1/locations', { id: 'LOC-T', operatorId: 'OP-T', name: 'Test site', city: 'Zhuzhou', address: 'Test road 1', lat: 27.83, lng: 113.13 });
  for (const id of stationIds) await must('/v1/stations', { id, operatorId: 'OP-T', locationId: 'LOC-T', password });
  await must('/v1/tokens', { uid: 'TAG-OK', operatorId: 'OP-T', status: 'Accepted' });
  await must('/v1/tokens', { uid: 'TAG-BLOCKED', operatorId: 'OP-T', status: 'Blocked' });
  await must('/v1/tokens', { uid: 'TAG-EXPIRED', operatorId: 'OP-T', status: 'Accepted', expiresAt: '2020-01-01T00:00:00Z' });
  return { password };
}
