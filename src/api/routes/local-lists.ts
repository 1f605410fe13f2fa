import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { LocalListState } from '../../domain/local-lists/index.js';
import type { ApiDeps } from '../deps.js';
import { IdParam, Nullable, errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const ListBody = Type.Object({
  stationId: Type.String(),
  enabled: Type.Boolean({ description: 'Whether the platform manages the station\'s local list' }),
  version: Type.Integer({ description: 'The list version the station confirmed last (0: none yet)' }),
  entries: Type.Array(
    Type.Object({ idToken: Type.String(), type: Type.String(), status: Type.String(), expiresAt: Nullable(Type.String()), groupId: Nullable(Type.String()) }),
    { description: 'What the station has, as it confirmed it' },
  ),
  wantedCount: Type.Integer({ description: 'How many tokens the list should have now (its operator\'s, and those of providers with an agreement here)' }),
  pending: Nullable(Type.Object({ version: Type.Integer(), updateType: Type.Enum(['Full', 'Differential']), commandId: Type.String(), entryCount: Type.Integer() })),
  fullRequested: Type.Boolean({ description: 'The next update is a full one' }),
  lastError: Nullable(Type.String()),
  syncedAt: Nullable(Type.String()),
});

const view = (stationId: string, s: LocalListState | null, wantedCount: number) => ({
  stationId,
  enabled: s?.enabled ?? false,
  version: s?.version ?? 0,
  entries: (s?.entries ?? []).map((e) => ({ idToken: e.idToken, type: e.type, status: e.status ?? 'Accepted', expiresAt: e.expiresAt ?? null, groupId: e.groupId ?? null })),
  wantedCount,
  pending: s?.pending ? { version: s.pending.version, updateType: s.pending.updateType, commandId: s.pending.commandId, entryCount: s.pending.entriesAfter.length } : null,
  fullRequested: s?.fullRequested ?? false,
  lastError: s?.lastError ?? null,
  syncedAt: s?.syncedAt?.toISOString() ?? null,
});

/** A station's local authorization list, kept by the platform (docs/decisions/0017). */
export async function localListRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['local-lists'];

  app.get('/v1/stations/:id/local-list', {
    schema: { tags, summary: "The station's local authorization list: its version, entries and the update on its way", params: IdParam, response: { 200: ListBody, ...errorResponses } },
  }, async (req) => {
    const { state, wanted } = await deps.localLists.state(req.principal, req.params.id);
    return view(req.params.id, state, wanted);
  });

  app.put('/v1/stations/:id/local-list', {
    schema: {
      tags,
      summary: 'Start (a full update follows at once) or stop managing the station\'s local list',
      params: IdParam,
      body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: ListBody, ...errorResponses },
    },
  }, async (req) => {
    await deps.localLists.setEnabled(req.principal, req.params.id, req.body.enabled);
    const { state, wanted } = await deps.localLists.state(req.principal, req.params.id);
    return view(req.params.id, state, wanted);
  });

  app.post('/v1/stations/:id/local-list/full-update', {
    schema: { tags, summary: 'Send the station its whole list again, as a new version', params: IdParam, response: { 202: ListBody, ...errorResponses } },
  }, async (req, reply) => {
    await deps.localLists.fullUpdate(req.principal, req.params.id);
    const { state, wanted } = await deps.localLists.state(req.principal, req.params.id);
    return reply.status(202).send(view(req.params.id, state, wanted));
  });
}
