import type { Handler, GatewayServices } from '../context.js';
import { samplesFromWire } from '../meter-values.js';

/** Meter values outside a transaction (clock-aligned, evseId 0 = main meter). */
export const meterValues = (svc: GatewayServices): Handler => async (ctx, p) => {
  await svc.sessions.meterValues(ctx.stationId, p.evseId, null, samplesFromWire(p.meterValue));
  return {};
};
