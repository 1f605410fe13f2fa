import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { visibleOperator } from '../../domain/access/index.js';
import { RESERVATION_STATUSES, type Reservation, type ReservationStatus } from '../../domain/reservations/index.js';
import type { ApiDeps } from '../deps.js';
import { IdParam, Identifier, PageQuery, errorResponses, Nullable } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const ReservationBody = Type.Object({
  id: Type.String({ description: 'The reserve command that made it (POST /v1/commands/reserve)' }),
  stationId: Type.String(),
  reservationId: Type.Integer({ description: 'OCPP reservationId: what cancel-reservation takes' }),
  evseId: Nullable(Type.Integer({ description: 'null: any EVSE of the station' })),
  idToken: Type.String(),
  requestedBy: Type.String({ description: 'Operator whose key reserved (or "admin")' }),
  status: Type.Enum(RESERVATION_STATUSES),
  expiresAt: Type.String(),
  createdAt: Type.String(),
  endedAt: Nullable(Type.String()),
});

const view = (r: Reservation) => ({
  id: r.commandId,
  stationId: r.stationId,
  reservationId: r.reservationId,
  evseId: r.evseNo,
  idToken: r.idToken,
  requestedBy: r.requestedBy,
  status: r.status,
  expiresAt: r.expiresAt.toISOString(),
  createdAt: r.createdAt.toISOString(),
  endedAt: r.endedAt?.toISOString() ?? null,
});

/** Reservations stations accepted, for the apps that made them and the operators whose stations hold them. */
export async function reservationRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['reservations'];

  app.get('/v1/reservations', {
    schema: {
      tags,
      summary: 'Reservations, newest first (an operator sees those at its stations and those it made)',
      querystring: Type.Object(
        { ...PageQuery, stationId: Type.Optional(Identifier), status: Type.Optional(Type.Enum(RESERVATION_STATUSES)) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(ReservationBody), nextCursor: Nullable(Type.String()) }), ...errorResponses },
    },
  }, async (req) => {
    const q = req.query;
    const page = await deps.reservations.list({
      stationId: q.stationId,
      status: q.status as ReservationStatus | undefined,
      visibleTo: visibleOperator(req.principal),
      cursor: q.cursor,
      limit: q.limit,
    });
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  });

  app.get('/v1/reservations/:id', {
    schema: { tags, params: IdParam, response: { 200: ReservationBody, ...errorResponses } },
  }, async (req) => view(await deps.reservations.get(req.params.id, visibleOperator(req.principal))));
}
