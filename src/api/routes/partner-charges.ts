import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { visibleOperator } from '../../domain/access/index.js';
import type { RoamingCharge } from '../../domain/roaming/index.js';
import { AppError } from '../../shared/errors.js';
import { shanghaiDayStart } from '../../shared/shanghai-time.js';
import type { ApiDeps } from '../deps.js';
import { adminOnly } from '../plugins/auth.js';
import { Identifier, Nullable, errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const ChargeBody = Type.Object({
  partnerId: Type.String(),
  ref: Type.String({ description: 'The protocol reference (T/CEC StartChargeSeq)' }),
  stationId: Type.String(),
  evseNo: Type.Integer(),
  connectorNo: Type.Integer(),
  partnerConnectorId: Type.String(),
  idToken: Nullable(Type.String()),
  providerId: Type.String(),
  state: Type.Integer({ description: '1 starting, 2 charging, 3 stopping, 4 finished, 5 failed/unknown' }),
  startedAt: Nullable(Type.String()),
  stoppedAt: Nullable(Type.String()),
  energyWh: Nullable(Type.Integer()),
  cdrId: Nullable(Type.String()),
  confirmResult: Nullable(Type.Integer({ description: 'What we answered to its order: 0 confirmed, 1 disputed' })),
  disputeReason: Nullable(Type.Integer({ description: '1 order missing, 2 amount, 3 energy' })),
});

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
const view = (c: RoamingCharge) => ({
  partnerId: c.partnerId,
  ref: c.ref,
  stationId: c.stationId,
  evseNo: c.evseNo,
  connectorNo: c.connectorNo,
  partnerConnectorId: c.partnerConnectorId,
  idToken: c.idToken,
  providerId: c.providerId,
  state: c.state,
  startedAt: iso(c.startedAt),
  stoppedAt: iso(c.stoppedAt),
  energyWh: c.energyWh,
  cdrId: c.cdrId,
  confirmResult: c.confirmResult,
  disputeReason: c.disputeReason,
});

const Params = Type.Object({ id: Identifier });
const RefParams = Type.Object({ id: Identifier, ref: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * The driver side of roaming: pull a partner's stations into the catalog (its later changes come
 * every 10 minutes by themselves), and start and stop our drivers' charges on its connectors. An
 * EMSP key acts for its own tokens; the admin for any.
 */
export async function partnerChargeRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['partners'];
  const queueChecks = deps.queueOrderChecks;
  if (queueChecks) {
    app.post('/v1/partners/order-checks', {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: "Send a day's order check (check_charge_orders) to every partner whose drivers charged with us that day (the nightly job does yesterday)",
        body: Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Asia/Shanghai day' }) }, { additionalProperties: false }),
        response: { 202: Type.Object({ partners: Type.Integer() }), ...errorResponses },
      },
    }, async (req, reply) => {
      if (!shanghaiDayStart(req.body.date)) throw new AppError('VALIDATION_FAILED', `${req.body.date} is not a day`, { field: 'date' });
      return reply.status(202).send({ partners: await queueChecks(req.body.date) });
    });
  }
  const driver = deps.roamingDriver;
  if (!driver) return;
  const asOperator = (req: FastifyRequest): string | undefined => visibleOperator(req.principal) ?? undefined;

  app.post('/v1/partners/:id/station-sync', {
    preHandler: adminOnly,
    schema: {
      tags,
      summary: "Pull a partner's stations into the catalog: all (full) or those changed since the last sync (LastQueryTime)",
      params: Params,
      body: Type.Optional(Type.Object({ full: Type.Optional(Type.Boolean()) }, { additionalProperties: false })),
      response: {
        200: Type.Object({
          stations: Type.Integer(),
          connectors: Type.Integer(),
          since: Nullable(Type.String()),
          skipped: Type.Array(Type.Object({ stationId: Type.String(), reason: Type.String() })),
          removed: Type.Array(Type.Object({ stationId: Type.String(), outcome: Type.Union([Type.Literal('deleted'), Type.Literal('retired')]) }), {
            description:
              'Our stations the partner no longer lists (only a full sync that read every page removes unlisted stations) or no longer names at a station it lists: ' +
              'deleted, or retired (its EVSEs retired, out of search and starts, history kept) where sessions, CDRs, roaming charges or reservations name it. Listed again, it comes back.',
          }),
        }),
        ...errorResponses,
      },
    },
  }, async (req) => {
    const r = await driver.syncStations(req.params.id, req.body?.full ?? false);
    return { ...r, skipped: [...r.skipped], removed: [...r.removed] };
  });

  app.post('/v1/partners/:id/charges', {
    schema: {
      tags,
      summary: "Start a charge for our token on a partner's connector (as our catalog shows it)",
      params: Params,
      body: Type.Object(
        {
          stationId: Identifier,
          evseNo: Type.Integer({ minimum: 1 }),
          connectorNo: Type.Optional(Type.Integer({ minimum: 1 })),
          idToken: Type.String({ minLength: 1, maxLength: 36 }),
        },
        { additionalProperties: false },
      ),
      response: { 201: ChargeBody, ...errorResponses },
    },
  }, async (req, reply) => reply.status(201).send(view(await driver.startCharge(req.params.id, req.body, asOperator(req)))));

  app.get('/v1/partners/:id/charges/:ref', {
    schema: { tags, summary: 'One of our charges on a partner connector', params: RefParams, response: { 200: ChargeBody, ...errorResponses } },
  }, async (req) => view(await driver.getCharge(req.params.id, req.params.ref, asOperator(req))));

  app.post('/v1/partners/:id/charges/:ref/stop', {
    schema: { tags, summary: 'Stop one of our charges on a partner connector', params: RefParams, response: { 200: ChargeBody, ...errorResponses } },
  }, async (req) => view(await driver.stopCharge(req.params.id, req.params.ref, asOperator(req))));
}
