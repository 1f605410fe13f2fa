import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  API_COMMAND_KINDS,
  CERTIFICATE_ID_USES,
  COMMAND_KINDS,
  COMMAND_STATUSES,
  CONNECTOR_TYPES,
  HASH_ALGORITHMS,
  INSTALL_CERTIFICATE_USES,
  TRIGGER_MESSAGES,
  MESSAGE_FORMATS,
  MESSAGE_PRIORITIES,
  MESSAGE_STATES,
  type Command,
  type CommandKind,
  type CommandParams,
} from '../../domain/commands/index.js';
import type { ApiDeps } from '../deps.js';
import { fleetCommandParams, FleetCommandFields } from '../schemas/fleet-command-fields.js';
import { ChargingProfileInput } from '../schemas/charging-profile.js';
import { CHARGING_PROFILE_PURPOSES, CHARGING_RATE_UNITS } from '../../domain/smart-charging/charging-profile.js';
import { errorResponses, Nullable } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';
import { COMPONENT_CRITERIA, REPORT_BASES } from '../../domain/device-model/index.js';
import { LOG_TYPES } from '../../domain/station-logs/index.js';
import { VariableItemInput, variableItem } from '../schemas/device-model.js';

const CommandBody = Type.Object({
  id: Type.String(),
  stationId: Type.String(),
  kind: Type.Enum(COMMAND_KINDS),
  status: Type.Enum(COMMAND_STATUSES),
  params: Type.Record(Type.String(), Type.Unknown()),
  response: Type.Unknown({ description: "The station's own answer" }),
  error: Nullable(Type.String()),
  sessionId: Nullable(Type.String({ description: 'start: the session the station started for this command' })),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  sentAt: Nullable(Type.String()),
  completedAt: Nullable(Type.String()),
});

const view = (c: Command) => ({
  id: c.id,
  stationId: c.stationId,
  kind: c.kind,
  status: c.status,
  params: { ...c.params },
  response: c.response,
  error: c.error,
  sessionId: c.sessionId,
  createdAt: c.createdAt.toISOString(),
  expiresAt: c.expiresAt.toISOString(),
  sentAt: c.sentAt?.toISOString() ?? null,
  completedAt: c.completedAt?.toISOString() ?? null,
});

