import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type pino from 'pino';
import { OutboxRunner } from '../adapters/prisma/outbox-runner.js';
import type { SqlConnection } from '../adapters/prisma/database.js';
import type { Config } from '../config/index.js';
import { seedDemo } from '../seed/seed-demo.js';
import { systemClock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { startApiRole } from './api-role.js';
import { openBus } from './bus.js';
import { Closers } from './closers.js';
import { durableConsumers } from './consumers.js';
import { startGatewayRole } from './gateway-role.js';
import { startJobsRole } from './jobs-role.js';
import { startTcecPushes } from './tcec-pushes.js';
import { createMetrics } from './metrics.js';
import { buildServices } from './services.js';
import { openStore } from './store.js';
import { openPki } from './pki.js';
import { openPartnerSecrets } from './partner-secrets.js';

export interface Platform {
  readonly config: Config;
  readonly httpPort: number | undefined;
  readonly ocppPort: number | undefined;
  /** The TLS listener of the gateway (security profiles 2 and 3), when OCPP_TLS_PORT is set. */
  readonly ocppTlsPort: number | undefined;
  readonly adminApiKey: string;
  /** The store's SQL surface, for tools and tests that inspect it. */
  readonly sql: SqlConnection | undefined;
  /** Until every outbox consumer of this node handled what was committed before the call. */
  drainEvents(): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Run migrations + seed, then stop (npm run seed). */
  seedOnly?: boolean;
  /** Embedded store: start a new database from this PGlite data directory (tests; see openDatabase). */
  pgliteTemplate?: Blob | undefined;
}

/** A secret: from the environment, or generated once and kept in DATA_DIR (never a fixed default). */
async function secretFile(config: Config, name: string, given: string | undefined): Promise<string> {
  if (given) return given;
  const path = join(config.store.dataDir, name);
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    const key = randomBytes(24).toString('base64url');
    await mkdir(config.store.dataDir, { recursive: true });
    await writeFile(path, `${key}\n`, { mode: 0o600 });
    return key;
  }
}

/** Opens the store and the bus, builds the services, and starts the roles this process runs. */
export async function startPlatform(config: Config, log: pino.Logger, options: StartOptions = {}): Promise<Platform> {
  const closers = new Closers();
  const close = () => closers.closeAll((err: unknown) => log.error({ err }, 'shutdown step failed'));
  const logger = log as unknown as Logger;
  try {
    const store = await openStore(config, logger, closers, options.pgliteTemplate);
    const bus = await openBus(config, closers);
    const ca = await openPki(config, logger);
    const services = buildServices(config, store, bus, systemClock, closers, ca, await openPartnerSecrets(config, logger));

    if (config.seedDemo || options.seedOnly) {
      const secret = await secretFile(config, 'seed-secret', undefined);
      const r = await seedDemo(services.catalog, services.tariffs, services.agreements, config.store.dataDir, secret);
      log.info(r, 'demo data loaded');
    }
    const adminApiKey = await secretFile(config, 'admin-api-key', config.adminApiKey);
    if (!config.adminApiKey) log.info({ file: join(config.store.dataDir, 'admin-api-key') }, 'ADMIN_API_KEY not set: generated one');
    if (options.seedOnly) {
      await close();
      return { config, httpPort: undefined, ocppPort: undefined, ocppTlsPort: undefined, adminApiKey, sql: undefined, drainEvents: async () => {}, close: async () => {} };
    }

    const tcecPushes = startTcecPushes(config, services, store.db.sql, systemClock, logger, closers);
    // The node's tail reads the outbox for all of them: one read per tick, not one per consumer
    // (a dozen consumers polling cost PostgreSQL a share of every gateway call).
    const runner = new OutboxRunner(store.outbox, durableConsumers(services, tcecPushes.consumers), { owner: config.nodeId, log: logger.child({ component: 'outbox' }), idleMs: 2_000 });
    store.tail.onRead((window) => runner.offer(window));
    runner.start();
    store.follow(() => runner.catchUp(1_000));
    closers.add(() => runner.stop());

    const metrics = createMetrics();
    let httpServer: Server | undefined;
    let httpPort: number | undefined;
    if (config.roles.includes('api')) {
      ({ server: httpServer, port: httpPort } = await startApiRole(config, store, bus, services, adminApiKey, metrics, log, closers, { driver: tcecPushes.driver, inbound: tcecPushes.driverInbound, queueOrderChecks: tcecPushes.queueOrderChecks }));
      if (!config.uploads.publicUrl) services.uploadBase.url = services.uploadBase.url.replace(/:\d+$/, `:${httpPort}`);
    }
    const gateway = config.roles.includes('gateway') ? await startGatewayRole(config, bus, services, ca, metrics, logger, closers, httpServer) : undefined;
    if (config.roles.includes('jobs')) startJobsRole(config, store, bus, services, logger, closers, tcecPushes.jobs);
    return { config, httpPort, ocppPort: gateway?.port, ocppTlsPort: gateway?.tlsPort, adminApiKey, sql: store.db.sql, drainEvents: () => runner.drain(), close };
  } catch (e) {
    await close();
    throw e;
  }
}
