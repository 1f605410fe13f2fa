import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { visibleOperator } from '../../domain/access/index.js';
import type { Actor } from '../../domain/cdrs/index.js';
import { DISPUTE_STATUSES, type Dispute } from '../../domain/disputes/index.js';
import type { ApiDeps } from '../deps.js';
import { IdParam, Nullable, errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const DisputeBody = Type.Object({
  id: Type.String(),
  cdrId: Type.String(),
  statementId: Nullable(Type.String()),
  raisedBy: Type.String(),
  reason: Type.Integer({ description: '1 missing on the provider\'s side, 2 amount differs, 3 energy differs' }),
  note: Nullable(Type.String()),
  status: Type.String({ description: 'open | accepted | rejected' }),
  resolvedBy: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  resolutionNote: Nullable(Type.String()),
  creditCdrId: Nullable(Type.String()),
  replacementCdrId: Nullable(Type.String()),
  createdAt: Type.String(),
});
const view = (d: Dispute) => ({
  ...d,
  resolvedAt: d.resolvedAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});
const actor = (p: { kind: string; operatorId?: string }): Actor => (p.kind === 'admin' ? { kind: 'admin' } : { kind: 'operator', operatorId: p.operatorId! });
const Note = Type.String({ minLength: 1, maxLength: 1000 });

/**
 * Disputes of CDRs: the provider that pays raises one (T/CEC 102 reasons 1/2/3); the operator
 * whose station charged accepts it (credit + replacement, settled as adjustments) or rejects it.
 */
export async function disputeRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['settlement'];

  app.post('/v1/disputes', {
    schema: {
      tags,
      summary: 'Dispute a CDR you pay for',
      body: Type.Object(
        { cdrId: Type.String({ minLength: 1, maxLength: 64 }), reason: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]), note: Type.Optional(Note), statementId: Type.Optional(Type.String({ maxLength: 64 })) },
        { additionalProperties: false },
      ),
      response: { 201: DisputeBody, ...errorResponses },
    },
  }, async (req, reply) => reply.status(201).send(view(await deps.disputes.raise(actor(req.principal as never), req.body))));

  app.get('/v1/disputes', {
    schema: {
      tags,
      querystring: Type.Object({ status: Type.Optional(Type.Enum(DISPUTE_STATUSES)), cdrId: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(DisputeBody) }), ...errorResponses },
    },
  }, async (req) => ({ items: (await deps.disputes.list({ ...req.query, visibleTo: visibleOperator(req.principal) })).map(view) }));

  app.get('/v1/disputes/:id', { schema: { tags, params: IdParam, response: { 200: DisputeBody, ...errorResponses } } }, async (req) =>
    view(await deps.disputes.get(req.params.id, visibleOperator(req.principal))),
  );

  app.post('/v1/disputes/:id/accept', {
    schema: {
      tags,
      summary: 'Accept: a credit cancels the CDR and a replacement prices it again (with the energy given, if any)',
      params: IdParam,
      body: Type.Object({ note: Type.Optional(Note), energyWh: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })) }, { additionalProperties: false }),
      response: { 200: DisputeBody, ...errorResponses },
    },
  }, async (req) => view(await deps.disputes.accept(actor(req.principal as never), req.params.id, req.body)));

  app.post('/v1/disputes/:id/reject', {
    schema: { tags, summary: 'Reject, with a note', params: IdParam, body: Type.Object({ note: Note }, { additionalProperties: false }), response: { 200: DisputeBody, ...errorResponses } },
  }, async (req) => view(await deps.disputes.reject(actor(req.principal as never), req.params.id, req.body.note)));
}