/** Remote control, the same for every OCPP version: 202 now, the station's answer on GET. */
export async function commandRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['commands'];

  app.post('/v1/commands/:kind', {
    schema: {
      tags,
      summary: 'Send a command to a station (routed to the node that holds its socket; kept while it is offline)',
      description:
        'Security: `install-certificate` {certificateType, certificate}, `get-installed-certificate-ids` {certificateTypes?}, ' +
        '`delete-certificate` {certificateHashData}, `renew-certificate` (the station sends a new CSR), `rotate-password` (a new HTTP Basic key, made ' +
        'when the command is sent and kept only as a hash; it replaces the old one when the station accepts). ' +
        'Fleet: `trigger` {message, evseId?}, `get-transaction-status` {sessionId?} (1.6: TriggerMessage MeterValues for its connector), ' +
        '`update-firmware` {location, retrieveAt, installAt?, signature?, signingCertificate?, retries?, retryInterval?} (1.6 with a signature: SignedUpdateFirmware), ' +
        '`send-local-list` {listVersion, updateType, localAuthorizationList}, `get-local-list-version`, ' +
        '`publish-firmware` {location, checksum, retries?, retryInterval?} and `unpublish-firmware` {checksum} (2.0.1 local controllers). ' +
        'Device model: `get-variables` {variables}, `set-variables` {variables with values}, `get-base-report` {reportBase?}, `get-report` {variables?, componentCriteria?}; ' +
        "the answer's `variables` gives each variable's result in the same words for both versions, and the stored model follows (GET /v1/stations/{id}/variables). " +
        'Station management: `clear-cache`, `data-transfer` {vendorId, messageId?, data?}, `get-log` {from?, to?, logType?} (2.0.1 GetLog, 1.6 GetDiagnostics; ' +
        'the file comes to a one-time URL and is listed at GET /v1/stations/{id}/logs), and for 2.0.1 stations `set-display-message` {displayMessage}, ' +
        '`get-display-messages` {displayMessageId?}, `clear-display-message` {displayMessageId}, `customer-information` {customerIdentifier | idToken, report?, clear?}.',
      params: Type.Object({ kind: Type.Enum(API_COMMAND_KINDS) }),
      body: Type.Object(
        {
          stationId: Type.String({ minLength: 1, maxLength: 48 }),
          evseId: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
          connectorId: Type.Optional(Type.Integer({ minimum: 1, maximum: 9 })),
          idToken: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'start/reserve (20 characters fit both OCPP versions)' })),
          sessionId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'stop' })),
          expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'How long the command may wait for an offline station (default 5 min)' })),
          reservationExpiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'reserve' })),
          connectorType: Type.Optional(Type.Enum(CONNECTOR_TYPES, { description: 'reserve: a connector of this OCPP 2.0.1 ConnectorEnumType (2.0.1 stations only; 1.6 has no such field)' })),
          reservationId: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'reserve/cancel-reservation' })),
          resetType: Type.Optional(Type.Enum(['Soft', 'Hard'])),
          operative: Type.Optional(Type.Boolean({ description: 'change-availability' })),
          chargingProfile: Type.Optional(ChargingProfileInput),
          chargingProfileId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'clear-charging-profile' })),
          chargingProfilePurpose: Type.Optional(Type.Enum(CHARGING_PROFILE_PURPOSES, { description: 'clear-charging-profile' })),
          stackLevel: Type.Optional(Type.Integer({ minimum: 0, maximum: 99, description: 'clear-charging-profile' })),
          duration: Type.Optional(Type.Integer({ minimum: 1, maximum: 604_800, description: 'get-composite-schedule: seconds' })),
          chargingRateUnit: Type.Optional(Type.Enum(CHARGING_RATE_UNITS, { description: 'get-composite-schedule' })),
          certificateType: Type.Optional(
            Type.Enum(INSTALL_CERTIFICATE_USES, { description: 'install-certificate: what the root is for (1.6 stations: CSMSRootCertificate or ManufacturerRootCertificate)' }),
          ),
          certificate: Type.Optional(Type.String({ minLength: 1, maxLength: 5500, description: 'install-certificate: one PEM certificate' })),
          certificateTypes: Type.Optional(
            Type.Array(Type.Enum(CERTIFICATE_ID_USES), { minItems: 1, maxItems: 5, uniqueItems: true, description: 'get-installed-certificate-ids: which kinds (all when absent; 1.6: one)' }),
          ),
          certificateHashData: Type.Optional(
            Type.Object(
              {
                hashAlgorithm: Type.Enum(HASH_ALGORITHMS),
                issuerNameHash: Type.String({ minLength: 1, maxLength: 128 }),
                issuerKeyHash: Type.String({ minLength: 1, maxLength: 128 }),
                serialNumber: Type.String({ minLength: 1, maxLength: 40 }),
              },
              { additionalProperties: false, description: 'delete-certificate: as GetInstalledCertificateIds answered it' },
            ),
          ),
          message: Type.Optional(Type.Enum(TRIGGER_MESSAGES, { description: 'trigger: the message the station is to send (evseId: about that EVSE)' })),
          ...FleetCommandFields,
          variables: Type.Optional(
            Type.Array(VariableItemInput, { minItems: 1, maxItems: 50, description: 'get-variables, set-variables (with values), get-report (which variables): component absent = a 1.6 key' }),
          ),
          reportBase: Type.Optional(Type.Enum(REPORT_BASES, { description: 'get-base-report (default FullInventory; 1.6 stations send their whole configuration)' })),
          vendorId: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'data-transfer' })),
          messageId: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'data-transfer' })),
          data: Type.Optional(Type.Unknown({ description: 'data-transfer (1.6 stations get anything but a string as its JSON)' })),
          from: Type.Optional(Type.String({ format: 'date-time', description: 'get-log: the oldest entries wanted' })),
          to: Type.Optional(Type.String({ format: 'date-time', description: 'get-log: the newest entries wanted' })),
          logType: Type.Optional(Type.Enum(LOG_TYPES, { description: 'get-log (2.0.1; default DiagnosticsLog)' })),
          displayMessage: Type.Optional(
            Type.Object(
              {
                id: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
                priority: Type.Enum(MESSAGE_PRIORITIES),
                state: Type.Optional(Type.Enum(MESSAGE_STATES)),
                startsAt: Type.Optional(Type.String({ format: 'date-time' })),
                endsAt: Type.Optional(Type.String({ format: 'date-time' })),
                content: Type.String({ minLength: 1, maxLength: 512 }),
                format: Type.Optional(Type.Enum(MESSAGE_FORMATS, { description: 'default UTF8' })),
                language: Type.Optional(Type.String({ minLength: 2, maxLength: 8, description: 'RFC 5646, e.g. zh-CN' })),
              },
              { additionalProperties: false, description: 'set-display-message (2.0.1)' },
            ),
          ),
          displayMessageId: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'clear-display-message; get-display-messages (one)' })),
          customerIdentifier: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'customer-information (or idToken)' })),
          report: Type.Optional(Type.Boolean({ description: 'customer-information: the station reports what it keeps (NotifyCustomerInformation)' })),
          clear: Type.Optional(Type.Boolean({ description: 'customer-information: the station deletes it' })),
          componentCriteria: Type.Optional(Type.Array(Type.Enum(COMPONENT_CRITERIA), { minItems: 1, maxItems: 4, uniqueItems: true, description: 'get-report (2.0.1)' })),
        },
        { additionalProperties: false },
      ),
      response: { 202: CommandBody, ...errorResponses },
    },
  }, async (req, reply) => {
    const { stationId, expiresAt, variables, ...body } = req.body;
    const params = fleetCommandParams(body);
    const c = await deps.commands.submit({
      stationId,
      kind: req.params.kind as CommandKind,
      params: { ...params, ...(variables ? { variables: variables.map(variableItem) } : {}), resetType: params.resetType as 'Soft' | 'Hard' | undefined, certificateHashData: params.certificateHashData as CommandParams['certificateHashData'] },
      principal: req.principal,
      expiresAt: expiresAt ? new Date(expiresAt) : undefined,
    });
    return reply.status(202).send(view(c));
  });

  app.get('/v1/commands/:id', {
    schema: { tags, params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), response: { 200: CommandBody, ...errorResponses } },
  }, async (req) => view(await deps.commands.get(req.params.id, req.principal)));
}
