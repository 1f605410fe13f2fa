import type { Handler, GatewayServices } from '../context.js';

/** K13: an external limit ended, on one EVSE or (no evseId) wherever that source had set one. */
export const clearedChargingLimit = (svc: GatewayServices): Handler => async (ctx, p) => {
  await svc.chargingLimits?.limitCleared(ctx.stationId, p.evseId, p.chargingLimitSource);
  return {};
};
