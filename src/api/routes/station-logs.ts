import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { visibleOperator } from '../../domain/access/index.js';
import { STATION_LOG_STATUSES, type StationLog } from '../../domain/station-logs/index.js';
import { AppError } from '../../shared/errors.js';
import type { ApiDeps } from '../deps.js';
import { errorResponses, IdParam, Nullable } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const LogView = Type.Object({
  id: Type.String(),
  stationId: Type.String(),
  commandId: Type.String({ description: 'The get-log command that asked for it' }),
  requestId: Type.Integer(),
  status: Type.Enum(STATION_LOG_STATUSES, { description: 'requested, uploading, uploaded (the file is here), failed' }),
  stationStatus: Nullable(Type.String({ description: 'The last LogStatusNotification / DiagnosticsStatusNotification status' })),
  fileName: Nullable(Type.String()),
  contentType: Nullable(Type.String()),
  sizeBytes: Nullable(Type.Integer()),
  requestedAt: Type.String(),
  uploadedAt: Nullable(Type.String()),
});

const view = (l: StationLog) => ({
  id: l.id,
  stationId: l.stationId,
  commandId: l.commandId,
  requestId: l.requestId,
  status: l.status,
  stationStatus: l.stationStatus,
  fileName: l.fileName,
  contentType: l.contentType,
  sizeBytes: l.sizeBytes,
  requestedAt: l.requestedAt.toISOString(),
  uploadedAt: l.uploadedAt?.toISOString() ?? null,
});

/** The log files stations uploaded for get-log commands. */
export async function stationLogRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['device management'];
  const visible = async (stationId: string, principal: Parameters<typeof visibleOperator>[0]) => {
    const s = await deps.stations.get(stationId);
    const own = visibleOperator(principal);
    if (!s || (own !== undefined && s.operatorId !== own)) throw new AppError('STATION_NOT_FOUND', `station ${stationId} not found`);
  };

  app.get('/v1/stations/:id/logs', {
    schema: {
      tags,
      summary: 'Log files asked of the station (get-log), newest first, with their upload status',
      params: IdParam,
      querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
      response: { 200: Type.Object({ items: Type.Array(LogView) }), ...errorResponses },
    },
  }, async (req) => {
    await visible(req.params.id, req.principal);
    return { items: (await deps.stationLogs.list(req.params.id, req.query.limit)).map(view) };
  });

  app.get('/v1/stations/:id/logs/:logId/file', {
    schema: {
      tags,
      summary: 'The file the station uploaded',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), logId: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 200: Type.Any({ description: 'The file as uploaded' }), ...errorResponses },
    },
  }, async (req, reply) => {
    await visible(req.params.id, req.principal);
    const f = await deps.stationLogs.download(req.params.id, req.params.logId);
    const name = (f.fileName ?? `${req.params.id}-${f.log.requestId}.log`).replace(/[^\w.-]/g, '_');
    return reply
      .header('content-type', f.contentType ?? 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(f.content);
  });
}
