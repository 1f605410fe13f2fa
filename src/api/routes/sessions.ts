import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../shared/errors.js';
import type { ApiDeps } from '../deps.js';
import { IdParam, Identifier, PageQuery, errorResponses, Nullable } from '../schemas/common.js';
import { visibleOperator } from '../../domain/access/index.js';
import type { TypedApp } from '../typed-app.js';
import { ReconciliationFields, reconciliationView } from '../schemas/reconciliation-fields.js';

const sessionFields = {
  id: Type.String(),
  stationId: Type.String(),
  operatorId: Type.String(),
  ocppVersion: Type.String(),
  transactionId: Type.String(),
  evseId: Nullable(Type.Integer()),
  connectorId: Nullable(Type.Integer()),
  idToken: Nullable(Type.String()),
  authStatus: Nullable(Type.String({ description: 'The platform\'s decision on the token at this station (Accepted, Invalid, NotAtThisLocation, …)' })),
  providerId: Nullable(Type.String({ description: 'The token\'s operator: the provider who pays' })),
  agreementId: Nullable(Type.String({ description: 'The agreement that let another operator\'s token charge here' })),
  status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('COMPLETED')]),
  startedAt: Type.String(),
  stoppedAt: Nullable(Type.String()),
  meterStartWh: Nullable(Type.Integer()),
  meterStopWh: Nullable(Type.Integer()),
  energyWh: Nullable(Type.Integer()),
  stopReason: Nullable(Type.String()),
  offline: Type.Boolean(),
};
const Session = Type.Object(sessionFields);
const Money = Type.String({ description: 'CNY, exact, 2 decimals' });
const Cost = Nullable(
  Type.Object(
    {
      status: Type.String({ description: 'A running session: priced | unpriced (estimate). A finished one: its CDR\'s status (the latest replacement after an accepted dispute), or credited when a dispute cancelled it' }),
      reason: Nullable(Type.String()),
      asOf: Type.String({ description: 'The reading the figures go up to (running) or the session end' }),
      cdrId: Nullable(Type.String({ description: 'The finished session\'s CDR' })),
      energyWh: Type.Integer(),
      currency: Type.Literal('CNY'),
      energyAmount: Money,
      serviceAmount: Money,
      idleAmount: Money,
      sessionFeeAmount: Money,
      total: Money,
    },
    { description: 'Energy and cost so far (running: from the same pricing as the CDR will), or the CDR\'s totals (finished; null until it exists)' },
  ),
);
const Sample = Type.Object({
  sampledAt: Type.String(),
  measurand: Type.String(),
  phase: Nullable(Type.String()),
  location: Nullable(Type.String()),
  context: Type.String(),
  value: Type.String({ description: 'Exact decimal, in `unit`' }),
  unit: Type.String(),
});

/** API names: evseId/connectorId (the OCPP 2.0.1 terms); the store says evseNo/connectorNo. */
const toApi = <T extends { evseNo: number | null; connectorNo: number | null }>({ evseNo, connectorNo, ...rest }: T) => ({
  ...rest,
  evseId: evseNo,
  connectorId: connectorNo,
});

export async function sessionRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['sessions'];

  app.get('/v1/sessions', {
    schema: {
      tags,
      summary: 'Charging sessions, newest first',
      querystring: Type.Object(
        {
          ...PageQuery,
          stationId: Type.Optional(Identifier),
          operatorId: Type.Optional(Identifier),
          status: Type.Optional(Type.Union([Type.Literal('ACTIVE'), Type.Literal('COMPLETED')])),
          from: Type.Optional(Type.String({ format: 'date-time', description: 'startedAt ≥ from' })),
          to: Type.Optional(Type.String({ format: 'date-time', description: 'startedAt < to' })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(Session), nextCursor: Nullable(Type.String()) }), ...errorResponses },
    },
  }, async (req) => {
    const q = req.query;
    const from = q.from ? new Date(q.from) : undefined;
    const to = q.to ? new Date(q.to) : undefined;
    if (from && to && from >= to) throw new AppError('VALIDATION_FAILED', 'from must be before to', { field: 'from' });
    const page = await deps.sessions.list({
      stationId: q.stationId,
      operatorId: q.operatorId,
      status: q.status,
      from,
      to,
      visibleTo: visibleOperator(req.principal),
      cursor: q.cursor,
      limit: q.limit,
    });
    return { items: page.items.map(toApi), nextCursor: page.nextCursor };
  });

  app.get('/v1/sessions/:id', {
    schema: { tags, params: IdParam, response: { 200: Type.Object({ ...sessionFields, cost: Cost, samples: Type.Array(Sample), ...ReconciliationFields }), ...errorResponses } },
  }, async (req) => {
    const s = await deps.sessions.get(req.params.id, visibleOperator(req.principal));
    if (!s) throw new AppError('SESSION_NOT_FOUND', `session ${req.params.id} not found`);
    return { ...toApi(s), cost: await costOf(deps, s.id, s.status), ...reconciliationView(await deps.reconciliation.gapsOf(s.id)) };
  });
}

const amounts = (t: { energyWh: number; energyAmount: { toFixed(n: number): string }; serviceAmount: { toFixed(n: number): string }; idleAmount: { toFixed(n: number): string }; sessionFeeAmount: { toFixed(n: number): string }; total: { toFixed(n: number): string } }) => ({
  energyWh: t.energyWh,
  currency: 'CNY' as const,
  energyAmount: t.energyAmount.toFixed(2),
  serviceAmount: t.serviceAmount.toFixed(2),
  idleAmount: t.idleAmount.toFixed(2),
  sessionFeeAmount: t.sessionFeeAmount.toFixed(2),
  total: t.total.toFixed(2),
});

/** A running session's cost so far, or a finished one's CDR (its latest replacement wins). */
async function costOf(deps: ApiDeps, sessionId: string, status: string) {
  if (status === 'ACTIVE') {
    const live = await deps.cdrs.liveCost(sessionId);
    return live ? { status: live.status, reason: live.reason, asOf: live.asOf.toISOString(), cdrId: null, ...amounts(live.totals) } : null;
  }
  // Newest first: the latest replacement of an accepted dispute, else the original.
  const all = (await deps.cdrs.list({ sessionId, limit: 100 })).items.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const cdr = all.find((c) => c.kind === 'replacement') ?? all.find((c) => c.kind === 'original');
  if (!cdr) return null;
  // A dispute accepted without a replacement (the session was not the provider's): nothing is owed.
  const credited = all.some((c) => c.kind === 'credit' && c.creditsCdrId === cdr.id);
  const totals = credited ? { ...cdr.totals, energyWh: 0, ...zeroAmounts } : cdr.totals;
  return { status: credited ? 'credited' : cdr.status, reason: cdr.statusReason, asOf: cdr.stoppedAt.toISOString(), cdrId: cdr.id, ...amounts(totals) };
}

const ZERO = { toFixed: (n: number) => (0).toFixed(n) };
const zeroAmounts = { energyAmount: ZERO, serviceAmount: ZERO, idleAmount: ZERO, sessionFeeAmount: ZERO, total: ZERO };
