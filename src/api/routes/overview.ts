import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { visibleOperator } from '../../domain/access/index.js';
import { CONNECTOR_STATUSES } from '../../domain/stations/index.js';
import type { ApiDeps } from '../deps.js';
import { errorResponses, Nullable } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const Money = Type.String({ description: 'CNY, 2 decimals' });
const Figures = {
  stations: Type.Object({ total: Type.Integer(), online: Type.Integer(), offline: Type.Integer() }),
  connectors: Type.Object(Object.fromEntries(CONNECTOR_STATUSES.map((s) => [s, Type.Integer()])), {
    description: "Connectors by live status; an offline station's connectors count as OFFLINE, ones never reported as UNKNOWN",
  }),
  sessionsToday: Type.Integer({ description: 'Sessions started today (Asia/Shanghai)' }),
  activeSessions: Type.Integer({ description: 'Sessions running now' }),
  energyKwhToday: Type.String({ description: 'kWh (3 decimals) of the sessions that ended today' }),
  revenueToday: { ...Money, description: "Priced CDRs of today's settlement day, CNY" },
  revenueMonth: { ...Money, description: "Priced CDRs of this month's settlement days so far, CNY" },
  roamingEnergyShareMonth: Nullable(Type.String({ description: "This month's CDR kWh charged by other operators' customers ÷ all, 4 decimals" })),
  roamingRevenueMonth: Money,
};

/** The console's overview, for apps and scripts too. */
export async function overviewRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  app.get('/v1/overview', {
    schema: {
      tags: ['reports'],
      summary: 'The three cities now: stations online/offline, connectors by live status, sessions and kWh today, revenue today and this month, per city and operator',
      description:
        "The admin key sees every operator; an operator key only its own stations (as their CPO), their sessions and the CDRs it is paid for. Days are Asia/Shanghai; revenue follows the cities' report (priced CDRs by settlement day; credits subtract).",
      response: {
        200: Type.Object({
          asOf: Type.String(),
          day: Type.String({ description: 'YYYY-MM-DD, Asia/Shanghai' }),
          month: Type.String({ description: 'YYYY-MM' }),
          currency: Type.Literal('CNY'),
          totals: Type.Object(Figures),
          cities: Type.Array(Type.Object({ city: Type.String(), ...Figures, operators: Type.Array(Type.Object({ operatorId: Type.String(), ...Figures })) })),
        }),
        ...errorResponses,
      },
    },
  }, async (req) => deps.overview.overview(visibleOperator(req.principal)));
}
