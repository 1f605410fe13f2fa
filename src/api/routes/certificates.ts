import { X509Certificate } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { STATION_CERTIFICATE_STATUSES, type StationCertificate } from '../../domain/certificates/index.js';
import { visibleOperator } from '../../domain/access/index.js';
import { AppError } from '../../shared/errors.js';
import type { ApiDeps } from '../deps.js';
import { IdParam, Nullable, errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const CertificateBody = Type.Object({
  id: Type.String(),
  stationId: Type.String(),
  certificateType: Type.String({ description: 'ChargingStationCertificate (2.0.1; 1.6 ChargePointCertificate) or V2GCertificate' }),
  status: Type.Enum(STATION_CERTIFICATE_STATUSES, { description: 'requested (being signed), issued (sent with CertificateSigned), failed' }),
  error: Nullable(Type.String()),
  subject: Type.String(),
  serialNumber: Nullable(Type.String()),
  notBefore: Nullable(Type.String()),
  notAfter: Nullable(Type.String()),
  certificate: Nullable(Type.String({ description: 'PEM' })),
  commandId: Nullable(Type.String({ description: 'The CertificateSigned command: GET /v1/commands/{id} (admin) shows whether the station took it' })),
  requestedAt: Type.String(),
  issuedAt: Nullable(Type.String()),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;
const view = (c: StationCertificate) => ({
  id: c.id,
  stationId: c.stationId,
  certificateType: c.certificateType,
  status: c.status,
  error: c.error,
  subject: c.subject,
  serialNumber: c.serialNumber,
  notBefore: iso(c.notBefore),
  notAfter: iso(c.notAfter),
  certificate: c.certificate,
  commandId: c.commandId,
  requestedAt: c.requestedAt.toISOString(),
  issuedAt: iso(c.issuedAt),
});

/** The platform's station CA, and the certificates it issued to stations (SignCertificate). */
export async function certificateRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['security'];

  app.get('/v1/certificate-authority', {
    schema: {
      tags,
      summary: "The CA that signs stations' certificates and that the TLS listener trusts for client certificates (security profile 3)",
      response: {
        200: Type.Object({ certificate: Type.String({ description: 'PEM' }), subject: Type.String(), notAfter: Type.String(), fingerprintSha256: Type.String() }),
        ...errorResponses,
      },
    },
  }, async () => {
    const pem = deps.certificates.caCertificatePem;
    const c = new X509Certificate(pem);
    return { certificate: pem, subject: c.subject.split('\n').join(', '), notAfter: new Date(c.validTo).toISOString(), fingerprintSha256: c.fingerprint256 };
  });

  app.get('/v1/stations/:id/certificates', {
    schema: { tags, summary: 'Certificates the station asked for (newest first)', params: IdParam, response: { 200: Type.Object({ items: Type.Array(CertificateBody) }), ...errorResponses } },
  }, async (req) => {
    // An operator key sees its own stations only; another operator's is as good as absent.
    const s = await deps.stations.get(req.params.id);
    const own = visibleOperator(req.principal);
    if (!s || (own !== undefined && s.operatorId !== own)) throw new AppError('STATION_NOT_FOUND', `station ${req.params.id} not found`);
    return { items: (await deps.certificates.listForStation(req.params.id)).map(view) };
  });
}
