import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Agreement } from '../../domain/agreements/index.js';
import { CITIES } from '../../domain/catalog/index.js';
import { visibleOperator } from '../../domain/access/index.js';
import { AppError } from '../../shared/errors.js';
import type { ApiDeps } from '../deps.js';
import { adminOnly } from '../plugins/auth.js';
import { IdParam, Identifier, Nullable, PageQuery, errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const Cities = Type.Array(Type.Union(CITIES.map((c) => Type.Literal(c))), { uniqueItems: true, maxItems: CITIES.length, description: 'Empty or absent: all three cities' });
const AgreementBody = Type.Object({
  id: Type.String(),
  providerId: Type.String({ description: 'The EMSP whose tokens may charge (and who pays)' }),
  operatorId: Type.String({ description: 'The CPO whose stations they may charge at' }),
  validFrom: Type.String({ format: 'date-time' }),
  validTo: Nullable(Type.String({ format: 'date-time' })),
  cities: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const view = (a: Agreement) => ({
  id: a.id,
  providerId: a.providerId,
  operatorId: a.operatorId,
  validFrom: a.validFrom.toISOString(),
  validTo: a.validTo?.toISOString() ?? null,
  cities: [...a.cities],
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});

/**
 * Roaming agreements (admin): a provider's tokens may charge at an operator's stations. Each party
 * sees the agreements it is party to.
 */
export async function agreementRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['agreements'];
  const visible = async (req: FastifyRequest, id: string): Promise<Agreement> => {
    const a = await deps.agreements.get(id);
    const viewer = visibleOperator(req.principal);
    if (viewer && viewer !== a.providerId && viewer !== a.operatorId) throw new AppError('AGREEMENT_NOT_FOUND', `agreement ${id} not found`);
    return a;
  };

  app.post('/v1/agreements', {
    preHandler: adminOnly,
    schema: {
      tags,
      summary: "Let a provider's tokens charge at an operator's stations",
      body: Type.Object(
        {
          id: Type.Optional(Identifier),
          providerId: Identifier,
          operatorId: Identifier,
          validFrom: Type.String({ format: 'date-time' }),
          validTo: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
          cities: Type.Optional(Cities),
        },
        { additionalProperties: false },
      ),
      response: { 201: AgreementBody, ...errorResponses },
    },
  }, async (req, reply) => {
    const b = req.body;
    const a = await deps.agreements.create({
      id: b.id,
      providerId: b.providerId,
      operatorId: b.operatorId,
      validFrom: new Date(b.validFrom),
      validTo: b.validTo ? new Date(b.validTo) : null,
      cities: b.cities,
    });
    return reply.status(201).send(view(a));
  });

  app.get('/v1/agreements', {
    schema: {
      tags,
      summary: 'Agreements, by id; an operator sees those it is party to',
      querystring: Type.Object({ ...PageQuery, providerId: Type.Optional(Identifier), operatorId: Type.Optional(Identifier) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(AgreementBody), nextCursor: Nullable(Type.String()) }), ...errorResponses },
    },
  }, async (req) => {
    const q = req.query;
    const page = await deps.agreements.repo.list({ providerId: q.providerId, operatorId: q.operatorId, partyId: visibleOperator(req.principal), cursor: q.cursor, limit: q.limit });
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  });

  app.get('/v1/agreements/:id', { schema: { tags, params: IdParam, response: { 200: AgreementBody, ...errorResponses } } }, async (req) => view(await visible(req, req.params.id)));

  app.patch('/v1/agreements/:id', {
    preHandler: adminOnly,
    schema: {
      tags,
      summary: 'Change an agreement\'s window or cities (end it with validTo)',
      params: IdParam,
      body: Type.Object(
        { validFrom: Type.Optional(Type.String({ format: 'date-time' })), validTo: Type.Optional(Nullable(Type.String({ format: 'date-time' }))), cities: Type.Optional(Cities) },
        { additionalProperties: false, minProperties: 1 },
      ),
      response: { 200: AgreementBody, ...errorResponses },
    },
  }, async (req) => {
    const b = req.body;
    const a = await deps.agreements.update(req.params.id, {
      validFrom: b.validFrom ? new Date(b.validFrom) : undefined,
      validTo: b.validTo === undefined ? undefined : b.validTo === null ? null : new Date(b.validTo),
      cities: b.cities,
    });
    return view(a);
  });

  app.delete('/v1/agreements/:id', { preHandler: adminOnly, schema: { tags, params: IdParam, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await deps.agreements.repo.delete(req.params.id);
    return reply.status(204).send(null);
  });
}
