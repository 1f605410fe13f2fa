import type { Handler, GatewayServices } from '../context.js';
import { idTagInfo16 } from '../id-token-info.js';
import { samplesFromWire } from '../meter-values.js';

/** Stopping a finished or unknown transaction changes nothing; the station still gets its answer. */
export const stopTransaction = (svc: GatewayServices): Handler => async (ctx, p) => {
  const r = await svc.sessions.stop16({
    stationId: ctx.stationId,
    operatorId: ctx.operatorId,
    city: ctx.place.city,
    transactionId: String(p.transactionId),
    meterStopWh: p.meterStop,
    timestamp: new Date(p.timestamp),
    reason: p.reason,
    idTag: p.idTag,
    samples: samplesFromWire(p.transactionData),
  });
  if (!r.session) ctx.log.warn({ transactionId: p.transactionId }, 'StopTransaction for an unknown transaction');
  return r.auth ? { idTagInfo: idTagInfo16(r.auth) } : {};
};
