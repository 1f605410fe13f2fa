import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { visibleOperator } from '../../domain/access/index.js';
import {
  AMOUNT_PATTERN,
  POWER_TYPES,
  PRICE_PATTERN,
  TARIFF_TIERS,
  TIME_OF_DAY_PATTERN,
  versionFor,
  type Tariff,
  type TariffVersion,
  type TariffVersionInput,
} from '../../domain/tariffs/index.js';
import { AppError } from '../../shared/errors.js';
import type { ApiDeps } from '../deps.js';
import { requireOwnOperator } from '../plugins/auth.js';
import { IdParam, Identifier, Nullable, errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const Price = Type.String({ pattern: PRICE_PATTERN, description: 'CNY, exact decimal (up to 4 decimals)' });
const Tier = Type.Union(TARIFF_TIERS.map((t) => Type.Literal(t)), { description: 'As Chinese tariffs print it: 尖 sharp, 峰 peak, 平 flat, 谷 valley, 深谷 deep-valley' });
const PowerType = Type.Union(POWER_TYPES.map((p) => Type.Literal(p)), { description: 'Only for AC or only for DC connectors (absent: all)' });
const PeriodIn = Type.Object(
  {
    startsAt: Type.String({ pattern: TIME_OF_DAY_PATTERN, description: 'HH:MM, Asia/Shanghai; the first period starts at 00:00, the others follow in order' }),
    energyPricePerKwh: Price,
    serviceFeePerKwh: Price,
    tier: Type.Optional(Tier),
  },
  { additionalProperties: false },
);
const Periods = Type.Array(PeriodIn, { minItems: 1, maxItems: 48 });
const IdleFeeIn = Type.Object(
  {
    perMinute: Type.String({ pattern: PRICE_PATTERN, description: 'CNY per whole minute of occupancy after charging ended and the grace period' }),
    graceMinutes: Type.Integer({ minimum: 0, maximum: 1440 }),
    dailyCap: Type.Optional(Nullable(Type.String({ pattern: AMOUNT_PATTERN, description: 'Most idle fee per session and day (Asia/Shanghai)' }))),
  },
  { additionalProperties: false },
);
const VersionFields = {
  validFrom: Type.Optional(Type.String({ format: 'date-time', description: 'When these prices take effect (default: now)' })),
  validTo: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  idleFee: Type.Optional(Nullable(IdleFeeIn)),
  sessionFee: Type.Optional(Nullable(Type.String({ pattern: PRICE_PATTERN, description: 'CNY per session' }))),
};

const PeriodOut = Type.Object({ startsAt: Type.String(), energyPricePerKwh: Type.String(), serviceFeePerKwh: Type.String(), tier: Nullable(Type.String()) });
const IdleFeeOut = Nullable(Type.Object({ perMinute: Type.String(), graceMinutes: Type.Integer(), dailyCap: Nullable(Type.String()) }));
const VersionBody = Type.Object({
  version: Type.Integer(),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  periods: Type.Array(PeriodOut),
  idleFee: IdleFeeOut,
  sessionFee: Nullable(Type.String()),
});
const TariffBody = Type.Object({
  id: Type.String(),
  operatorId: Type.String(),
  locationId: Nullable(Type.String()),
  powerType: Nullable(Type.String()),
  name: Type.String(),
  currency: Type.Literal('CNY'),
  // The version in effect now (before the first takes effect: the first).
  version: Type.Integer(),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  periods: Type.Array(PeriodOut),
  idleFee: IdleFeeOut,
  sessionFee: Nullable(Type.String()),
  versions: Type.Array(Type.Object({ version: Type.Integer(), validFrom: Type.String(), validTo: Nullable(Type.String()) })),
});

const versionView = (v: TariffVersion) => ({
  version: v.version,
  validFrom: v.validFrom.toISOString(),
  validTo: v.validTo?.toISOString() ?? null,
  periods: v.periods.map((p) => ({ startsAt: p.startsAt, energyPricePerKwh: p.energyPrice.toFixed(4), serviceFeePerKwh: p.serviceFee.toFixed(4), tier: p.tier })),
  idleFee: v.idleFee ? { perMinute: v.idleFee.perMinute.toFixed(4), graceMinutes: v.idleFee.graceMinutes, dailyCap: v.idleFee.dailyCap?.toFixed(2) ?? null } : null,
  sessionFee: v.sessionFee?.toFixed(4) ?? null,
});

const view = (t: Tariff, now: Date) => ({
  id: t.id,
  operatorId: t.operatorId,
  locationId: t.locationId,
  powerType: t.powerType,
  name: t.name,
  currency: t.currency,
  ...versionView(versionFor(t, now)),
  versions: t.versions.map((v) => ({ version: v.version, validFrom: v.validFrom.toISOString(), validTo: v.validTo?.toISOString() ?? null })),
});

type VersionBodyIn = { validFrom?: string | undefined; validTo?: string | null | undefined; idleFee?: TariffVersionInput['idleFee']; sessionFee?: string | null | undefined };
const versionInput = (b: VersionBodyIn) => ({
  validFrom: b.validFrom ? new Date(b.validFrom) : undefined,
  validTo: b.validTo === undefined ? undefined : b.validTo === null ? null : new Date(b.validTo),
  idleFee: b.idleFee,
  sessionFee: b.sessionFee,
});

/**
 * Operators publish what they charge (electricity price plus service fee per kWh by time of day,
 * optional idle and session fees), in versions: a price change is a new version from its
 * validFrom, and sessions are priced with the versions valid while they charged. Admin, or the
 * operator itself.
 */
export async function tariffRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['tariffs'];
  const now = () => new Date();
  const own = async (req: FastifyRequest, id: string): Promise<Tariff> => {
    const t = await deps.tariffs.get(id);
    const viewer = visibleOperator(req.principal);
    if (viewer && viewer !== t.operatorId) throw new AppError('TARIFF_NOT_FOUND', `tariff ${id} not found`);
    return t;
  };
  const VersionParams = Type.Object({ id: IdParam.properties.id, version: Type.Integer({ minimum: 1 }) });

  app.post('/v1/tariffs', {
    schema: {
      tags,
      summary: "Publish a tariff: the operator's default or one location's own, for all connectors or only AC or DC",
      body: Type.Object(
        {
          id: Identifier,
          operatorId: Identifier,
          locationId: Type.Optional(Identifier),
          powerType: Type.Optional(PowerType),
          name: Type.String({ minLength: 1, maxLength: 200 }),
          currency: Type.Optional(Type.Literal('CNY', { description: 'Only CNY' })),
          periods: Periods,
          ...VersionFields,
        },
        { additionalProperties: false },
      ),
      response: { 201: TariffBody, ...errorResponses },
    },
  }, async (req, reply) => {
    const b = req.body;
    requireOwnOperator(req, b.operatorId);
    const t = await deps.tariffs.create({ id: b.id, operatorId: b.operatorId, locationId: b.locationId, powerType: b.powerType, name: b.name, periods: b.periods, ...versionInput(b) });
    return reply.status(201).send(view(t, now()));
  });

  app.get('/v1/tariffs', {
    schema: {
      tags,
      querystring: Type.Object({ operatorId: Type.Optional(Identifier) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(TariffBody) }), ...errorResponses },
    },
  }, async (req) => ({ items: (await deps.tariffs.repo.list({ operatorId: visibleOperator(req.principal) ?? req.query.operatorId })).map((t) => view(t, now())) }));

  app.get('/v1/tariffs/:id', { schema: { tags, params: IdParam, response: { 200: TariffBody, ...errorResponses } } }, async (req) => view(await own(req, req.params.id), now()));

  app.patch('/v1/tariffs/:id', {
    schema: {
      tags,
      summary: 'Rename a tariff, or change its prices: a new version from validFrom (default now), keeping what it does not name',
      params: IdParam,
      body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), periods: Type.Optional(Periods), ...VersionFields }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: TariffBody, ...errorResponses },
    },
  }, async (req) => {
    await own(req, req.params.id);
    const b = req.body;
    return view(await deps.tariffs.update(req.params.id, { name: b.name, periods: b.periods, ...versionInput(b) }), now());
  });

  app.get('/v1/tariffs/:id/versions', {
    schema: { tags, summary: 'Every version of a tariff, oldest first', params: IdParam, response: { 200: Type.Object({ items: Type.Array(VersionBody) }), ...errorResponses } },
  }, async (req) => ({ items: (await own(req, req.params.id)).versions.map(versionView) }));

  app.post('/v1/tariffs/:id/versions', {
    schema: {
      tags,
      summary: 'Publish a new version (it must start after the latest one, and not in the past)',
      params: IdParam,
      body: Type.Object({ periods: Periods, ...VersionFields }, { additionalProperties: false }),
      response: { 201: TariffBody, ...errorResponses },
    },
  }, async (req, reply) => {
    await own(req, req.params.id);
    const t = await deps.tariffs.addVersion(req.params.id, { periods: req.body.periods, ...versionInput(req.body) });
    return reply.status(201).send(view(t, now()));
  });

  app.delete('/v1/tariffs/:id/versions/:version', {
    schema: { tags, summary: 'Withdraw the latest version before it takes effect', params: VersionParams, response: { 200: TariffBody, ...errorResponses } },
  }, async (req) => {
    await own(req, req.params.id);
    return view(await deps.tariffs.withdrawVersion(req.params.id, req.params.version), now());
  });

  app.delete('/v1/tariffs/:id', { schema: { tags, params: IdParam, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await own(req, req.params.id);
    await deps.tariffs.delete(req.params.id);
    return reply.status(204).send(null);
  });
}
