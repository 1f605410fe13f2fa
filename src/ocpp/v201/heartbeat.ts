import type { Handler, GatewayServices } from '../context.js';

export const heartbeat = (svc: GatewayServices): Handler => async (ctx) => ({
  currentTime: svc.stations.heartbeat(ctx.stationId).toISOString(),
});
