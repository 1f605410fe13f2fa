import type { FastifyInstance } from 'fastify';
import type pino from 'pino';
import { SqlAgreementRepository } from '../adapters/prisma/agreement.repository.js';
import { SqlCdrRepository } from '../adapters/prisma/cdr.repository.js';
import { SqlPartnerAccessTokens, SqlReplayGuard } from '../adapters/prisma/partner-access.store.js';
import { SqlPartnerStationQueries } from '../adapters/prisma/partner-station.queries.js';
import type { Config } from '../config/index.js';
import type { LiveStatusStore } from '../domain/availability/index.js';
import { QUERY_TOKEN, queryTokenHandler, stationSideHandlers, TcecInbound, tcecRoutes, type InboundHandlers } from '../roaming/tcec/server/index.js';
import type { Clock } from '../shared/clock.js';
import { isAppError } from '../shared/errors.js';
import type { Services } from './services.js';
import type { Store } from './store.js';

/**
 * Our T/CEC 102 endpoints (POST /evcs/{segment}/{interface}) on the API listener: query_token, the
 * station-side interfaces, and `more` (the driver side's notification interfaces).
 */
export async function registerTcecEndpoints(
  app: FastifyInstance,
  config: Config,
  store: Store,
  s: Services,
  live: LiveStatusStore,
  clock: Clock,
  log: pino.Logger,
  more: InboundHandlers = {},
): Promise<void> {
  const sql = store.db.sql;
  const tokens = new SqlPartnerAccessTokens(sql);
  const stationSide = stationSideHandlers({
    catalog: s.availabilityCatalog,
    live,
    queries: new SqlPartnerStationQueries(sql),
    agreements: new SqlAgreementRepository(sql),
    commands: s.commands,
    charges: s.roamingCharges,
    liveCost: (sessionId) => s.cdrs.liveCost(sessionId),
    cdrs: new SqlCdrRepository(sql),
    sessionOfCommand: async (commandId) => (await s.commandRepo.get(commandId))?.sessionId ?? null,
    ensurePartnerToken: async (uid, partnerId) => {
      if (await s.catalog.repo.getToken(uid)) return;
      await s.catalog.repo.createToken({ uid, operatorId: partnerId, type: 'Central', status: 'Accepted', expiresAt: null, groupId: null }).catch((e: unknown) => {
        if (!(isAppError(e) && e.code === 'TOKEN_ALREADY_EXISTS')) throw e;
      });
    },
    serviceTel: config.tcec.serviceTel,
  });
  const inbound = new TcecInbound({
    partners: s.partners.store,
    messages: s.partners.messages,
    tokens,
    replay: new SqlReplayGuard(sql),
    clock,
    handlers: { ...more, ...stationSide, [QUERY_TOKEN]: queryTokenHandler(tokens, config.tcec.tokenSeconds) },
    settings: { timestampWindowSeconds: config.tcec.timestampWindowSeconds },
    onError: (err, iface) => log.error({ err, iface }, 'T/CEC call failed'),
  });
  await app.register(tcecRoutes, { inbound, versionSegment: config.tcec.versionSegment });
}
