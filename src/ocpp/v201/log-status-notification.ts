import type { Handler, GatewayServices } from '../context.js';

/** 2.0.1 (and the 1.6 security extension's) LogStatusNotification: the upload of the log a GetLog asked for. */
export const logStatusNotification = (svc: GatewayServices): Handler => async (ctx, p) => {
  await svc.stations.diagnosticsStatus(ctx.stationId, p.status, p, 'LogStatus');
  await svc.stationLogs?.statusReported(ctx.stationId, p.status, p.requestId);
  return {};
};
