import type { FastifyInstance } from 'fastify';
import type pino from 'pino';
import { SqlPartnerAccessTokens, SqlReplayGuard } from '../adapters/prisma/partner-access.store.js';
import type { Config } from '../config/index.js';
import { QUERY_TOKEN, queryTokenHandler, TcecInbound, tcecRoutes } from '../roaming/tcec/server/index.js';
import type { Clock } from '../shared/clock.js';
import type { Services } from './services.js';
import type { Store } from './store.js';

/** Our T/CEC 102 endpoints (POST /evcs/{segment}/{interface}) on the API listener. */
export async function registerTcecEndpoints(app: FastifyInstance, config: Config, store: Store, s: Services, clock: Clock, log: pino.Logger): Promise<void> {
  const tokens = new SqlPartnerAccessTokens(store.db.sql);
  const inbound = new TcecInbound({
    partners: s.partners.store,
    messages: s.partners.messages,
    tokens,
    replay: new SqlReplayGuard(store.db.sql),
    clock,
    handlers: {
      [QUERY_TOKEN]: queryTokenHandler(tokens, config.tcec.tokenSeconds),
    },
    settings: { timestampWindowSeconds: config.tcec.timestampWindowSeconds },
    onError: (err, iface) => log.error({ err, iface }, 'T/CEC call failed'),
  });
  await app.register(tcecRoutes, { inbound, versionSegment: config.tcec.versionSegment });
}
