/**
 * Composition root: the only module that imports across layers. Reads config, opens the store and
 * the bus, builds the domain services, and starts the roles this process runs (gateway, api, jobs).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import client from 'prom-client';
import { SqlTokenLookup } from './adapters/prisma/token.lookup.js';
import { PrismaCatalogRepository } from './adapters/prisma/catalog.repository.js';
import { openDatabase, type Database, type SqlConnection } from './adapters/prisma/database.js';
import { GroupCommit } from './adapters/prisma/group-commit.js';
import { migrate } from './adapters/prisma/migrator.js';
import { PrismaSessionQueries, PrismaStationQueries } from './adapters/prisma/queries.js';
import { SqlApiKeyRepository } from './adapters/prisma/api-key.repository.js';
import { SqlCommandRepository } from './adapters/prisma/command.repository.js';
import { SqlSessionRepository } from './adapters/prisma/session.repository.js';
import { SqlStationRepository } from './adapters/prisma/station.repository.js';
import { MemoryCommandDispatcher } from './adapters/memory/command-dispatch.js';
import { LiveStatusReplica } from './adapters/memory/live-status-replica.js';
import { MemoryRequestCounter } from './adapters/memory/request-counter.js';
import { RedisRequestCounter } from './adapters/redis/request-counter.js';
import { MemoryJobLock } from './adapters/memory/job-lock.js';
import { MemoryLiveStatus } from './adapters/memory/live-status.js';
import { MemoryPresence } from './adapters/memory/presence.js';
import { MemoryStatusEventBus } from './adapters/memory/status-event-bus.js';
import { SqlAvailabilityCatalog } from './adapters/prisma/availability.catalog.js';
import { SqlReservationRepository } from './adapters/prisma/reservation.repository.js';
import { SqlTariffRepository } from './adapters/prisma/tariff.repository.js';
import { ReservationService } from './domain/reservations/index.js';
import { TariffService } from './domain/tariffs/index.js';
import { connectRedis, type Redis } from './adapters/redis/client.js';
import { RedisCommandDispatcher } from './adapters/redis/command-dispatch.js';
import { RedisJobLock } from './adapters/redis/job-lock.js';
import { RedisLiveStatus } from './adapters/redis/live-status.js';
import { RedisPresence } from './adapters/redis/presence.js';
import { RedisStatusEventBus } from './adapters/redis/status-event-bus.js';
import { buildApp } from './api/app.js';
import { ConfigError, loadConfig, type Config } from './config/index.js';
import { AuthorizationService } from './domain/authorization/index.js';
import {
  AvailabilityService,
  LiveStatusPublisher,
  type LiveStatusStore,
  type StatusEventBus,
} from './domain/availability/index.js';
import { CatalogService } from './domain/catalog/index.js';
import { CommandService } from './domain/commands/index.js';
import { SessionService } from './domain/sessions/index.js';
import { StationService, type StationPresence } from './domain/stations/index.js';
import { expireCommandsJob } from './jobs/expire-commands.job.js';
import { expireReservationsJob } from './jobs/expire-reservations.job.js';
import { Scheduler } from './jobs/scheduler.js';
import { OcppGateway, type GatewayMetrics } from './ocpp/gateway.js';
import { seedDemo } from './seed/seed-demo.js';
import { systemClock } from './shared/clock.js';
import type { Logger } from './shared/logger.js';

export interface Platform {
  readonly config: Config;
  readonly httpPort: number | undefined;
  readonly ocppPort: number | undefined;
  readonly adminApiKey: string;
  /** The store's SQL surface, for tools and tests that inspect it. */
  readonly sql: SqlConnection | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Run migrations + seed, then stop (npm run seed). */
  seedOnly?: boolean;
  /** Embedded store: start a new database from this PGlite data directory (tests; see openDatabase). */
  pgliteTemplate?: Blob | undefined;
}

