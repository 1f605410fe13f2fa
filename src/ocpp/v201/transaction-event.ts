import type { Handler, GatewayServices } from '../context.js';
import { idTokenInfo201 } from '../id-token-info.js';
import { samplesFromWire } from '../meter-values.js';

/** Idempotent on (transactionId, seqNo): a replayed event is answered but changes nothing. */
export const transactionEvent = (svc: GatewayServices): Handler => async (ctx, p) => {
  const info = p.transactionInfo;
  const r = await svc.sessions.transactionEvent({
    stationId: ctx.stationId,
    operatorId: ctx.operatorId,
    city: ctx.place.city,
    transactionId: info.transactionId,
    eventType: p.eventType,
    seqNo: p.seqNo,
    timestamp: new Date(p.timestamp),
    triggerReason: p.triggerReason,
    offline: p.offline === true,
    evseNo: p.evse?.id,
    connectorNo: p.evse?.connectorId,
    idToken: p.idToken?.idToken,
    chargingState: info.chargingState,
    stoppedReason: info.stoppedReason,
    remoteStartId: info.remoteStartId,
    reservationId: p.reservationId,
    samples: samplesFromWire(p.meterValue, p.eventType === 'Started' ? 'Transaction.Begin' : p.eventType === 'Ended' ? 'Transaction.End' : undefined),
  });
  const evseNo = p.evse?.id ?? r.session?.evseNo;
  if (!r.duplicate && info.chargingState && evseNo) {
    await svc.stations.chargingState(ctx.stationId, ctx.place, evseNo, p.evse?.connectorId ?? r.session?.connectorNo ?? 1, info.chargingState, new Date(p.timestamp));
  }
  return r.auth ? { idTokenInfo: idTokenInfo201(r.auth) } : {};
};
