import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { visibleOperator } from '../../domain/access/index.js';
import { PRICE_PATTERN, TIME_OF_DAY_PATTERN, type Tariff } from '../../domain/tariffs/index.js';
import { AppError } from '../../shared/errors.js';
import type { ApiDeps } from '../deps.js';
import { requireOwnOperator } from '../plugins/auth.js';
import { IdParam, Identifier, Nullable, errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const Price = Type.String({ pattern: PRICE_PATTERN, description: 'CNY per kWh, exact decimal (up to 4 decimals)' });
const PeriodIn = Type.Object(
  {
    startsAt: Type.String({ pattern: TIME_OF_DAY_PATTERN, description: 'HH:MM, Asia/Shanghai; the first period starts at 00:00' }),
    energyPricePerKwh: Price,
    serviceFeePerKwh: Price,
  },
  { additionalProperties: false },
);
const Periods = Type.Array(PeriodIn, { minItems: 1, maxItems: 48 });
const TariffBody = Type.Object({
  id: Type.String(),
  operatorId: Type.String(),
  locationId: Nullable(Type.String()),
  name: Type.String(),
  currency: Type.Literal('CNY'),
  periods: Type.Array(Type.Object({ startsAt: Type.String(), energyPricePerKwh: Type.String(), serviceFeePerKwh: Type.String() })),
});

const view = (t: Tariff) => ({
  id: t.id,
  operatorId: t.operatorId,
  locationId: t.locationId,
  name: t.name,
  currency: t.currency,
  periods: t.periods.map((p) => ({ startsAt: p.startsAt, energyPricePerKwh: p.energyPrice.toFixed(4), serviceFeePerKwh: p.serviceFee.toFixed(4) })),
});

/**
 * Operators publish what they charge (electricity price plus service fee per kWh, by time of day);
 * drivers see it with each location. Admin, or the operator itself.
 */
export async function tariffRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['tariffs'];
  const own = async (req: FastifyRequest, id: string): Promise<Tariff> => {
    const t = await deps.tariffs.get(id);
    const viewer = visibleOperator(req.principal);
    if (viewer && viewer !== t.operatorId) throw new AppError('TARIFF_NOT_FOUND', `tariff ${id} not found`);
    return t;
  };

  app.post('/v1/tariffs', {
    schema: {
      tags,
      summary: "Publish a tariff: the operator's default, or one location's own",
      body: Type.Object(
        { id: Identifier, operatorId: Identifier, locationId: Type.Optional(Identifier), name: Type.String({ minLength: 1, maxLength: 200 }), periods: Periods },
        { additionalProperties: false },
      ),
      response: { 201: TariffBody, ...errorResponses },
    },
  }, async (req, reply) => {
    requireOwnOperator(req, req.body.operatorId);
    const t = await deps.tariffs.create(req.body);
    return reply.status(201).send(view(t));
  });

  app.get('/v1/tariffs', {
    schema: {
      tags,
      querystring: Type.Object({ operatorId: Type.Optional(Identifier) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(TariffBody) }), ...errorResponses },
    },
  }, async (req) => ({ items: (await deps.tariffs.repo.list({ operatorId: visibleOperator(req.principal) ?? req.query.operatorId })).map(view) }));

  app.get('/v1/tariffs/:id', { schema: { tags, params: IdParam, response: { 200: TariffBody, ...errorResponses } } }, async (req) => view(await own(req, req.params.id)));

  app.patch('/v1/tariffs/:id', {
    schema: {
      tags,
      summary: 'Rename a tariff or replace its periods',
      params: IdParam,
      body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), periods: Type.Optional(Periods) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: TariffBody, ...errorResponses },
    },
  }, async (req) => {
    await own(req, req.params.id);
    const t = await deps.tariffs.update(req.params.id, req.body);
    return view(t);
  });

  app.delete('/v1/tariffs/:id', { schema: { tags, params: IdParam, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await own(req, req.params.id);
    await deps.tariffs.repo.delete(req.params.id);
    return reply.status(204).send(null);
  });
}
