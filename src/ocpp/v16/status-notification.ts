import { statusFrom16 } from '../../domain/stations/index.js';
import type { Handler, GatewayServices } from '../context.js';

/** 1.6 connectorId n is EVSE n with one connector; connectorId 0 is the whole charge point. */
export const statusNotification = (svc: GatewayServices): Handler => async (ctx, p) => {
  await svc.stations.connectorStatus({
    stationId: ctx.stationId,
    evseNo: p.connectorId,
    connectorNo: p.connectorId === 0 ? 0 : 1,
    ocppStatus: p.status,
    status: statusFrom16(p.status),
    errorCode: p.errorCode === 'NoError' ? undefined : [p.errorCode, p.vendorErrorCode].filter(Boolean).join(':'),
    info: p.info,
    occurredAt: p.timestamp ? new Date(p.timestamp) : svc.sessions.now(),
  }, ctx.place);
  return {};
};
