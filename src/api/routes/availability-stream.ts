import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CITIES } from '../../domain/catalog/index.js';
import type { StatusEvent } from '../../domain/availability/index.js';
import { AppError } from '../../shared/errors.js';
import { fromClient, toClient, type CoordSystem } from '../coords.js';
import type { ApiDeps } from '../deps.js';
import { errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const KEEPALIVE_MS = 15_000;

function parseBbox(raw: string | undefined, system: CoordSystem): [number, number, number, number] | undefined {
  if (raw === undefined) return undefined;
  const n = raw.split(',').map(Number);
  const [minLng, minLat, maxLng, maxLat] = n;
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x)) || minLng! > maxLng! || minLat! > maxLat!) {
    throw new AppError('VALIDATION_FAILED', 'bbox is minLng,minLat,maxLng,maxLat', { field: 'bbox' });
  }
  const sw = fromClient({ lat: minLat!, lng: minLng! }, system);
  const ne = fromClient({ lat: maxLat!, lng: maxLng! }, system);
  return [sw.lng, sw.lat, ne.lng, ne.lat];
}

/**
 * Server-Sent Events of connector status changes, from every gateway node. Reconnecting clients
 * send Last-Event-ID and get what they missed (the bus keeps at least 5 minutes).
 */
export async function availabilityStreamRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  app.get('/v1/availability/stream', {
    schema: {
      tags: ['availability'],
      summary: 'Live connector status changes (text/event-stream)',
      querystring: Type.Object(
        {
          city: Type.Optional(Type.Array(Type.Enum(CITIES))),
          locationId: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 36 }), { maxItems: 200 })),
          bbox: Type.Optional(Type.String({ description: 'minLng,minLat,maxLng,maxLat', maxLength: 100 })),
          coords: Type.Optional(Type.Enum(['wgs84', 'gcj02'])),
        },
        { additionalProperties: false },
      ),
      headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ maxLength: 64 })) }),
      response: { ...errorResponses },
    },
  }, async (req, reply) => {
    const system = (req.query.coords ?? 'wgs84') as CoordSystem;
    const filter = { cities: req.query.city, locationIds: req.query.locationId, bbox: parseBbox(req.query.bbox, system) };
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const send = (e: StatusEvent) => {
      const body = e.lat !== null && e.lng !== null ? toClient({ ...e, lat: e.lat, lng: e.lng }, system) : e;
      const { id, ...data } = body;
      res.write(`id: ${id}\nevent: status\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const sub = await deps.statusEvents.subscribe(filter, req.headers['last-event-id'], send);
    // Only now: a client that sees "connected" has a subscription, so nothing published later is missed.
    res.write(': connected\n\n');
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    req.raw.once('close', () => {
      clearInterval(keepalive);
      void sub.close();
    });
  });
}
