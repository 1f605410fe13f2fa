import { statusFrom201 } from '../../domain/stations/index.js';
import type { Handler, GatewayServices } from '../context.js';

export const statusNotification = (svc: GatewayServices): Handler => async (ctx, p) => {
  await svc.stations.connectorStatus({
    stationId: ctx.stationId,
    evseNo: p.evseId,
    connectorNo: p.connectorId,
    ocppStatus: p.connectorStatus,
    status: statusFrom201(p.connectorStatus),
    // Occupied: refined from what the connector already shows (e.g. CHARGING stays CHARGING).
    occupied: p.connectorStatus === 'Occupied',
    occurredAt: new Date(p.timestamp),
  }, ctx.place);
  return {};
};
