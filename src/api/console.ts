import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ConsoleSettings } from './deps.js';

/** Images the map may load: this origin, inline icons, and the tile server's host (any of its {s} subdomains). */
function imageSources(tileUrl: string | null): string {
  const sources = ["'self'", 'data:', 'blob:'];
  const m = tileUrl ? /^(https?:\/\/)([^/?#]+)/.exec(tileUrl) : null;
  // A host label holding {s} (a, b, c… or 1–4) becomes the wildcard *.
  if (m) sources.push(`${m[1]}${m[2]!.replace(/[^.]*\{s\}[^.]*/, '*')}`);
  return sources.join(' ');
}

/**
 * The operators' web console: static files built from src/console (see src/console/build.ts) under
 * /console/, and the map settings it reads at start. It calls only /v1 with the signed-in key.
 */
export async function consoleRoutes(app: FastifyInstance, settings: ConsoleSettings): Promise<void> {
  const csp = [
    "default-src 'self'",
    `img-src ${imageSources(settings.tileUrl)}`,
    // Leaflet positions map panes with inline styles.
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');

  app.get('/console', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/console/'));
  app.get('/console/config.json', { schema: { hide: true } }, async (_req, reply) =>
    reply.header('cache-control', 'no-store').send({
      tileUrl: settings.tileUrl,
      tileAttribution: settings.tileAttribution,
      tileCoords: settings.tileCoords,
      sessionMinutes: settings.sessionMinutes,
    }),
  );

  if (!existsSync(join(settings.dir, 'index.html'))) {
    // `npm start` builds it first; a node started another way says what to do instead of a blank page.
    app.get('/console/*', { schema: { hide: true } }, async (_req, reply) =>
      reply.status(503).type('text/plain; charset=utf-8').send('The console is not built on this node: run `npm run build:console` (npm start does it).\n'),
    );
    return;
  }
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_req, reply, payload) => {
      reply.header('content-security-policy', csp);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      return payload;
    });
    await scope.register(fastifyStatic, {
      root: resolve(settings.dir),
      prefix: '/console/',
      // The build writes .br and .gz beside each file.
      preCompressed: true,
      // index.html names the bundle with its content hash: the bundle may be kept, the page is checked each time.
      setHeaders: (res, path) => res.header('cache-control', /\.(html|json)$/.test(path) ? 'no-cache' : 'public, max-age=31536000, immutable'),
      cacheControl: false,
      schemaHide: true,
    });
  });
}
