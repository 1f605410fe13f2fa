import type { Handler, GatewayServices } from '../context.js';

export const diagnosticsStatusNotification = (svc: GatewayServices): Handler => async (ctx, p) => {
  await svc.stations.diagnosticsStatus(ctx.stationId, p.status, p);
  return {};
};
