import { bootDecision } from '../boot-report.js';
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
  ctx.registrationStatus = await bootDecision(svc, ctx, r.status);
  return { status: ctx.registrationStatus, currentTime: r.currentTime.toISOString(), interval: ctx.registrationStatus === r.status ? r.intervalSec : 60 };
};
