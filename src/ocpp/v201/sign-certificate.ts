import { createRPCError } from 'ocpp-rpc';
import type { SigningUse } from '../../domain/certificates/index.js';
import type { GatewayServices, Handler } from '../context.js';

/**
 * A02/A03: the station sends a CSR; the answer says whether the CA will sign it, and the
 * certificate follows in CertificateSigned (sent by the platform once this answer has left).
 */
export const signCertificate = (svc: GatewayServices): Handler => async (ctx, p) => {
  if (!svc.certificates) throw createRPCError('NotSupported', 'this central system issues no certificates');
  const use: SigningUse = p.certificateType ?? 'ChargingStationCertificate';
  const verdict = await svc.certificates.requestFromStation(ctx.stationId, p.csr, use);
  if (verdict.status === 'Accepted') return { status: 'Accepted' };
  ctx.log.info({ reason: verdict.reason }, 'SignCertificate rejected');
  return { status: 'Rejected', statusInfo: { reasonCode: use === 'V2GCertificate' ? 'NotSupported' : 'InvalidCSR', additionalInfo: verdict.reason.slice(0, 512) } };
};
