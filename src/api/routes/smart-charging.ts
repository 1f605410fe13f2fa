import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { GridLimit, SiteLoadReport } from '../../domain/smart-charging/index.js';
import { MAX_PRIORITY, PROFILE_STATUSES } from '../../domain/smart-charging/index.js';
import type { ApiDeps } from '../deps.js';
import { IdParam, Nullable, errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const kw = (w: number | null): number | null => (w === null ? null : w / 1000);
const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

const GridLimitBody = Type.Object({
  locationId: Type.String(),
  maxKw: Type.Number(),
  phases: Type.Integer({ description: 'Phases of the grid connection: AC EVSEs above 7.4 kW get profiles in amperes over this many phases' }),
  updatedAt: Type.String(),
});
const gridLimitView = (g: GridLimit) => ({ locationId: g.locationId, maxKw: g.maxPowerW / 1000, phases: g.phases, updatedAt: g.updatedAt.toISOString() });

const LoadBody = Type.Object({
  locationId: Type.String(),
  at: Type.String(),
  limit: GridLimitBody,
  allocatedKw: Type.Number({ description: 'The sum of what the sessions should get now' }),
  committedKw: Type.Number({ description: 'The sum of the limits the stations may be applying (accepted, or sent and not yet answered if higher, or the EVSE maximum while none is known)' }),
  measuredKw: Type.Number({ description: 'The sum of the sessions\' latest power readings (of the last 10 minutes)' }),
  sessions: Type.Array(
    Type.Object({
      sessionId: Type.String(),
      stationId: Type.String(),
      evseId: Nullable(Type.Integer()),
      priority: Type.Integer(),
      allocatedKw: Type.Number({ description: 'What it should get now' }),
      capKw: Type.Number({ description: 'The most it could take now' }),
      limitedBy: Type.String({ description: 'share (its fair share) | evse | station | reported (a limit the station or EV reported) | demand (it draws less) | paused (below its minimum) | uncontrolled (its station refuses profiles)' }),
      controlled: Type.Boolean(),
      measuredKw: Nullable(Type.Number()),
      measuredAt: Nullable(Type.String()),
      profile: Nullable(
        Type.Object({
          commandId: Nullable(Type.String()),
          limitKw: Nullable(Type.Number({ description: 'The limit of the last profile sent' })),
          status: Nullable(Type.Enum(PROFILE_STATUSES)),
          sentAt: Nullable(Type.String()),
          acceptedKw: Nullable(Type.Number({ description: 'The limit the station accepted last: in force' })),
          answeredAt: Nullable(Type.String()),
        }),
      ),
    }),
  ),
  stations: Type.Array(
    Type.Object({
      stationId: Type.String(),
      maxKw: Nullable(Type.Number()),
      reportedLimits: Type.Array(
        Type.Object({ evseId: Type.Integer({ description: '0: the whole station' }), source: Type.String(), limitKw: Nullable(Type.Number()), gridCritical: Type.Boolean(), reportedAt: Type.String() }),
      ),
    }),
  ),
});

const READING_MAX_AGE_MS = 10 * 60_000;

function loadView(r: SiteLoadReport) {
  const { site, plan } = r;
  const fresh = (at: Date | null) => at !== null && r.at.getTime() - at.getTime() <= READING_MAX_AGE_MS;
  return {
    locationId: site.locationId,
    at: r.at.toISOString(),
    limit: gridLimitView(site.limit),
    allocatedKw: plan.sessions.reduce((a, s) => a + s.targetW, 0) / 1000,
    committedKw: plan.committedW / 1000,
    measuredKw: site.sessions.reduce((a, s) => a + (fresh(s.measuredAt) ? (s.measuredW ?? 0) : 0), 0) / 1000,
    sessions: site.sessions.map((s, i) => {
      const p = plan.sessions[i]!;
      const profile = s.profile;
      return {
        sessionId: s.sessionId,
        stationId: s.stationId,
        evseId: s.evseNo,
        priority: s.priority,
        allocatedKw: p.targetW / 1000,
        capKw: p.capW / 1000,
        limitedBy: p.limitedBy,
        controlled: p.controlled,
        measuredKw: kw(s.measuredW),
        measuredAt: iso(s.measuredAt),
        profile:
          profile.commandId === null
            ? null
            : { commandId: profile.commandId, limitKw: kw(profile.sentW), status: profile.status, sentAt: iso(profile.sentAt), acceptedKw: kw(profile.acceptedW), answeredAt: iso(profile.answeredAt) },
      };
    }),
    stations: site.stations.map((st) => ({
      stationId: st.stationId,
      maxKw: kw(st.maxW),
      reportedLimits: r.reported
        .filter((l) => l.stationId === st.stationId)
        .map((l) => ({ evseId: l.evseNo, source: l.source, limitKw: kw(l.limitW), gridCritical: l.gridCritical, reportedAt: l.reportedAt.toISOString() })),
    })),
  };
}

/**
 * Smart charging: a site's grid limit shared among its charging sessions (admin, or the CPO whose
 * location it is), the site's load as the platform sees it, and a session's priority.
 */
export async function smartChargingRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['smart charging'];

  app.put('/v1/locations/:id/grid-limit', {
    schema: {
      tags,
      summary: "Set the site's grid connection limit: the platform keeps the sum of its charging sessions' limits under it",
      params: IdParam,
      body: Type.Object(
        {
          maxKw: Type.Number({ minimum: 0, maximum: 100_000, description: 'kW, to the watt' }),
          phases: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(3)], { description: 'Phases of the connection (default 3)' })),
        },
        { additionalProperties: false },
      ),
      response: { 200: GridLimitBody, ...errorResponses },
    },
  }, async (req) =>
    gridLimitView(await deps.smartCharging.setGridLimit(req.principal, req.params.id, { maxPowerW: Math.round(req.body.maxKw * 1000), phases: req.body.phases })),
  );

  app.get('/v1/locations/:id/grid-limit', { schema: { tags, params: IdParam, response: { 200: GridLimitBody, ...errorResponses } } }, async (req) =>
    gridLimitView(await deps.smartCharging.gridLimit(req.principal, req.params.id)),
  );

  app.delete('/v1/locations/:id/grid-limit', {
    schema: { tags, summary: 'Remove the limit: the platform clears the profiles it sent there', params: IdParam, response: { 204: Type.Null(), ...errorResponses } },
  }, async (req, reply) => {
    await deps.smartCharging.removeGridLimit(req.principal, req.params.id);
    return reply.status(204).send(null);
  });

  app.get('/v1/locations/:id/load', {
    schema: { tags, summary: "The site's limit, each running session's allocation and profile, and the power they draw", params: IdParam, response: { 200: LoadBody, ...errorResponses } },
  }, async (req) => loadView(await deps.smartCharging.load(req.principal, req.params.id)));

  app.put('/v1/sessions/:id/priority', {
    schema: {
      tags,
      summary: "A running session's weight in its site's sharing: 2 gets twice what 1 gets (default 1)",
      params: IdParam,
      body: Type.Object({ priority: Type.Integer({ minimum: 1, maximum: MAX_PRIORITY }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ sessionId: Type.String(), priority: Type.Integer() }), ...errorResponses },
    },
  }, async (req) => {
    await deps.smartCharging.setPriority(req.principal, req.params.id, req.body.priority);
    return { sessionId: req.params.id, priority: req.body.priority };
  });
}
