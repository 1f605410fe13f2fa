import type { Handler, GatewayServices } from '../context.js';
import { idTagInfo16 } from '../id-token-info.js';

/** A replay (same connector, idTag, timestamp, meterStart) gets the transactionId it got before. */
export const startTransaction = (svc: GatewayServices): Handler => async (ctx, p) => {
  const r = await svc.sessions.start16({
    stationId: ctx.stationId,
    operatorId: ctx.operatorId,
    city: ctx.place.city,
    connectorId: p.connectorId,
    idTag: p.idTag,
    meterStartWh: p.meterStart,
    timestamp: new Date(p.timestamp),
    reservationId: p.reservationId,
  });
  return { transactionId: r.transactionId, idTagInfo: idTagInfo16(r.auth) };
};
