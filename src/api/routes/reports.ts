import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ApiDeps } from '../deps.js';
import { adminOnly } from '../plugins/auth.js';
import { Nullable, errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const Kwh = Type.String({ description: 'kWh, 3 decimals' });
const Figures = {
  sessions: Type.Integer(),
  energyKwh: Kwh,
  revenue: Type.String({ description: 'CNY, 2 decimals' }),
  roamingSessions: Type.Integer({ description: "Charged by other operators' customers" }),
  roamingEnergyKwh: Kwh,
  roamingRevenue: Type.String(),
  roamingEnergyShare: Nullable(Type.String({ description: 'roaming kWh ÷ kWh' })),
  energyKwhByTier: Type.Object({ sharp: Kwh, peak: Kwh, flat: Kwh, valley: Kwh, 'deep-valley': Kwh, untiered: Kwh }),
  valleyShare: Nullable(Type.String({ description: '(valley + deep-valley) kWh ÷ kWh; the vehicle-grid pilots aim at 0.6 public, 0.8 private' })),
};

/** The three cities' view for the platform administration. */
export async function reportRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  app.get('/v1/reports/cities', {
    preHandler: adminOnly,
    schema: {
      tags: ['reports'],
      summary: 'Per city and operator: sessions, kWh, revenue, the share charged by other operators\' customers, kWh by tariff tier and the valley share',
      querystring: Type.Object({ from: Type.String({ description: 'First settlement day, YYYY-MM-DD' }), to: Type.String({ description: 'Last settlement day, YYYY-MM-DD' }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          from: Type.String(),
          to: Type.String(),
          currency: Type.Literal('CNY'),
          totals: Type.Object(Figures),
          cities: Type.Array(Type.Object({ city: Type.String(), ...Figures, operators: Type.Array(Type.Object({ operatorId: Type.String(), ...Figures })) })),
        }),
        ...errorResponses,
      },
    },
  }, async (req) => ({ currency: 'CNY' as const, ...(await deps.reports.cities(req.query.from, req.query.to)) }));
}
