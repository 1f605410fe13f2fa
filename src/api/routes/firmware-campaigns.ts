import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CAMPAIGN_STATION_STATES, type CampaignStation, type FirmwareCampaign } from '../../domain/firmware/index.js';
import type { ApiDeps } from '../deps.js';
import { IdParam, Nullable, errorResponses } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

const CampaignBody = Type.Object({
  id: Type.String(),
  status: Type.Enum(['running', 'done']),
  location: Type.String(),
  retrieveAt: Type.String(),
  installAt: Nullable(Type.String()),
  signed: Type.Boolean(),
  expectedVersion: Nullable(Type.String()),
  maxConcurrent: Type.Integer(),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  progress: Type.Record(Type.Enum(CAMPAIGN_STATION_STATES), Type.Integer(), { description: 'How many stations are in each state' }),
  stations: Type.Array(
    Type.Object({
      stationId: Type.String(),
      state: Type.Enum(CAMPAIGN_STATION_STATES, {
        description: 'queued | sent (command queued) | updating | installed (rebooting) | done (booted with the new version) | failed | cancelled (the campaign was stopped before its turn)',
      }),
      firmwareStatus: Nullable(Type.String({ description: 'The last FirmwareStatusNotification status' })),
      fromVersion: Nullable(Type.String()),
      toVersion: Nullable(Type.String()),
      error: Nullable(Type.String()),
      commandId: Nullable(Type.String({ description: 'The update-firmware command (GET /v1/commands/{id}) once sent' })),
      startedAt: Nullable(Type.String()),
      finishedAt: Nullable(Type.String()),
    }),
  ),
});

const view = ({ campaign: c, stations }: { campaign: FirmwareCampaign; stations: CampaignStation[] }) => ({
  id: c.id,
  status: c.status,
  location: c.location,
  retrieveAt: c.retrieveAt.toISOString(),
  installAt: iso(c.installAt),
  signed: c.signature !== null,
  expectedVersion: c.expectedVersion,
  maxConcurrent: c.maxConcurrent,
  createdAt: c.createdAt.toISOString(),
  finishedAt: iso(c.finishedAt),
  progress: Object.fromEntries(CAMPAIGN_STATION_STATES.map((s) => [s, stations.filter((x) => x.state === s).length])) as Record<(typeof CAMPAIGN_STATION_STATES)[number], number>,
  stations: stations.map((s) => ({
    stationId: s.stationId,
    state: s.state,
    firmwareStatus: s.firmwareStatus,
    fromVersion: s.fromVersion,
    toVersion: s.toVersion,
    error: s.error,
    commandId: s.state === 'queued' ? null : s.commandId,
    startedAt: iso(s.startedAt),
    finishedAt: iso(s.finishedAt),
  })),
});

/** Firmware campaigns: one image for many stations, a bounded number at a time (docs/decisions/0017). */
export async function firmwareCampaignRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['firmware'];

  app.post('/v1/firmware-campaigns', {
    schema: {
      tags,
      summary: 'Update the firmware of many stations, a few at a time',
      description:
        'Stations by id, or by a filter (operator, city, vendor, model, current firmware version; an operator key: its own stations). ' +
        'At most `maxConcurrent` (default 5) update at once; each is done when it boots with a new version (or `expectedVersion`), or failed ' +
        '(rejected, a failure status, the old version after Installed, or 2 hours without finishing).',
      body: Type.Object(
        {
          stationIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 48 }), { minItems: 1, maxItems: 10_000 })),
          filter: Type.Optional(
            Type.Object(
              {
                operatorId: Type.Optional(Type.String({ minLength: 1, maxLength: 36 })),
                city: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
                vendor: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
                model: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
                firmwareVersion: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'the version they run now' })),
              },
              { additionalProperties: false },
            ),
          ),
          location: Type.String({ minLength: 1, maxLength: 512, description: 'URL of the firmware image' }),
          retrieveAt: Type.String({ format: 'date-time' }),
          installAt: Type.Optional(Type.String({ format: 'date-time' })),
          signature: Type.Optional(Type.String({ minLength: 1, maxLength: 800 })),
          signingCertificate: Type.Optional(Type.String({ minLength: 1, maxLength: 5500 })),
          expectedVersion: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'the version the stations should boot with' })),
          maxConcurrent: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        },
        { additionalProperties: false },
      ),
      response: { 201: CampaignBody, ...errorResponses },
    },
  }, async (req, reply) => {
    const b = req.body;
    const created = await deps.firmwareCampaigns.create(req.principal, {
      stationIds: b.stationIds,
      filter: b.filter,
      location: b.location,
      retrieveAt: new Date(b.retrieveAt),
      installAt: b.installAt ? new Date(b.installAt) : undefined,
      signature: b.signature,
      signingCertificate: b.signingCertificate,
      expectedVersion: b.expectedVersion,
      maxConcurrent: b.maxConcurrent,
    });
    return reply.status(201).send(view(created));
  });

  app.get('/v1/firmware-campaigns', {
    schema: {
      tags,
      querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }),
      response: { 200: Type.Object({ items: Type.Array(CampaignBody) }), ...errorResponses },
    },
  }, async (req) => ({ items: (await deps.firmwareCampaigns.list(req.principal, req.query.limit)).map(view) }));

  app.post('/v1/firmware-campaigns/:id/cancel', {
    schema: {
      tags,
      summary: 'Stop a running campaign: stations still queued are cancelled, those updating now finish',
      params: IdParam,
      response: { 200: CampaignBody, ...errorResponses },
    },
  }, async (req) => view(await deps.firmwareCampaigns.cancel(req.principal, req.params.id)));

  app.get('/v1/firmware-campaigns/:id', {
    schema: { tags, params: IdParam, response: { 200: CampaignBody, ...errorResponses } },
  }, async (req) => view(await deps.firmwareCampaigns.get(req.principal, req.params.id)));
}
