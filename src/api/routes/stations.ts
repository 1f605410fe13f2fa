import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CONNECTOR_STANDARDS, CONNECTOR_STATUSES, listStations, type OcppVersion } from '../../domain/stations/index.js';
import { CITIES, CONNECTOR_FORMATS } from '../../domain/catalog/index.js';
import { AppError } from '../../shared/errors.js';
import { STATION_ID_PATTERN } from '../../shared/ids.js';
import type { ApiDeps } from '../deps.js';
import { IdParam, Identifier, PageQuery, errorResponses } from '../schemas/common.js';
import { visibleOperator } from '../../domain/access/index.js';
import { adminOnly } from '../plugins/auth.js';
import type { TypedApp } from '../typed-app.js';

const StationId = Type.String({ pattern: STATION_ID_PATTERN, description: 'The OCPP identity: 1–48 URL-safe characters' });
const Registration = Type.Union([Type.Literal('Accepted'), Type.Literal('Pending'), Type.Literal('Rejected')]);
const SecurityProfile = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)], {
  description: 'OCPP security profile: 1 HTTP Basic, 2 TLS + HTTP Basic, 3 TLS with a client certificate whose CN is the station id. The station may not connect at a lower one.',
});
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Connector = Type.Object({
  connectorId: Type.Integer(),
  standard: Type.String(),
  format: Type.String({ description: 'CABLE (fixed to the charger) or SOCKET (the driver brings the cable)' }),
  maxPowerKw: Nullable(Type.Number()),
  retiredAt: Nullable(Type.String({ description: 'Retired: kept for its history, no longer offered (availability, starts, T/CEC)' })),
  status: Type.Enum(CONNECTOR_STATUSES),
  ocppStatus: Nullable(Type.String()),
  errorCode: Nullable(Type.String()),
  statusAt: Nullable(Type.String()),
});
const Station = Type.Object({
  id: Type.String(),
  operatorId: Type.String(),
  locationId: Nullable(Type.String()),
  registrationStatus: Type.String(),
  securityProfile: Type.Integer(),
  ocppVersion: Nullable(Type.String()),
  vendor: Nullable(Type.String()),
  model: Nullable(Type.String()),
  serialNumber: Nullable(Type.String()),
  firmwareVersion: Nullable(Type.String()),
  firmwareStatus: Nullable(Type.String()),
  lastBootAt: Nullable(Type.String()),
  lastSeenAt: Nullable(Type.String()),
  maxPowerKw: Nullable(Type.Number({ description: 'The most all its EVSEs may draw together (smart charging keeps their sessions under it)' })),
  online: Type.Boolean(),
  evses: Type.Array(
    Type.Object({ id: Type.String(), evseId: Type.Integer(), maxPowerKw: Nullable(Type.Number()), retiredAt: Nullable(Type.String({ description: 'Retired with all its connectors' })), connectors: Type.Array(Connector) }),
  ),
});
const EvseInput = Type.Object(
  {
    evseId: Type.Integer({ minimum: 1, maximum: 99 }),
    connectors: Type.Array(
      Type.Object(
        {
          connectorId: Type.Integer({ minimum: 1, maximum: 9 }),
          standard: Type.Enum(CONNECTOR_STANDARDS),
          maxPowerKw: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
          format: Type.Optional(Type.Enum(CONNECTOR_FORMATS, { description: 'CABLE (default): fixed to the charger; SOCKET: the driver brings the cable' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 9 },
    ),
  },
  { additionalProperties: false },
);

export async function stationRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['stations'];

  /** An operator key sees its own stations only; another operator's is as good as absent. */
  const view = async (id: string, visibleTo?: string) => {
    const s = await deps.stations.get(id);
    if (!s || (visibleTo !== undefined && s.operatorId !== visibleTo)) throw new AppError('STATION_NOT_FOUND', `station ${id} not found`);
    return { ...s, online: (await deps.presence.ownerOf(id)) !== null };
  };

  app.post('/v1/stations', {
    preHandler: adminOnly,
    schema: {
      tags,
      summary: 'Register a charging station, its OCPP security profile and password',
      description:
        'Connectors normally appear from the station\'s own reports; `evses` may declare them up front. ' +
        '`password` (HTTP Basic) is required at security profiles 1 and 2; a profile 3 station authenticates with its client certificate.',
      body: Type.Object(
        {
          id: StationId,
          operatorId: Identifier,
          locationId: Type.Optional(Identifier),
          password: Type.Optional(Type.String({ minLength: 16, maxLength: 40 })),
          securityProfile: Type.Optional(SecurityProfile),
          registrationStatus: Type.Optional(Registration),
          maxPowerKw: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10_000, description: 'The most all its EVSEs may draw together (power modules shared between guns)' })),
          evses: Type.Optional(Type.Array(EvseInput, { maxItems: 32 })),
        },
        { additionalProperties: false },
      ),
      response: { 201: Station, ...errorResponses },
    },
  }, async (req, reply) => {
    await deps.catalog.createStation(req.body);
    return reply.status(201).send(await view(req.body.id));
  });

  app.get('/v1/stations', {
    schema: {
      tags,
      summary: 'Stations by id, with search and filters (an operator key sees its own only)',
      description: 'With `online`, a page may hold fewer than `limit` stations (online is live state, not in the store); follow nextCursor.',
      querystring: Type.Object(
        {
          ...PageQuery,
          operatorId: Type.Optional(Identifier),
          locationId: Type.Optional(Identifier),
          city: Type.Optional(Type.Enum(CITIES)),
          ocppVersion: Type.Optional(Type.Enum(['1.6', '2.0.1'])),
          online: Type.Optional(Type.Boolean()),
          faulted: Type.Optional(Type.Boolean({ description: 'true: a connector is FAULTED now; false: none is' })),
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the id, vendor, model, serial number or location name' })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(Station), nextCursor: Nullable(Type.String()) }), ...errorResponses },
    },
  }, async (req) => {
    const own = visibleOperator(req.principal);
    const q = req.query;
    return listStations(deps.stations, deps.presence, { ...q, ocppVersion: q.ocppVersion as OcppVersion | undefined, ...(own ? { operatorId: own } : {}) });
  });

  app.get('/v1/stations/:id', { schema: { tags, params: IdParam, response: { 200: Station, ...errorResponses } } }, async (req) =>
    view(req.params.id, visibleOperator(req.principal)),
  );

  app.get('/v1/stations/:id/status-history', {
    schema: {
      tags,
      summary: "The station's connector status reports, newest first",
      params: IdParam,
      querystring: Type.Object(
        {
          before: Type.Optional(Type.String({ format: 'date-time', description: 'Older than this (the last item\'s occurredAt, for the next page)' })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
        },
        { additionalProperties: false },
      ),
      response: {
        200: Type.Object({
          items: Type.Array(
            Type.Object({
              evseId: Type.Integer(),
              connectorId: Type.Integer(),
              status: Type.Enum(CONNECTOR_STATUSES),
              ocppStatus: Type.String({ description: 'As the station said it' }),
              errorCode: Nullable(Type.String()),
              info: Nullable(Type.String()),
              occurredAt: Type.String(),
            }),
          ),
        }),
        ...errorResponses,
      },
    },
  }, async (req) => {
    await view(req.params.id, visibleOperator(req.principal));
    const before = req.query.before ? new Date(req.query.before) : undefined;
    return { items: await deps.stations.statusHistory(req.params.id, { before, limit: req.query.limit }) };
  });

  app.patch('/v1/stations/:id', {
    preHandler: adminOnly,
    schema: {
      tags,
      params: IdParam,
      body: Type.Object(
        {
          operatorId: Type.Optional(Identifier),
          locationId: Type.Optional(Nullable(Identifier)),
          password: Type.Optional(Type.String({ minLength: 16, maxLength: 40 })),
          securityProfile: Type.Optional(SecurityProfile),
          registrationStatus: Type.Optional(Registration),
          maxPowerKw: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 10_000, description: 'null: no station-wide limit' }))),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
      response: { 200: Station, ...errorResponses },
    },
  }, async (req) => {
    await deps.catalog.updateStation(req.params.id, req.body);
    return view(req.params.id);
  });

  app.put('/v1/stations/:id/evses', {
    preHandler: adminOnly,
    schema: {
      tags,
      summary: "Set the station's EVSEs and connectors to this full list",
      description:
        'Connectors named are added or updated (standard, format, power); a retired one named again is back in service. ' +
        'One left out is retired when sessions, CDRs, roaming charges or reservations name it (kept for that history, ' +
        'no longer offered: not in availability, not startable, not in T/CEC station info), deleted when nothing does. ' +
        'An EVSE left out goes the same way with its connectors. The answer says which connectors went which way.',
      params: IdParam,
      body: Type.Object({ evses: Type.Array(EvseInput, { maxItems: 32 }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          added: Type.Array(Type.String(), { description: '"evseId/connectorId"' }),
          changed: Type.Array(Type.String()),
          restored: Type.Array(Type.String()),
          retired: Type.Array(Type.String()),
          deleted: Type.Array(Type.String()),
          station: Station,
        }),
        ...errorResponses,
      },
    },
  }, async (req) => {
    const changes = await deps.catalog.setStationEvses(req.params.id, req.body.evses);
    return { ...changes, station: await view(req.params.id) };
  });

  app.delete('/v1/stations/:id', {
    preHandler: adminOnly,
    schema: {
      tags,
      summary: 'Delete a station nothing refers to',
      description:
        'Refused with 409 STATION_IN_USE (details.referencedBy) while sessions, CDRs, roaming charges, reservations or firmware campaigns ' +
        'name the station: retire its EVSEs instead (PUT /v1/stations/{id}/evses with an empty list), which keeps that history.',
      params: IdParam,
      response: { 204: Type.Null(), ...errorResponses },
    },
  }, async (req, reply) => {
    await deps.catalog.repo.deleteStation(req.params.id);
    return reply.status(204).send(null);
  });
}
