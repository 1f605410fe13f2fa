import { createRPCError } from 'ocpp-rpc';
import type { GatewayServices, Handler } from '../context.js';

/** 1.6 security extension: the charge point's CSR; CertificateSigned follows once this answer has left. */
export const signCertificate = (svc: GatewayServices): Handler => async (ctx, p) => {
  if (!svc.certificates) throw createRPCError('NotSupported', 'this central system issues no certificates');
  const verdict = await svc.certificates.requestFromStation(ctx.stationId, p.csr, 'ChargingStationCertificate');
  if (verdict.status === 'Rejected') ctx.log.info({ reason: verdict.reason }, 'SignCertificate rejected');
  return { status: verdict.status };
};
