import type { Handler, GatewayServices } from '../context.js';

export const firmwareStatusNotification = (svc: GatewayServices): Handler => async (ctx, p) => {
  await svc.stations.firmwareStatus(ctx.stationId, p.status, p);
  return {};
};
