import type { Handler, GatewayServices } from '../context.js';
import { samplesFromWire } from '../meter-values.js';

export const meterValues = (svc: GatewayServices): Handler => async (ctx, p) => {
  const txId = p.transactionId === undefined ? null : String(p.transactionId);
  await svc.sessions.meterValues(ctx.stationId, p.connectorId, txId, samplesFromWire(p.meterValue));
  return {};
};
