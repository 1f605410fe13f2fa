import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { visibleOperator } from '../../domain/access/index.js';
import { CDR_KINDS, CDR_STATUSES, type Actor, type Cdr } from '../../domain/cdrs/index.js';
import { CITIES } from '../../domain/catalog/index.js';
import { AppError } from '../../shared/errors.js';
import { shanghaiDateTime } from '../../shared/shanghai-time.js';
import { csvStream, wantsCsv } from '../csv.js';
import type { ApiDeps } from '../deps.js';
import { IdParam, Identifier, Nullable, PageQuery, errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const Money = Type.String({ description: 'CNY, exact, 2 decimals (e.g. "8.40")' });
const UnitPrice = Type.String({ description: 'CNY, exact, 4 decimals' });
const Period = Type.Object({ startsAt: Type.String(), energyPricePerKwh: UnitPrice, serviceFeePerKwh: UnitPrice, tier: Nullable(Type.String()) });
export const CdrBody = Type.Object({
  id: Type.String(),
  kind: Type.Enum(CDR_KINDS),
  status: Type.Enum(CDR_STATUSES),
  statusReason: Nullable(Type.String({ description: 'Why it is unpriced' })),
  quality: Type.Array(Type.Object({ reason: Type.String(), detail: Type.String() }), { description: 'Why it is held for review' }),
  sessionId: Type.String(),
  cpoId: Type.String({ description: 'The operator whose station charged' }),
  providerId: Type.String({ description: 'The EMSP who pays' }),
  agreementId: Nullable(Type.String()),
  creditsCdrId: Nullable(Type.String({ description: 'A credit: the CDR it cancels' })),
  replacesCdrId: Nullable(Type.String({ description: 'A replacement: the CDR it corrects' })),
  idToken: Nullable(Type.String()),
  location: Type.Object({
    locationId: Nullable(Type.String()),
    name: Nullable(Type.String()),
    city: Nullable(Type.String()),
    district: Nullable(Type.String()),
    address: Nullable(Type.String()),
    stationId: Type.String(),
    evseId: Nullable(Type.Integer()),
    connectorId: Nullable(Type.Integer()),
    standard: Nullable(Type.String()),
    powerType: Nullable(Type.String()),
    maxPowerKw: Nullable(Type.Number()),
  }),
  startedAt: Type.String(),
  stoppedAt: Type.String(),
  energyWh: Type.Integer(),
  currency: Type.Literal('CNY'),
  energyAmount: Money,
  serviceAmount: Money,
  idleAmount: Money,
  sessionFeeAmount: Money,
  total: Money,
  settlementDay: Type.String({ description: 'Asia/Shanghai day of the session end: the day it is settled in' }),
  tariff: Type.Object({
    tariffId: Nullable(Type.String()),
    name: Nullable(Type.String()),
    versions: Type.Array(
      Type.Object({
        version: Type.Integer(),
        validFrom: Type.String(),
        validTo: Nullable(Type.String()),
        periods: Type.Array(Period),
        idleFee: Nullable(Type.Object({ perMinute: UnitPrice, graceMinutes: Type.Integer(), dailyCap: Nullable(Money) })),
        sessionFee: Nullable(UnitPrice),
      }),
    ),
  }),
  lines: Type.Array(
    Type.Object({
      kind: Type.String({ description: 'energy | idle | session' }),
      startsAt: Type.String(),
      endsAt: Type.String(),
      wh: Type.Integer(),
      minutes: Type.Integer(),
      tier: Nullable(Type.String()),
      tariffId: Nullable(Type.String()),
      tariffVersion: Nullable(Type.Integer()),
      energyPrice: UnitPrice,
      serviceFee: UnitPrice,
      energyAmount: Money,
      serviceAmount: Money,
      feeAmount: Money,
      amount: Money,
      splitBy: Nullable(Type.String({ description: 'meter: from the readings; time: no readings inside the session, split by time' })),
    }),
  ),
  createdAt: Type.String(),
  review: Nullable(Type.Object({ by: Type.String(), at: Type.String(), note: Nullable(Type.String()) })),
});

export const cdrView = (c: Cdr) => ({
  id: c.id,
  kind: c.kind,
  status: c.status,
  statusReason: c.statusReason,
  quality: c.quality.map((q) => ({ reason: q.reason, detail: q.detail })),
  sessionId: c.sessionId,
  cpoId: c.cpoId,
  providerId: c.providerId,
  agreementId: c.agreementId,
  creditsCdrId: c.creditsCdrId,
  replacesCdrId: c.replacesCdrId,
  idToken: c.idToken,
  location: {
    locationId: c.location.locationId,
    name: c.location.name,
    city: c.location.city,
    district: c.location.district,
    address: c.location.address,
    stationId: c.location.stationId,
    evseId: c.location.evseNo,
    connectorId: c.location.connectorNo,
    standard: c.location.standard,
    powerType: c.location.powerType,
    maxPowerKw: c.location.maxPowerKw,
  },
  startedAt: c.startedAt.toISOString(),
  stoppedAt: c.stoppedAt.toISOString(),
  energyWh: c.totals.energyWh,
  currency: c.currency,
  energyAmount: c.totals.energyAmount.toFixed(2),
  serviceAmount: c.totals.serviceAmount.toFixed(2),
  idleAmount: c.totals.idleAmount.toFixed(2),
  sessionFeeAmount: c.totals.sessionFeeAmount.toFixed(2),
  total: c.totals.total.toFixed(2),
  settlementDay: c.settlementDay,
  tariff: {
    tariffId: c.tariff.tariffId,
    name: c.tariff.name,
    versions: c.tariff.versions.map((v) => ({
      version: v.version,
      validFrom: v.validFrom.toISOString(),
      validTo: v.validTo?.toISOString() ?? null,
      periods: v.periods.map((p) => ({ startsAt: p.startsAt, energyPricePerKwh: p.energyPrice.toFixed(4), serviceFeePerKwh: p.serviceFee.toFixed(4), tier: p.tier })),
      idleFee: v.idleFee ? { perMinute: v.idleFee.perMinute.toFixed(4), graceMinutes: v.idleFee.graceMinutes, dailyCap: v.idleFee.dailyCap?.toFixed(2) ?? null } : null,
      sessionFee: v.sessionFee?.toFixed(4) ?? null,
    })),
  },
  lines: c.lines.map((l) => ({
    kind: l.kind,
    startsAt: l.startsAt.toISOString(),
    endsAt: l.endsAt.toISOString(),
    wh: l.wh,
    minutes: l.minutes,
    tier: l.tier,
    tariffId: l.tariffId || null,
    tariffVersion: l.tariffVersion || null,
    energyPrice: l.energyPrice.toFixed(4),
    serviceFee: l.serviceFee.toFixed(4),
    energyAmount: l.energyAmount.toFixed(2),
    serviceAmount: l.serviceAmount.toFixed(2),
    feeAmount: l.feeAmount.toFixed(2),
    amount: l.amount.toFixed(2),
    splitBy: l.splitBy,
  })),
  createdAt: c.createdAt.toISOString(),
  review: c.review ? { by: c.review.by, at: c.review.at.toISOString(), note: c.review.note } : null,
});

const CSV_HEADER = [
  'cdr_id', 'kind', 'status', 'session_id', 'cpo_id', 'provider_id', 'agreement_id', 'city', 'location_id', 'location_name', 'station_id', 'evse_id',
  'connector_id', 'started_at_utc', 'stopped_at_utc', 'started_local', 'stopped_local', 'settlement_day', 'energy_kwh', 'electricity_cny', 'service_cny',
  'idle_cny', 'session_fee_cny', 'total_cny', 'currency', 'credits_cdr_id', 'replaces_cdr_id',
];
const csvRow = (c: Cdr) => [
  c.id, c.kind, c.status, c.sessionId, c.cpoId, c.providerId, c.agreementId, c.location.city, c.location.locationId, c.location.name, c.location.stationId,
  c.location.evseNo, c.location.connectorNo, c.startedAt.toISOString(), c.stoppedAt.toISOString(), shanghaiDateTime(c.startedAt), shanghaiDateTime(c.stoppedAt),
  c.settlementDay, (c.totals.energyWh / 1000).toFixed(3), c.totals.energyAmount.toFixed(2), c.totals.serviceAmount.toFixed(2), c.totals.idleAmount.toFixed(2),
  c.totals.sessionFeeAmount.toFixed(2), c.totals.total.toFixed(2), c.currency, c.creditsCdrId, c.replacesCdrId,
];

/** The optional `{note}` of a review (a body is optional, so it is checked here, not by a schema). */
function reviewNote(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  const note = (body as { note?: unknown }).note;
  if (typeof body !== 'object' || Object.keys(body).some((k) => k !== 'note')) throw new AppError('VALIDATION_FAILED', 'the body may only hold a note', { field: 'body' });
  if (note === undefined) return null;
  if (typeof note !== 'string' || note.length > 500) throw new AppError('VALIDATION_FAILED', 'note is a text of at most 500 characters', { field: 'note' });
  return note;
}

/**
 * Charge detail records: one per finished session, immutable; a CPO sees those at its stations,
 * an EMSP those of its tokens. Held CDRs are released into settlement or voided by the CPO.
 */
export async function cdrRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['cdrs'];
  const actor = (p: { kind: string; operatorId?: string }): Actor => (p.kind === 'admin' ? { kind: 'admin' } : { kind: 'operator', operatorId: p.operatorId! });

  app.get('/v1/cdrs', {
    schema: {
      tags,
      summary: 'CDRs, newest session end first; `format=csv` (or Accept: text/csv) exports every match as CSV',
      querystring: Type.Object(
        {
          ...PageQuery,
          operatorId: Type.Optional(Identifier),
          providerId: Type.Optional(Identifier),
          city: Type.Optional(Type.Enum(CITIES)),
          status: Type.Optional(Type.Enum(CDR_STATUSES)),
          kind: Type.Optional(Type.Enum(CDR_KINDS)),
          sessionId: Type.Optional(Type.String({ maxLength: 64 })),
          from: Type.Optional(Type.String({ format: 'date-time', description: 'stoppedAt ≥ from' })),
          to: Type.Optional(Type.String({ format: 'date-time', description: 'stoppedAt < to' })),
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(CdrBody), nextCursor: Nullable(Type.String()) }), ...errorResponses },
    },
  }, async (req, reply) => {
    const q = req.query;
    const from = q.from ? new Date(q.from) : undefined;
    const to = q.to ? new Date(q.to) : undefined;
    if (from && to && from >= to) throw new AppError('VALIDATION_FAILED', 'from must be before to', { field: 'from' });
    const filter = { operatorId: q.operatorId, providerId: q.providerId, city: q.city, status: q.status, kind: q.kind, sessionId: q.sessionId, from, to, visibleTo: visibleOperator(req.principal) };
    if (wantsCsv(q.format, req.headers.accept)) {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="cdrs.csv"')
        .send(csvStream(CSV_HEADER, deps.cdrs.repo.stream(filter), csvRow) as never);
    }
    const page = await deps.cdrs.list({ ...filter, cursor: q.cursor, limit: q.limit });
    return { items: page.items.map(cdrView), nextCursor: page.nextCursor };
  });

  app.get('/v1/cdrs/:id', { schema: { tags, params: IdParam, response: { 200: CdrBody, ...errorResponses } } }, async (req) =>
    cdrView(await deps.cdrs.get(req.params.id, visibleOperator(req.principal))),
  );

  for (const action of ['release', 'void'] as const) {
    app.post(`/v1/cdrs/:id/${action}`, {
      schema: {
        tags,
        summary: action === 'release' ? 'Release a held CDR into settlement (its CPO or the admin)' : 'Void a held CDR: it is never settled (its CPO or the admin)',
        description: 'Body (optional): `{ "note": "…" }` (at most 500 characters).',
        params: IdParam,
        response: { 200: CdrBody, ...errorResponses },
      },
    }, async (req) => cdrView(await deps.cdrs.review(req.params.id, action, actor(req.principal as never), reviewNote(req.body))));
  }
}
