import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { OPERATOR_ROLES } from '../../domain/catalog/index.js';
import { AppError } from '../../shared/errors.js';
import type { ApiDeps } from '../deps.js';
import { IdParam, Identifier, PageQuery, errorResponses } from '../schemas/common.js';
import { adminOnly } from '../plugins/auth.js';
import type { TypedApp } from '../typed-app.js';

const Roles = Type.Array(Type.Enum(OPERATOR_ROLES), { minItems: 1, uniqueItems: true });
const Operator = Type.Object({ id: Type.String(), name: Type.String(), roles: Type.Array(Type.String()), createdAt: Type.String() });

export async function operatorRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const repo = deps.catalog.repo;
  const tags = ['operators'];
  app.addHook('preHandler', adminOnly);

  app.post('/v1/operators', {
    schema: {
      tags,
      summary: 'Register an operator (CPO and/or e-mobility service provider)',
      body: Type.Object({ id: Identifier, name: Type.String({ minLength: 1, maxLength: 200 }), roles: Roles }, { additionalProperties: false }),
      response: { 201: Operator, ...errorResponses },
    },
  }, async (req, reply) => reply.status(201).send(await repo.createOperator(req.body)));

  app.get('/v1/operators', {
    schema: { tags, querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: Type.Object({ items: Type.Array(Operator), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses } },
  }, async (req) => repo.listOperators(req.query.cursor, req.query.limit));

  app.get('/v1/operators/:id', { schema: { tags, params: IdParam, response: { 200: Operator, ...errorResponses } } }, async (req) => {
    const op = await repo.getOperator(req.params.id);
    if (!op) throw new AppError('OPERATOR_NOT_FOUND', `operator ${req.params.id} not found`);
    return op;
  });

  app.patch('/v1/operators/:id', {
    schema: {
      tags,
      params: IdParam,
      body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), roles: Type.Optional(Roles) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: Operator, ...errorResponses },
    },
  }, async (req) => repo.updateOperator(req.params.id, req.body));

  app.delete('/v1/operators/:id', { schema: { tags, params: IdParam, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await repo.deleteOperator(req.params.id);
    return reply.status(204).send(null);
  });
}
