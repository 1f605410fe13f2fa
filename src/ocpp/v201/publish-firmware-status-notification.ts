import type { Handler, GatewayServices } from '../context.js';

/** A local controller reports publishing firmware (L05): kept with the station's events. */
export const publishFirmwareStatusNotification = (svc: GatewayServices): Handler => async (ctx, p) => {
  await svc.stations.publishFirmwareStatus(ctx.stationId, p.status, p, p.requestId);
  return {};
};
