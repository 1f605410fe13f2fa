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
});
/** The search answer; the route writes it as JSON itself (LocationJson), tests check it against this. */
export const LocationPage = Type.Object({ items: Type.Array(Location), nextCursor: Nullable(Type.String()) });
