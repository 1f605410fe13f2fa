import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { visibleOperator } from '../../domain/access/index.js';
import { STATION_EVENT_KINDS } from '../../domain/stations/index.js';
import { AppError } from '../../shared/errors.js';
import type { ApiDeps } from '../deps.js';
import { errorResponses, IdParam } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const EventView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  payload: Type.Unknown({ description: 'What the station sent' }),
  occurredAt: Type.String(),
  receivedAt: Type.String(),
});

/** What stations reported and the platform keeps: security events, display messages, customer information, monitoring reports, … */
export async function stationEventRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  app.get('/v1/stations/:id/events', {
    schema: {
      tags: ['device management'],
      summary: "The station's records, newest first: `kind=SecurityEvent` lists its security events",
      params: IdParam,
      querystring: Type.Object({
        kind: Type.Optional(Type.Enum(STATION_EVENT_KINDS)),
        before: Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$', description: 'nextCursor of the previous page' })),
        limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
      }),
      response: { 200: Type.Object({ items: Type.Array(EventView), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
    },
  }, async (req) => {
    const s = await deps.stations.get(req.params.id);
    const own = visibleOperator(req.principal);
    if (!s || (own !== undefined && s.operatorId !== own)) throw new AppError('STATION_NOT_FOUND', `station ${req.params.id} not found`);
    const items = await deps.stationEvents.list(req.params.id, req.query);
    return { items, nextCursor: items.length === req.query.limit ? items[items.length - 1]!.id : null };
  });
}
