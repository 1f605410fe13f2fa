import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ID_TOKEN_TYPES, LEGACY_RFID_TYPE, TOKEN_STATUSES, idTokenType } from '../../domain/authorization/index.js';
import { AppError } from '../../shared/errors.js';
import type { ApiDeps } from '../deps.js';
import { Identifier, PageQuery, errorResponses } from '../schemas/common.js';
import { visibleOperator } from '../../domain/access/index.js';
import { requireOwnOperator } from '../plugins/auth.js';
import type { TypedApp } from '../typed-app.js';

const Status = Type.Enum(TOKEN_STATUSES);
const Uid = Type.String({
  minLength: 1,
  maxLength: 36,
  pattern: '^[A-Za-z0-9._~:*+=@-]+$',
  description: 'RFID uid, eMAID or app token (1.6 idTag allows 20 characters, 2.0.1 idToken 36)',
});
const Token = Type.Object({
  uid: Type.String(),
  operatorId: Type.String(),
  type: Type.String(),
  status: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  groupId: Type.Union([Type.String(), Type.Null()]),
});
const UidParam = Type.Object({ uid: Uid });
const editable = {
  status: Status,
  type: Type.Optional(
    Type.Enum([...ID_TOKEN_TYPES, LEGACY_RFID_TYPE], {
      description: 'OCPP 2.0.1 IdTokenEnumType, sent to 2.0.1 stations with the token (default ISO14443; RFID is taken as ISO14443)',
    }),
  ),
  expiresAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  groupId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 36 }), Type.Null()])),
};

export async function tokenRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const { catalog } = deps;
  const tags = ['tokens'];
  /** Tokens are an operator's private data: an operator key reaches its own only. */
  const ownToken = async (req: FastifyRequest, uid: string) => {
    const t = await catalog.repo.getToken(uid);
    const own = visibleOperator(req.principal);
    if (!t || (own !== undefined && t.operatorId !== own)) throw new AppError('TOKEN_NOT_FOUND', `token ${uid} not found`);
    return t;
  };

  app.post('/v1/tokens', {
    schema: {
      tags,
      summary: 'Register an id token (RFID card, app token) for an operator',
      body: Type.Object({ uid: Uid, operatorId: Identifier, ...editable }, { additionalProperties: false }),
      response: { 201: Token, ...errorResponses },
    },
  }, async (req, reply) => {
    const b = req.body;
    requireOwnOperator(req, b.operatorId);
    await catalog.requireOperator(b.operatorId);
    const t = await catalog.repo.createToken({
      uid: b.uid,
      operatorId: b.operatorId,
      status: b.status,
      type: idTokenType(b.type),
      expiresAt: b.expiresAt ? new Date(b.expiresAt).toISOString() : null,
      groupId: b.groupId ?? null,
    });
    return reply.status(201).send(t);
  });

  app.get('/v1/tokens', {
    schema: {
      tags,
      querystring: Type.Object({ ...PageQuery, operatorId: Type.Optional(Identifier) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Token), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
    },
  }, async (req) => catalog.repo.listTokens({ operatorId: visibleOperator(req.principal) ?? req.query.operatorId }, req.query.cursor, req.query.limit));

  app.get('/v1/tokens/:uid', { schema: { tags, params: UidParam, response: { 200: Token, ...errorResponses } } }, async (req) => {
    return ownToken(req, req.params.uid);
  });

  app.patch('/v1/tokens/:uid', {
    schema: {
      tags,
      params: UidParam,
      body: Type.Partial(Type.Object(editable), { additionalProperties: false, minProperties: 1 }),
      response: { 200: Token, ...errorResponses },
    },
  }, async (req) => {
    const b = req.body;
    await ownToken(req, req.params.uid);
    return catalog.repo.updateToken(req.params.uid, {
      status: b.status,
      type: b.type === undefined ? undefined : idTokenType(b.type),
      groupId: b.groupId,
      ...(b.expiresAt !== undefined ? { expiresAt: b.expiresAt === null ? null : new Date(b.expiresAt).toISOString() } : {}),
    });
  });

  app.delete('/v1/tokens/:uid', { schema: { tags, params: UidParam, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await ownToken(req, req.params.uid);
    await catalog.repo.deleteToken(req.params.uid);
    return reply.status(204).send(null);
  });
}
