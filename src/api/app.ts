import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { RequestCounter } from '../domain/access/index.js';
import type { ApiDeps } from './deps.js';
import rateLimit from '@fastify/rate-limit';
import { authenticate, KeyCache } from './plugins/auth.js';
import { registerErrorHandler } from './plugins/error-handler.js';
import { registerValidation } from './plugins/validation.js';
import { agreementRoutes } from './routes/agreements.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { cdrRoutes } from './routes/cdrs.js';
import { disputeRoutes } from './routes/disputes.js';
import { reportRoutes } from './routes/reports.js';
import { settlementRoutes } from './routes/settlements.js';
import { availabilityStreamRoutes } from './routes/availability-stream.js';
import { availabilityRoutes } from './routes/availability.js';
import { commandRoutes } from './routes/commands.js';
import { certificateRoutes } from './routes/certificates.js';
import { deviceModelRoutes } from './routes/device-model.js';
import { logUploadRoutes } from './routes/log-uploads.js';
import { stationLogRoutes } from './routes/station-logs.js';
import { stationEventRoutes } from './routes/station-events.js';
import { healthRoutes } from './routes/health.js';
import { locationRoutes } from './routes/locations.js';
import { operatorRoutes } from './routes/operators.js';
import { reservationRoutes } from './routes/reservations.js';
import { sessionRoutes } from './routes/sessions.js';
import { tariffRoutes } from './routes/tariffs.js';
import { stationRoutes } from './routes/stations.js';
import { smartChargingRoutes } from './routes/smart-charging.js';
import { firmwareCampaignRoutes } from './routes/firmware-campaigns.js';
import { localListRoutes } from './routes/local-lists.js';
import { tokenRoutes } from './routes/tokens.js';
import { meRoutes } from './routes/me.js';
import { overviewRoutes } from './routes/overview.js';
import { partnerRoutes } from './routes/partners.js';
import { partnerChargeRoutes } from './routes/partner-charges.js';
import { consoleRoutes } from './console.js';

export interface BuildAppOptions {
  logger?: FastifyBaseLogger | undefined;
}

/** The HTTP API, without listening (tests use app.inject or listen on port 0). */
/** @fastify/rate-limit's store interface over the platform's RequestCounter (one count per key, all routes). */
function counterStore(counter: RequestCounter) {
  return class CounterStore {
    // The plugin passes the window as a third argument (its typings leave it out).
    incr(key: string, done: (err: Error | null, result?: { current: number; ttl: number }) => void, ...rest: unknown[]): void {
      const timeWindow = typeof rest[0] === 'number' ? rest[0] : 60_000;
      counter.hit(key, timeWindow).then(
        (r) => done(null, { current: r.count, ttl: r.resetInMs }),
        (err: unknown) => done(err as Error),
      );
    }

    child(): CounterStore {
      return this;
    }
  };
}

export async function buildApp(deps: ApiDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    // Server-Sent Events keep connections open: shutdown must not wait for subscribers to leave.
    forceCloseConnections: true,
    // Per-request info lines would dominate the log under load; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandler(app);
  registerValidation(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Xiangjiang Charge Link API',
        version: '1',
        description: 'EV charging interconnection platform for Changsha, Zhuzhou and Xiangtan.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(healthRoutes, deps);
  if (deps.console) await app.register(consoleRoutes, deps.console);
  // Stations upload log files here, with the one-time URL's secret instead of an API key.
  await app.register(logUploadRoutes, deps);

  // Everything under /v1 needs the admin key for now; operator keys come with the apps' API.
  await app.register(async (v1) => {
    // onRequest: an anonymous caller learns nothing, not even which fields a body needs.
    const keyCache = new KeyCache();
    v1.addHook('onRequest', authenticate(deps.adminApiKey, deps.apiKeys, keyCache));
    // Per key, counted across every API node (the counter is in Redis when there is one).
    await v1.register(rateLimit, {
      global: true,
      hook: 'preHandler',
      store: counterStore(deps.requestCounter),
      // The counter unreachable: serve rather than refuse everyone (logged by the error path).
      skipOnError: true,
      max: deps.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (req) => (req.principal.kind === 'admin' ? 'admin' : req.principal.keyId),
      allowList: (req) => req.principal.kind === 'admin',
      errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, code: 'RATE_LIMITED', message: `Rate limit of ${ctx.max} requests per minute exceeded; retry in ${ctx.after}` }),
    });
    await v1.register(apiKeyRoutes, { ...deps, keyCache });
    await v1.register(operatorRoutes, deps);
    await v1.register(locationRoutes, deps);
    await v1.register(availabilityRoutes, deps);
    await v1.register(availabilityStreamRoutes, deps);
    await v1.register(stationRoutes, deps);
    await v1.register(tokenRoutes, deps);
    await v1.register(sessionRoutes, deps);
    await v1.register(commandRoutes, deps);
    await v1.register(reservationRoutes, deps);
    await v1.register(tariffRoutes, deps);
    await v1.register(agreementRoutes, deps);
    await v1.register(cdrRoutes, deps);
    await v1.register(settlementRoutes, deps);
    await v1.register(disputeRoutes, deps);
    await v1.register(reportRoutes, deps);
    await v1.register(smartChargingRoutes, deps);
    await v1.register(meRoutes, deps);
    await v1.register(overviewRoutes, deps);
    await v1.register(certificateRoutes, deps);
    await v1.register(firmwareCampaignRoutes, deps);
    await v1.register(localListRoutes, deps);
    await v1.register(deviceModelRoutes, deps);
    await v1.register(stationLogRoutes, deps);
    await v1.register(stationEventRoutes, deps);
    await v1.register(partnerRoutes, deps);
    await v1.register(partnerChargeRoutes, deps);
  });
  return app;
}
