import type { Server } from 'node:http';
import type pino from 'pino';
import { LiveStatusReplica } from '../adapters/memory/live-status-replica.js';
import { SqlOverviewSource } from '../adapters/prisma/overview.queries.js';
import { OverviewService } from '../domain/overview/index.js';
import { systemClock } from '../shared/clock.js';
import { buildApp } from '../api/app.js';
import type { Config } from '../config/index.js';
import { AvailabilityService, type LiveStatusStore } from '../domain/availability/index.js';
import type { Bus } from './bus.js';
import type { Closers } from './closers.js';
import type { PlatformMetrics } from './metrics.js';
import type { Services } from './services.js';
import type { Store } from './store.js';
import { registerTcecEndpoints } from './tcec.js';
import type { RoamingDriver } from '../domain/roaming/index.js';
import type { InboundHandlers } from '../roaming/tcec/server/index.js';

/** The HTTP API on its port; answers see master-data changes as this node's outbox tail reads them. */
export async function startApiRole(
  config: Config,
  store: Store,
  bus: Bus,
  s: Services,
  adminApiKey: string,
  metrics: PlatformMetrics,
  log: pino.Logger,
  closers: Closers,
  roaming?: { driver: RoamingDriver; inbound: InboundHandlers; queueOrderChecks(day: string): Promise<number> },
): Promise<{ server: Server; port: number }> {
  // With Redis, searches read an in-process replica of the live state (kept current by the stream).
  let searchLive: LiveStatusStore = bus.liveStatus;
  if (bus.redis) {
    const replica = new LiveStatusReplica(bus.liveStatus, bus.statusEvents);
    await replica.start();
    closers.add(() => replica.stop());
    searchLive = replica;
  }
  const availability = new AvailabilityService(s.availabilityCatalog, searchLive);
  // A location, station, connector or tariff changed on any node: the next answer reads the catalog anew.
  store.tail.on(['catalog.changed', 'tariff.changed'], () => availability.catalogChanged());
  const redis = bus.redis;
  const app = await buildApp(
    {
      catalog: s.catalog,
      availability,
      statusEvents: bus.statusEvents,
      commands: s.commands,
      certificates: s.certificates,
      deviceModel: s.deviceModel,
      stationLogs: s.stationLogs,
      reservations: s.reservations,
      tariffs: s.tariffs,
      smartCharging: s.smartCharging,
      firmwareCampaigns: s.firmwareCampaigns,
      localLists: s.localLists,
      reconciliation: s.reconciliation,
      agreements: s.agreements,
      partners: s.partners,
      roamingDriver: roaming?.driver,
      queueOrderChecks: roaming ? (day: string) => roaming.queueOrderChecks(day) : undefined,
      cdrs: s.cdrs,
      settlements: s.settlements,
      disputes: s.disputes,
      reports: s.reports,
      overview: new OverviewService(new SqlOverviewSource(store.db.sql), bus.presence, searchLive, systemClock),
      stations: s.stationQueries,
      stationEvents: s.stationEvents,
      sessions: s.sessionQueries,
      presence: bus.presence,
      adminApiKey,
      apiKeys: s.apiKeys,
      rateLimitPerMinute: config.rateLimitPerMinute,
      requestCounter: bus.requestCounter,
      readiness: {
        store: async () => (await store.db.sql.query('SELECT 1 AS ok')).length === 1,
        ...(redis ? { bus: async () => (await redis.ping()) === 'PONG' } : {}),
      },
      metrics: { contentType: metrics.registry.contentType, text: () => metrics.registry.metrics() },
      console: config.console,
    },
    { logger: log },
  );
  await registerTcecEndpoints(app, config, store, s, searchLive, systemClock, log, roaming?.inbound);
  await app.listen({ port: config.http.port, host: config.http.host });
  closers.add(() => app.close());
  const port = (app.server.address() as { port: number }).port;
  log.info({ port }, 'HTTP API listening (docs at /docs)');
  return { server: app.server, port };
}
