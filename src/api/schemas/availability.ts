import { Type } from 'typebox';
import { CONNECTOR_STATUSES } from '../../domain/stations/index.js';
import { Nullable } from './common.js';

const Status = Type.Enum(CONNECTOR_STATUSES);
export const Evse = Type.Object({
  id: Type.String({ description: '"{stationId}.{evseId}"' }),
  stationId: Type.String(),
  evseId: Type.Integer(),
  status: Status,
  connectors: Type.Array(Type.Object({ connectorId: Type.Integer(), standard: Type.String(), maxPowerKw: Nullable(Type.Number()), status: Status })),
});
const Price = Type.String({ pattern: '^\\d+\\.\\d{4}$', description: 'CNY per kWh, exact decimal' });
/** What charging at a location costs per kWh, by time of day (Asia/Shanghai). */
export const TariffSummary = Type.Object({
  tariffId: Type.String(),
  currency: Type.Literal('CNY'),
  minPricePerKwh: Price,
  maxPricePerKwh: Price,
  periods: Type.Array(
    Type.Object({
      startsAt: Type.String({ description: 'HH:MM, Asia/Shanghai' }),
      endsAt: Type.String({ description: 'HH:MM (24:00 for the end of the day)' }),
      energyPricePerKwh: Price,
      serviceFeePerKwh: Price,
      pricePerKwh: Price,
    }),
  ),
});
export const Location = Type.Object({
  id: Type.String(),
  operatorId: Type.String(),
  name: Type.String(),
  city: Type.String(),
  district: Nullable(Type.String()),
  address: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  timeZone: Type.String(),
  distanceKm: Nullable(Type.Number()),
  availableConnectors: Type.Integer(),
  totalConnectors: Type.Integer(),
  evses: Type.Array(Evse),
  tariff: Nullable(TariffSummary),
});
/** The search answer; the route writes it as JSON itself (LocationJson), tests check it against this. */
export const LocationPage = Type.Object({ items: Type.Array(Location), nextCursor: Nullable(Type.String()) });
