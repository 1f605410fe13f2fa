import { bootDecision } from '../boot-report.js';
import type { Handler, GatewayServices } from '../context.js';

export const bootNotification = (svc: GatewayServices): Handler => async (ctx, p) => {
  const r = await svc.stations.boot(ctx.stationId, {
    ocppVersion: '1.6',
    vendor: p.chargePointVendor,
    model: p.chargePointModel,
    serialNumber: p.chargePointSerialNumber ?? p.chargeBoxSerialNumber,
    firmwareVersion: p.firmwareVersion,
  });
  ctx.registrationStatus = await bootDecision(svc, ctx, r.status);
  return { status: ctx.registrationStatus, currentTime: r.currentTime.toISOString(), interval: ctx.registrationStatus === r.status ? r.intervalSec : 60 };
};