function createMetrics(): { registry: client.Registry; gateway: GatewayMetrics } {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const calls = new client.Histogram({
    name: 'ocpp_inbound_call_seconds',
    help: 'Time to handle an inbound OCPP call, until its data is durable',
    labelNames: ['action', 'protocol', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const connected = new client.Gauge({ name: 'ocpp_connected_stations', help: 'Stations connected to this node', registers: [registry] });
  const rejected = new client.Counter({ name: 'ocpp_rejected_upgrades_total', help: 'Refused OCPP handshakes', labelNames: ['reason'], registers: [registry] });
  return {
    registry,
    gateway: {
      call: (action, protocol, seconds, outcome) => calls.observe({ action, protocol, outcome }, seconds),
      connections: (n) => connected.set(n),
      rejectedUpgrade: (reason) => rejected.inc({ reason }),
    },
  };
}

/** The admin key: from ADMIN_API_KEY, or generated once and kept in DATA_DIR (never a fixed default). */
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

export async function startPlatform(config: Config, log: pino.Logger, options: StartOptions = {}): Promise<Platform> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch((err: unknown) => log.error({ err }, 'shutdown step failed'));
  };
  try {
    const db: Database = await openDatabase({
      databaseUrl: config.store.databaseUrl,
      dataDir: join(config.store.dataDir, 'pglite'),
      poolSize: config.store.poolSize,
      pgliteTemplate: options.pgliteTemplate,
    });
    closers.push(() => db.close());
    const applied = await migrate(db.sql);
    log.info({ store: db.kind, applied }, 'store ready');

    let redis: Redis | undefined;
    if (config.bus.redisUrl) {
      const r = await connectRedis(config.bus.redisUrl);
      redis = r;
      closers.push(async () => void (await r.quit()));
    }
    const k = config.bus.keyPrefix;
    const presence: StationPresence = redis ? new RedisPresence(redis, `${k}presence:`) : new MemoryPresence();
    const liveStatus: LiveStatusStore = redis ? new RedisLiveStatus(redis, `${k}live:`) : new MemoryLiveStatus();
    const statusEvents: StatusEventBus = redis ? new RedisStatusEventBus(redis, { key: `${k}status-events` }) : new MemoryStatusEventBus();

    // One transaction at a time on PGlite (a single connection); several on PostgreSQL, leaving
    // connections for reads. Small batches spread over several connections keep latency low.
    const gc = new GroupCommit(db.sql, {
      maxBatch: db.kind === 'pglite' ? 256 : config.store.writeBatchMax,
      maxConcurrent: db.kind === 'pglite' ? 1 : Math.min(config.store.writeConcurrency, config.store.poolSize - 2),
    });
    closers.push(() => gc.drained());
    const stationRepo = new SqlStationRepository(db.sql, gc);
    closers.push(() => stationRepo.close());
    const catalogRepo = new PrismaCatalogRepository(db.prisma);
    const catalog = new CatalogService(catalogRepo);
    const auth = new AuthorizationService(new SqlTokenLookup(db.sql), systemClock);
    const stations = new StationService(stationRepo, systemClock, {
      heartbeatIntervalSec: config.ocpp.heartbeatIntervalSec,
      autoRegister: config.ocpp.autoRegister,
      live: new LiveStatusPublisher(liveStatus, statusEvents),
    });
    const commandRepo = new SqlCommandRepository(db.sql);
    const sessions = new SessionService(new SqlSessionRepository(db.sql, gc), auth, systemClock, commandRepo);
    const redisDispatch = redis ? new RedisCommandDispatcher(redis, presence, `${k}node:`) : undefined;
    const memoryDispatch = new MemoryCommandDispatcher();
    closers.push(async () => redisDispatch?.close());
    const commands = new CommandService(commandRepo, commandRepo, redisDispatch ?? memoryDispatch, systemClock);
    const reservations = new ReservationService(
      new SqlReservationRepository(db.sql),
      { release: (stationId, evseNo, at) => stations.releaseReserved(stationId, evseNo, at) },
      systemClock,
    );

    const tariffs = new TariffService(new SqlTariffRepository(db.sql), catalog);

    if (config.seedDemo || options.seedOnly) {
      const secret = await secretFile(config, 'seed-secret', undefined);
      const r = await seedDemo(catalog, tariffs, config.store.dataDir, secret);
      log.info(r, 'demo data loaded');
    }
    const adminApiKey = await secretFile(config, 'admin-api-key', config.adminApiKey);
    if (!config.adminApiKey) log.info({ file: join(config.store.dataDir, 'admin-api-key') }, 'ADMIN_API_KEY not set: generated one');
    if (options.seedOnly) {
      await close();
      return { config, httpPort: undefined, ocppPort: undefined, adminApiKey, sql: undefined, close: async () => {} };
    }

    const metrics = createMetrics();
    let httpServer: Server | undefined;
    let httpPort: number | undefined;
    if (config.roles.includes('api')) {
      // With Redis, searches read an in-process replica of the live state (kept current by the stream).
      let searchLive: LiveStatusStore = liveStatus;
      if (redis) {
        const replica = new LiveStatusReplica(liveStatus, statusEvents);
        await replica.start();
        closers.push(() => replica.stop());
        searchLive = replica;
      }
      const app = await buildApp(
        {
          catalog,
          availability: new AvailabilityService(new SqlAvailabilityCatalog(db.sql), searchLive),
          statusEvents,
          commands,
          reservations,
          tariffs,
          stations: new PrismaStationQueries(db.prisma),
          sessions: new PrismaSessionQueries(db.prisma),
          presence,
          adminApiKey,
          apiKeys: new SqlApiKeyRepository(db.sql),
          rateLimitPerMinute: config.rateLimitPerMinute,
          requestCounter: redis ? new RedisRequestCounter(redis, `${k}rate:`) : new MemoryRequestCounter(),
          readiness: {
            store: async () => (await db.sql.query('SELECT 1 AS ok')).length === 1,
            ...(redis ? { bus: async () => (await redis.ping()) === 'PONG' } : {}),
          },
          metrics: { contentType: metrics.registry.contentType, text: () => metrics.registry.metrics() },
        },
        { logger: log },
      );
      await app.listen({ port: config.http.port, host: config.http.host });
      httpServer = app.server;
      httpPort = (app.server.address() as { port: number }).port;
      closers.push(() => app.close());
      log.info({ port: httpPort }, 'HTTP API listening (docs at /docs)');
    }

    let ocppPort: number | undefined;
    if (config.roles.includes('gateway')) {
      const gateway = new OcppGateway({
        services: { stations, sessions, reservations },
        commands: commandRepo,
        onCommandAccepted: (c) => reservations.commandAccepted(c),
        presence,
        nodeId: config.nodeId,
        log: log.child({ component: 'ocpp' }) as Logger,
        maxPayloadBytes: config.ocpp.maxPayloadBytes,
        callTimeoutMs: config.ocpp.callTimeoutMs,
        heartbeatIntervalSec: config.ocpp.heartbeatIntervalSec,
        metrics: metrics.gateway,
        onTakeover: redisDispatch ? (node, stationId) => redisDispatch.takeover(node, stationId) : undefined,
      });
      if (httpServer && config.ocpp.port === config.http.port) {
        gateway.attach(httpServer);
        ocppPort = httpPort;
      } else {
        const server = await gateway.listen(config.ocpp.port, config.http.host);
        ocppPort = (server.address() as { port: number }).port;
      }
      // Commands submitted on any node reach the station wherever its socket is.
      if (redisDispatch) {
        await redisDispatch.listen(config.nodeId, { commands: (id) => gateway.kick(id), evict: (id) => void gateway.evict(id) });
      }
      else memoryDispatch.listen((stationId) => gateway.kick(stationId));
      // Sockets close first, so no station message arrives while the store shuts down.
      closers.push(() => gateway.close());
      log.info({ port: ocppPort, path: '/ocpp/{stationIdentity}' }, 'OCPP gateway listening');
    }
    if (config.roles.includes('jobs')) {
      const scheduler = new Scheduler(redis ? new RedisJobLock(redis, `${k}job:`) : new MemoryJobLock(), config.nodeId, log.child({ component: 'jobs' }) as Logger);
      scheduler.start([expireCommandsJob(commands), expireReservationsJob(reservations)]);
      closers.push(() => scheduler.stop());
    }
    return { config, httpPort, ocppPort, adminApiKey, sql: db.sql, close };
  } catch (e) {
    await close();
    throw e;
  }
}

async function cli(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { role: { type: 'string' }, seed: { type: 'boolean' } },
    allowPositionals: true,
  });
  let config: Config;
  try {
    config = loadConfig(process.env, { role: values.role, seed: values.seed });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = pino({ level: config.logLevel, redact: ['req.headers.authorization', '*.password', 'password'] });
  const seedOnly = positionals[0] === 'seed';
  const platform = await startPlatform(config, log, { seedOnly });
  if (seedOnly) return;
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'closing after an error');
    else log.info({ signal }, 'shutting down');
    await platform.close();
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
