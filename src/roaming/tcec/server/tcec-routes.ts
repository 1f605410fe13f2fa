import type { FastifyInstance } from 'fastify';
import { TCEC_RET } from '../envelope/index.js';
import type { TcecInbound } from './inbound.js';

export interface TcecRouteOptions {
  readonly inbound: TcecInbound;
  /** The version segment of /evcs/{segment}/{interface}, e.g. v1 or v20160701. */
  readonly versionSegment: string;
}

const INTERFACE = /^[a-z][A-Za-z0-9_]{0,63}$/;

/**
 * Our T/CEC endpoints on the API listener: POST /evcs/{segment}/{interface}. Every answer is
 * HTTP 200 with a T/CEC envelope, refusals included; a body that is not even JSON is 4003.
 */
export async function tcecRoutes(app: FastifyInstance, o: TcecRouteOptions): Promise<void> {
  // The envelope's vocabulary, not the admin API's, for what fastify refuses itself (bad JSON, too large).
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const ret = err.statusCode !== undefined && err.statusCode < 500 ? TCEC_RET.parameters : TCEC_RET.system;
    return reply.status(200).send({ Ret: ret, Msg: ret === TCEC_RET.parameters ? `参数错误: ${err.message}` : '系统错误', Data: '', Sig: '' });
  });
  // Partners send application/json;charset=utf-8, and some text/plain; both are the envelope's JSON.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string) as unknown);
    } catch (e) {
      (e as { statusCode?: number }).statusCode = 400;
      done(e as Error, undefined);
    }
  });
  app.post<{ Params: { interface: string } }>(`/evcs/${o.versionSegment}/:interface`, {
    schema: {
      tags: ['tcec'],
      summary: 'T/CEC 102 interfaces for roaming partners (query_token, query_stations_info, query_start_charge, …), in the T/CEC envelope',
      params: { type: 'object', properties: { interface: { type: 'string' } }, required: ['interface'] },
    },
  }, async (req) => {
    const iface = req.params.interface;
    if (!INTERFACE.test(iface)) return { Ret: TCEC_RET.parameters, Msg: '参数错误: unknown interface', Data: '', Sig: '' };
    return o.inbound.handle(iface, req.body, req.headers.authorization);
  });
}
