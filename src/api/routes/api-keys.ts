import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { issueApiKey } from '../../domain/access/index.js';
import { AppError } from '../../shared/errors.js';
import type { ApiDeps } from '../deps.js';
import { adminOnly, type KeyCache } from '../plugins/auth.js';
import { Identifier, errorResponses, Nullable } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const KeyRecord = Type.Object({ id: Type.String(), operatorId: Type.String(), name: Type.String(), createdAt: Type.String(), revokedAt: Nullable(Type.String()) });

/** API keys for operators (a CPO, or an e-mobility service provider behind an app). Admin only. */
export async function apiKeyRoutes(base: FastifyInstance, deps: ApiDeps & { keyCache: KeyCache }): Promise<void> {
  const app = base as TypedApp;
  const tags = ['api-keys'];
  app.addHook('preHandler', adminOnly);

  app.post('/v1/api-keys', {
    schema: {
      tags,
      summary: 'Issue an API key for an operator; the key is shown only in this answer',
      body: Type.Object({ operatorId: Identifier, name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
      response: { 201: Type.Object({ ...KeyRecord.properties, key: Type.String() }), ...errorResponses },
    },
  }, async (req, reply) => {
    await deps.catalog.requireOperator(req.body.operatorId);
    const issued = issueApiKey();
    const rec = await deps.apiKeys.create({ id: issued.id, operatorId: req.body.operatorId, name: req.body.name, secretHash: issued.secretHash });
    return reply.status(201).send({ ...rec, key: issued.key });
  });

  app.get('/v1/api-keys', {
    schema: {
      tags,
      querystring: Type.Object({ operatorId: Type.Optional(Identifier) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(KeyRecord) }), ...errorResponses },
    },
  }, async (req) => ({ items: await deps.apiKeys.list(req.query.operatorId) }));

  app.delete('/v1/api-keys/:id', {
    schema: { tags, summary: 'Revoke a key (effective on every node within 30 s)', params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 32 }) }), response: { 204: Type.Null(), ...errorResponses } },
  }, async (req, reply) => {
    if (!(await deps.apiKeys.revoke(req.params.id, new Date()))) throw new AppError('API_KEY_NOT_FOUND', `API key ${req.params.id} not found or already revoked`);
    deps.keyCache.forget(req.params.id);
    return reply.status(204).send(null);
  });
}
