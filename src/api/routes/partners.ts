import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { visibleOperator } from '../../domain/access/index.js';
import { connectsTo, DEFAULT_PARTNER_DECIMALS, PARTNER_ROLES, PARTNER_STATES, publicTcecSettings, type Partner, type PartnerMessage } from '../../domain/partners/index.js';
import { AppError } from '../../shared/errors.js';
import type { ApiDeps } from '../deps.js';
import { adminOnly } from '../plugins/auth.js';
import { IdParam, Identifier, Nullable, errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const Secret = Type.String({ minLength: 1, maxLength: 128 });
const Secrets = Type.Object(
  {
    operatorSecret: Secret,
    dataSecret: Type.String({ minLength: 16, maxLength: 16, description: '16 characters (AES-128 key)' }),
    dataSecretIv: Type.String({ minLength: 16, maxLength: 16, description: '16 characters (AES-128-CBC IV)' }),
    sigSecret: Secret,
  },
  { additionalProperties: false, description: 'Write-only: never returned' },
);
const OperatorId = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9]+$', description: 'T/CEC OperatorID (organisation code, usually 9 characters)' });
const BaseUrl = Type.String({ pattern: '^https?://', maxLength: 512, description: 'Where we call them, up to the interface name, e.g. http://host/evcs/v1' });
const Aliases = Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*$' }), Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*$' }), {
  description: 'Canonical T/CEC field name → the partner\'s spelling, e.g. {"SevicePrice": "ServicePrice"}',
});
const StatusPushSeconds = Nullable(Type.Integer({ minimum: 5, maximum: 3600 }));
const Suite = Type.Literal('tcec-102-2016', { description: 'Envelope suite (crypto profile)' });
const Decimals = Type.Object(
  { price: Type.Integer({ minimum: 0, maximum: 6 }), money: Type.Integer({ minimum: 0, maximum: 4 }), energy: Type.Integer({ minimum: 0, maximum: 4 }) },
  { additionalProperties: false, description: 'Decimal places on the wire (default price 4, money 2, energy 2)' },
);
const Role = Type.Union(PARTNER_ROLES.map((r) => Type.Literal(r)), { description: "The partner's role towards us" });
const State = Type.Union(PARTNER_STATES.map((s) => Type.Literal(s)));

const PartnerBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  protocol: Type.String(),
  role: Type.String(),
  operatorIds: Type.Array(Type.String(), { description: 'Our member operators the partner is connected to' }),
  operatorId: Type.String({ description: 'The first of operatorIds (kept for clients that know one)' }),
  state: Type.String(),
  lastError: Nullable(Type.Object({ message: Type.String(), at: Type.String() })),
  tcec: Type.Object({
    partnerOperatorId: Type.String(),
    ourOperatorId: Type.String(),
    baseUrl: Type.String(),
    aliases: Type.Record(Type.String(), Type.String()),
    statusPushSeconds: Nullable(Type.Integer()),
    suite: Type.String(),
    decimals: Type.Object({ price: Type.Integer(), money: Type.Integer(), energy: Type.Integer() }),
  }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const MessageBody = Type.Object({
  id: Type.String(),
  at: Type.String(),
  direction: Type.String(),
  kind: Type.String({ description: 'The interface, e.g. query_start_charge' }),
  status: Nullable(Type.Integer({ description: 'T/CEC Ret' })),
  error: Nullable(Type.String()),
  raw: Type.Unknown({ description: 'Request and response as they travelled' }),
  decrypted: Type.Unknown({ description: 'Decrypted bodies (secrets and tokens masked)' }),
});

/** What may leave the platform: never a secret. */
const view = (p: Partner) => ({
  id: p.id,
  name: p.name,
  protocol: p.protocol,
  role: p.role,
  operatorIds: [...p.operatorIds],
  operatorId: p.operatorIds[0] ?? '',
  state: p.state,
  lastError: p.lastError ? { message: p.lastError.message, at: p.lastError.at.toISOString() } : null,
  tcec: { ...publicTcecSettings(p.tcec), aliases: { ...p.tcec.aliases }, decimals: { ...(p.tcec.decimals ?? DEFAULT_PARTNER_DECIMALS) } },
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

const OperatorIds = Type.Array(Identifier, {
  minItems: 1,
  maxItems: 50,
  uniqueItems: true,
  description: 'Our member operators the partner is connected to: it sees their stations and gets their events',
});
const OneOperator = { ...Identifier, description: 'One member operator (the same as operatorIds with one item)' };

/** The member list from either spelling; both at once is ambiguous. */
function membersOf(b: { operatorId?: string | undefined; operatorIds?: string[] | undefined }): string[] | undefined {
  if (b.operatorId !== undefined && b.operatorIds !== undefined) throw new AppError('VALIDATION_FAILED', 'give operatorIds or operatorId, not both', { field: 'operatorId' });
  return b.operatorIds ?? (b.operatorId === undefined ? undefined : [b.operatorId]);
}

const messageView = (m: PartnerMessage) => ({ id: m.id, at: m.at.toISOString(), direction: m.direction, kind: m.kind, status: m.status, error: m.error, raw: m.raw, decrypted: m.decrypted });

/**
 * Roaming partners (admin): T/CEC 102 platforms now, OCPI parties with protocol "ocpi" later. A
 * member operator's key sees the partners connected to it, without secrets (nobody sees those).
 */
export async function partnerRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['partners'];
  const partners = deps.partners;
  if (!partners) return;
  const visible = async (req: FastifyRequest, id: string): Promise<Partner> => {
    const p = await partners.get(id);
    const viewer = visibleOperator(req.principal);
    if (viewer && !connectsTo(p, viewer) && viewer !== p.id) throw new AppError('PARTNER_NOT_FOUND', `partner ${id} not found`);
    return p;
  };

  app.post('/v1/partners', {
    preHandler: adminOnly,
    schema: {
      tags,
      summary: 'Connect a roaming partner (creates its operator record with the same id)',
      body: Type.Object(
        {
          id: Identifier,
          name: Type.String({ minLength: 1, maxLength: 200 }),
          protocol: Type.Literal('tcec'),
          role: Role,
          operatorIds: Type.Optional(OperatorIds),
          operatorId: Type.Optional(OneOperator),
          state: Type.Optional(State),
          tcec: Type.Object(
            {
              partnerOperatorId: OperatorId,
              ourOperatorId: OperatorId,
              baseUrl: BaseUrl,
              inbound: Secrets,
              outbound: Secrets,
              aliases: Type.Optional(Aliases),
              statusPushSeconds: Type.Optional(StatusPushSeconds),
              suite: Type.Optional(Suite),
              decimals: Type.Optional(Decimals),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      response: { 201: PartnerBody, ...errorResponses },
    },
  }, async (req, reply) => {
    const b = req.body;
    const operatorIds = membersOf(b);
    if (!operatorIds) throw new AppError('VALIDATION_FAILED', 'operatorIds is required (the member operators the partner is connected to)', { field: 'operatorIds' });
    const p = await partners.create({
      id: b.id,
      name: b.name,
      protocol: b.protocol,
      role: b.role,
      operatorIds,
      ...(b.state ? { state: b.state } : {}),
      tcec: { ...b.tcec, aliases: b.tcec.aliases ?? {}, statusPushSeconds: b.tcec.statusPushSeconds ?? null, suite: b.tcec.suite ?? 'tcec-102-2016' },
    });
    return reply.status(201).send(view(p));
  });

  app.get('/v1/partners', {
    schema: { tags, summary: 'Roaming partners, by id (secrets never shown)', response: { 200: Type.Object({ items: Type.Array(PartnerBody) }), ...errorResponses } },
  }, async (req) => {
    const viewer = visibleOperator(req.principal);
    const all = await partners.list();
    return { items: all.filter((p) => !viewer || connectsTo(p, viewer) || p.id === viewer).map(view) };
  });

  app.get('/v1/partners/:id', { schema: { tags, params: IdParam, response: { 200: PartnerBody, ...errorResponses } } }, async (req) => view(await visible(req, req.params.id)));

  app.patch('/v1/partners/:id', {
    preHandler: adminOnly,
    schema: {
      tags,
      summary: 'Change a partner: name, role, state (suspend / resume), settings, or rotate secrets',
      params: IdParam,
      body: Type.Object(
        {
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          role: Type.Optional(Role),
          operatorIds: Type.Optional(OperatorIds),
          operatorId: Type.Optional(OneOperator),
          state: Type.Optional(State),
          tcec: Type.Optional(
            Type.Object(
              {
                partnerOperatorId: Type.Optional(OperatorId),
                ourOperatorId: Type.Optional(OperatorId),
                baseUrl: Type.Optional(BaseUrl),
                inbound: Type.Optional(Secrets),
                outbound: Type.Optional(Secrets),
                aliases: Type.Optional(Aliases),
                statusPushSeconds: Type.Optional(StatusPushSeconds),
                suite: Type.Optional(Suite),
                decimals: Type.Optional(Decimals),
              },
              { additionalProperties: false, minProperties: 1 },
            ),
          ),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
      response: { 200: PartnerBody, ...errorResponses },
    },
  }, async (req) => {
    const { operatorId: _one, operatorIds: _list, ...rest } = req.body;
    return view(await partners.update(req.params.id, { ...rest, operatorIds: membersOf(req.body) }));
  });

  app.delete('/v1/partners/:id', { preHandler: adminOnly, schema: { tags, summary: 'Disconnect a partner', params: IdParam, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await partners.delete(req.params.id);
    return reply.status(204).send(null);
  });

  app.get('/v1/partners/:id/messages', {
    schema: {
      tags,
      summary: "The partner's message audit trail, newest first: every envelope in and out, raw and decrypted",
      params: IdParam,
      querystring: Type.Object(
        { cursor: Type.Optional(Type.String({ maxLength: 32 })), limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(MessageBody), nextCursor: Nullable(Type.String()) }), ...errorResponses },
    },
  }, async (req) => {
    await visible(req, req.params.id);
    const page = await partners.messagesOf(req.params.id, { limit: req.query.limit, before: req.query.cursor });
    return { items: page.items.map(messageView), nextCursor: page.nextCursor };
  });
}
