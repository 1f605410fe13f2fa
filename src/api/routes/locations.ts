import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CITIES } from '../../domain/catalog/index.js';
import { AppError } from '../../shared/errors.js';
import type { ApiDeps } from '../deps.js';
import { IdParam, Identifier, PageQuery, errorResponses } from '../schemas/common.js';
import { adminOnly } from '../plugins/auth.js';
import type { TypedApp } from '../typed-app.js';

const City = Type.Enum(CITIES);
const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  city: City,
  district: Type.Optional(Type.String({ maxLength: 100 })),
  address: Type.String({ minLength: 1, maxLength: 500 }),
  lat: Type.Number({ minimum: -90, maximum: 90, description: 'WGS 84 latitude' }),
  lng: Type.Number({ minimum: -180, maximum: 180, description: 'WGS 84 longitude' }),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
};
const Location = Type.Object({
  id: Type.String(),
  operatorId: Type.String(),
  name: Type.String(),
  city: Type.String(),
  district: Type.Union([Type.String(), Type.Null()]),
  address: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  timeZone: Type.String(),
});

export async function locationRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const { catalog } = deps;
  const tags = ['locations'];
  // Master data: the platform admin keeps it; anyone with a key reads it through availability.
  app.addHook('preHandler', adminOnly);

  app.post('/v1/locations', {
    schema: {
      tags,
      summary: 'Create a charging location (a site with one or more stations)',
      body: Type.Object({ id: Identifier, operatorId: Identifier, ...fields }, { additionalProperties: false }),
      response: { 201: Location, ...errorResponses },
    },
  }, async (req, reply) => {
    const b = req.body;
    const loc = await catalog.createLocation({ ...b, district: b.district ?? null, timeZone: b.timeZone ?? 'Asia/Shanghai' });
    return reply.status(201).send(loc);
  });

  app.patch('/v1/locations/:id', {
    schema: {
      tags,
      params: IdParam,
      body: Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 }),
      response: { 200: Location, ...errorResponses },
    },
  }, async (req) => {
    const loc = await catalog.updateLocation(req.params.id, req.body);
    return loc;
  });

  app.delete('/v1/locations/:id', { schema: { tags, params: IdParam, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await catalog.repo.deleteLocation(req.params.id);
    return reply.status(204).send(null);
  });
}
