import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { LOG_UPLOAD_PATH, type StationLogService, type UploadedFile } from '../../domain/station-logs/index.js';
import { errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

/** filename="…" of a Content-Disposition header, if any. */
function fileNameOf(disposition: string | undefined): string | null {
  const m = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition) : null;
  return m?.[1] ? decodeURIComponent(m[1]).slice(0, 255) : null;
}

/**
 * Where stations upload the log files asked of them (get-log): the one-time URL a GetLog /
 * GetDiagnostics carried. No API key (a station has none): the URL's secret is the authority, good
 * for one file. Takes an HTTP PUT or POST of the file itself, or a POST of multipart/form-data (its
 * first file), as stations send them.
 */
export async function logUploadRoutes(base: FastifyInstance, deps: { stationLogs: Pick<StationLogService, 'expectUpload' | 'receiveUpload' | 'maxBytes'> }): Promise<void> {
  const app = base as TypedApp;
  const maxBytes = deps.stationLogs.maxBytes;
  // A wrong or used secret is refused before the body is read (it may be large).
  app.addHook('onRequest', async (req) => {
    const token = (req.params as { token?: string }).token;
    if (token !== undefined) await deps.stationLogs.expectUpload(token);
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) => done(null, body));
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1 } });

  const schema = {
    tags: ['device management'],
    summary: 'A station uploads a log file to the one-time URL its get-log command carried (no API key)',
    security: [],
    params: Type.Object({ token: Type.String({ minLength: 16, maxLength: 64 }) }),
    response: { 201: Type.Object({ id: Type.String(), stationId: Type.String(), sizeBytes: Type.Integer() }), 413: errorResponses[400], ...errorResponses },
  };
  const receive = async (req: { params: { token: string }; headers: Record<string, string | string[] | undefined>; body: unknown; isMultipart(): boolean; file(): Promise<unknown> }) => {
    let file: UploadedFile;
    if (req.isMultipart()) {
      const part = (await req.file()) as { filename: string; mimetype: string; toBuffer(): Promise<Buffer> } | undefined;
      if (!part) return null;
      file = { fileName: part.filename || null, contentType: part.mimetype || null, content: await part.toBuffer() };
    } else {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const type = req.headers['content-type'];
      file = { fileName: fileNameOf(req.headers['content-disposition'] as string | undefined), contentType: typeof type === 'string' ? type : null, content: body };
    }
    const log = await deps.stationLogs.receiveUpload(req.params.token, file);
    return { id: log.id, stationId: log.stationId, sizeBytes: log.sizeBytes ?? file.content.length };
  };
  for (const method of ['PUT', 'POST'] as const) {
    app.route({
      method,
      url: `${LOG_UPLOAD_PATH}:token`,
      schema,
      handler: async (req, reply) => {
        const r = await receive(req as never);
        if (!r) return reply.status(400).send({ code: 'VALIDATION_FAILED', message: 'the form has no file' });
        return reply.status(201).send(r);
      },
    });
  }
}
