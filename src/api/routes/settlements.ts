import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { visibleOperator } from '../../domain/access/index.js';
import type { NetPosition, SettlementPeriod, StatementFigures, StoredStatement } from '../../domain/settlement/index.js';
import { AppError } from '../../shared/errors.js';
import { csvStream, wantsCsv } from '../csv.js';
import type { ApiDeps } from '../deps.js';
import { adminOnly } from '../plugins/auth.js';
import { IdParam, Identifier, Nullable, errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const Money = Type.String({ description: 'CNY, exact, 2 decimals' });
const Figures = Type.Object({
  sessions: Type.Integer({ description: 'Sessions: +1 per original or replacement CDR, −1 per credit' }),
  cdrCount: Type.Integer(),
  energyWh: Type.Integer(),
  energyAmount: Money,
  serviceAmount: Money,
  idleAmount: Money,
  sessionFeeAmount: Money,
  total: Money,
});
const StatementBody = Type.Object({
  id: Type.String(),
  period: Type.String({ description: 'day | month' }),
  date: Type.String({ description: 'The day, or the first day of the month (Asia/Shanghai)' }),
  from: Type.String(),
  to: Type.String(),
  status: Type.String({ description: 'provisional (the period runs) | final (closed)' }),
  providerId: Type.String({ description: 'Who pays (the EMSP whose customers charged)' }),
  cpoId: Type.String({ description: 'Who is paid (the operator whose stations charged)' }),
  currency: Type.Literal('CNY'),
  regular: Figures,
  adjustments: Type.Object(Figures.properties, { description: 'Late CDRs of earlier, closed periods' }),
  total: Figures,
});
const NetBody = Type.Object({
  partyA: Type.String(),
  partyB: Type.String(),
  aOwesB: Type.String({ description: 'What A owes B less what B owes A (negative: B owes A)' }),
  payer: Nullable(Type.String()),
  payee: Nullable(Type.String()),
  amount: Money,
});
const RunBody = Type.Object({
  period: Type.String(),
  date: Type.String(),
  status: Type.String(),
  statements: Type.Array(StatementBody),
  netPositions: Type.Array(NetBody),
});
const Period = Type.Union([Type.Literal('day'), Type.Literal('month')]);

const figures = (f: StatementFigures) => ({
  sessions: f.sessions,
  cdrCount: f.cdrCount,
  energyWh: f.energyWh,
  energyAmount: f.energyAmount.toFixed(2),
  serviceAmount: f.serviceAmount.toFixed(2),
  idleAmount: f.idleAmount.toFixed(2),
  sessionFeeAmount: f.sessionFeeAmount.toFixed(2),
  total: f.total.toFixed(2),
});
const statementView = (s: StoredStatement) => ({
  id: s.id,
  period: s.kind,
  date: s.date,
  from: s.from.toISOString(),
  to: s.to.toISOString(),
  status: s.status,
  providerId: s.providerId,
  cpoId: s.cpoId,
  currency: 'CNY' as const,
  regular: figures(s.regular),
  adjustments: figures(s.adjustments),
  total: figures(s.total),
});
const netView = (n: NetPosition) => ({ partyA: n.partyA, partyB: n.partyB, aOwesB: n.aOwesB.toFixed(2), payer: n.payer, payee: n.payee, amount: n.amount.toFixed(2) });
const runView = (r: { period: SettlementPeriod; statements: readonly StoredStatement[]; netPositions: readonly NetPosition[] }, status: string) => ({
  period: r.period.kind,
  date: r.period.date,
  status,
  statements: r.statements.map(statementView),
  netPositions: r.netPositions.map(netView),
});

const CSV_HEADER = ['statement_id', 'cdr_id', 'adjustment', 'kind', 'session_id', 'station_id', 'settlement_day', 'energy_kwh', 'electricity_cny', 'service_cny', 'idle_cny', 'session_fee_cny', 'total_cny'];

/**
 * Settlement statements between operators per day and month (Asia/Shanghai), with net positions;
 * a party sees only statements it is in. The admin runs a period (final once it has ended).
 */
export async function settlementRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['settlement'];

  app.get('/v1/settlements', {
    schema: {
      tags,
      summary: "A period's statements and the net positions between their parties",
      querystring: Type.Object(
        { period: Period, date: Type.String({ description: 'YYYY-MM-DD (any day of a month)' }), partyId: Type.Optional(Identifier) },
        { additionalProperties: false },
      ),
      response: { 200: RunBody, ...errorResponses },
    },
  }, async (req) => {
    const viewer = visibleOperator(req.principal);
    if (viewer && req.query.partyId && req.query.partyId !== viewer) throw new AppError('FORBIDDEN', `this key sees only statements of ${viewer}`, { field: 'partyId' });
    const r = await deps.settlements.list(req.query.period, req.query.date, viewer ?? req.query.partyId);
    const status = r.statements.every((s) => s.status === 'final') && r.statements.length > 0 ? 'final' : r.statements.length > 0 ? 'provisional' : 'none';
    return runView(r, status);
  });

  app.get('/v1/settlements/:id', {
    schema: {
      tags,
      summary: 'One statement with the ids of its CDRs; `format=csv` (or Accept: text/csv): one line per CDR',
      params: IdParam,
      querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }, { additionalProperties: false }),
      response: { 200: Type.Object({ ...StatementBody.properties, cdrIds: Type.Array(Type.String()), adjustmentCdrIds: Type.Array(Type.String()) }), ...errorResponses },
    },
  }, async (req, reply) => {
    const s = await deps.settlements.get(req.params.id, visibleOperator(req.principal));
    if (wantsCsv(req.query.format, req.headers.accept)) {
      const rows = deps.settlements.cdrsOf(s);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${s.id}.csv"`)
        .send(
          csvStream(CSV_HEADER, rows, ({ cdr, adjustment }) => [
            s.id, cdr.id, adjustment ? 'yes' : 'no', cdr.kind, cdr.sessionId, cdr.location.stationId, cdr.settlementDay, (cdr.totals.energyWh / 1000).toFixed(3),
            cdr.totals.energyAmount.toFixed(2), cdr.totals.serviceAmount.toFixed(2), cdr.totals.idleAmount.toFixed(2), cdr.totals.sessionFeeAmount.toFixed(2), cdr.totals.total.toFixed(2),
          ]) as never,
        );
    }
    const cdrIds: string[] = [];
    const adjustmentCdrIds: string[] = [];
    for await (const { cdr, adjustment } of deps.settlements.cdrsOf(s)) (adjustment ? adjustmentCdrIds : cdrIds).push(cdr.id);
    return { ...statementView(s), cdrIds, adjustmentCdrIds };
  });

  app.post('/v1/settlements/run', {
    preHandler: adminOnly,
    schema: {
      tags,
      summary: 'Settle a period: final if it has ended (earlier unclosed ones first), else provisional; re-runs give the same',
      body: Type.Object({ period: Period, date: Type.String({ description: 'YYYY-MM-DD' }) }, { additionalProperties: false }),
      response: { 200: RunBody, ...errorResponses },
    },
  }, async (req) => {
    const r = await deps.settlements.run(req.body.period, req.body.date);
    return runView(r, r.status);
  });
}
