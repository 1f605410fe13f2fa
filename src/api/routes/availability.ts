import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CONNECTOR_STANDARDS } from '../../domain/stations/index.js';
import { CITIES } from '../../domain/catalog/index.js';
import { AppError } from '../../shared/errors.js';
import { fromClient, toClient, type CoordSystem } from '../coords.js';
import { LocationJson } from '../location-json.js';
import type { ApiDeps } from '../deps.js';
import { Evse, Location, LocationPage } from '../schemas/availability.js';
import { IdParam, Identifier, errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const Coords = Type.Optional(Type.Enum(['wgs84', 'gcj02'], { default: 'wgs84', description: 'Coordinate system of lat/lng in and out' }));

function decodeAfter(cursor: string | undefined): { distanceKm: number; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'number' && Number.isFinite(v[0]) && typeof v[1] === 'string') return { distanceKm: v[0], id: v[1] };
  } catch {
    // fall through
  }
  throw new AppError('INVALID_CURSOR', 'cursor is not one this API issued', { field: 'cursor' });
}

/** Drivers' apps: where is a free connector near me, of my plug type and power, right now. */
export async function availabilityRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['availability'];
  const json = new LocationJson();

  app.get('/v1/locations', {
    schema: {
      tags,
      summary: 'Search locations with live connector status, nearest first',
      querystring: Type.Object(
        {
          lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
          lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
          radiusKm: Type.Number({ exclusiveMinimum: 0, maximum: 500, default: 10 }),
          city: Type.Optional(Type.Enum(CITIES)),
          operator: Type.Optional(Identifier),
          operatorId: Type.Optional(Identifier),
          standard: Type.Optional(Type.Array(Type.Enum(CONNECTOR_STANDARDS), { description: 'One or more, e.g. standard=GBT_DC&standard=CCS2' })),
          minPowerKw: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
          availableOnly: Type.Boolean({ default: false }),
          coords: Coords,
          cursor: Type.Optional(Type.String({ maxLength: 512 })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 20 }),
        },
        { additionalProperties: false },
      ),
      response: { 200: LocationPage, ...errorResponses },
    },
  }, async (req, reply) => {
    const q = req.query;
    if ((q.lat === undefined) !== (q.lng === undefined)) {
      throw new AppError('VALIDATION_FAILED', 'lat and lng go together', { field: q.lat === undefined ? 'lat' : 'lng' });
    }
    const system = (q.coords ?? 'wgs84') as CoordSystem;
    const centre = q.lat !== undefined && q.lng !== undefined ? fromClient({ lat: q.lat, lng: q.lng }, system) : undefined;
    const r = await deps.availability.search({
      near: centre ? { ...centre, radiusKm: q.radiusKm } : undefined,
      city: q.city,
      operatorId: q.operator ?? q.operatorId,
      standards: q.standard,
      minPowerKw: q.minPowerKw,
      availableOnly: q.availableOnly,
      after: decodeAfter(q.cursor),
      limit: q.limit,
    });
    const last = r.items[r.items.length - 1];
    const nextCursor = r.hasMore && last ? Buffer.from(JSON.stringify([last.distanceKm ?? 0, last.view.id])).toString('base64url') : null;
    // Already JSON bytes (see LocationJson): fastify sends a Buffer as it is.
    // (The typed reply expects the schema's object; the bytes are that object's JSON.)
    return reply.type('application/json; charset=utf-8').send(json.page(r.items, system, nextCursor) as never);
  });

  app.get('/v1/locations/:id', {
    schema: { tags, params: IdParam, querystring: Type.Object({ coords: Coords }, { additionalProperties: false }), response: { 200: Location, ...errorResponses } },
  }, async (req) => toClient(await deps.availability.location(req.params.id), (req.query.coords ?? 'wgs84') as CoordSystem));

  app.get('/v1/evses/:id', {
    schema: {
      tags,
      params: Type.Object({ id: Type.String({ minLength: 3, maxLength: 64 }) }),
      response: { 200: Type.Object({ ...Evse.properties, locationId: Type.String() }), ...errorResponses },
    },
  }, async (req) => deps.availability.evse(req.params.id));
}
