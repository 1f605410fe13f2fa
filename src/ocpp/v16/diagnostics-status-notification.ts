import type { Handler, GatewayServices } from '../context.js';

/** The upload of the diagnostics a GetDiagnostics asked for (no request id: the station's newest log request). */
export const diagnosticsStatusNotification = (svc: GatewayServices): Handler => async (ctx, p) => {
  await svc.stations.diagnosticsStatus(ctx.stationId, p.status, p);
  await svc.stationLogs?.statusReported(ctx.stationId, p.status);
  return {};
};
