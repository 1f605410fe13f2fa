import type { Handler, GatewayServices } from '../context.js';

export const bootNotification = (svc: GatewayServices): Handler => async (ctx, p) => {
  const cs = p.chargingStation;
  const r = await svc.stations.boot(ctx.stationId, {
    ocppVersion: '2.0.1',
    vendor: cs.vendorName,
    model: cs.model,
    serialNumber: cs.serialNumber,
    firmwareVersion: cs.firmwareVersion,
    reason: p.reason,
  });
  ctx.registrationStatus = r.status;
  return { status: r.status, currentTime: r.currentTime.toISOString(), interval: r.intervalSec };
};
