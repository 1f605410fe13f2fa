import type { Command, CommandOutcome } from '../../domain/commands/index.js';
import type { OutboundCall } from '../commands/outbound-call.js';
import { chargingProfile201, v201ChargingProfileCall } from './charging-profile-calls.js';
import { SECURITY_KINDS, type SendTimeSecrets } from '../commands/send-time.js';
import { FLEET_KINDS } from '../commands/fleet-kinds.js';
import { v201FleetCall, v201FleetOutcome } from './fleet-commands.js';
import { v201SecurityCall, v201SecurityOutcome } from './security-commands.js';
import { groupIdToken201 } from '../id-token-info.js';
import { DEVICE_MODEL_KINDS, STATION_MANAGEMENT_KINDS } from '../commands/device-model-kinds.js';
import { v201StationManagementCall, v201StationManagementOutcome } from './station-management-calls.js';
import { v201DeviceModelCall, v201DeviceModelOutcome } from './device-model-calls.js';

/** The token as registered; a command stored before types were kept says nothing: Central, as then. */
const tokenOf = (p: Command['params']) => ({
  idToken: { idToken: p.idToken, type: p.idTokenType ?? 'Central' },
  ...(p.groupId ? { groupIdToken: groupIdToken201(p.groupId) } : {}),
});

export function v201Call(c: Command, secrets: SendTimeSecrets = {}): OutboundCall {
  const p = c.params;
  switch (c.kind) {
    case 'start':
      return {
        action: 'RequestStartTransaction',
        payload: {
          ...tokenOf(p),
          remoteStartId: c.remoteStartId,
          ...(p.evseId !== undefined ? { evseId: p.evseId } : {}),
          ...(p.chargingProfile ? { chargingProfile: chargingProfile201(p.chargingProfile, undefined) } : {}),
        },
      };
    case 'stop':
      return { action: 'RequestStopTransaction', payload: { transactionId: p.transactionId } };
    case 'reserve':
      return {
        action: 'ReserveNow',
        payload: {
          id: p.reservationId,
          expiryDateTime: p.reservationExpiresAt,
          ...tokenOf(p),
          ...(p.evseId !== undefined ? { evseId: p.evseId } : {}),
          ...(p.connectorType !== undefined ? { connectorType: p.connectorType } : {}),
        },
      };
    case 'cancel-reservation':
      return { action: 'CancelReservation', payload: { reservationId: p.reservationId } };
    case 'unlock':
      return { action: 'UnlockConnector', payload: { evseId: p.evseId, connectorId: p.connectorId ?? 1 } };
    case 'reset':
      return { action: 'Reset', payload: { type: p.resetType === 'Hard' ? 'Immediate' : 'OnIdle', ...(p.evseId !== undefined ? { evseId: p.evseId } : {}) } };
    case 'change-availability':
      return {
        action: 'ChangeAvailability',
        payload: {
          operationalStatus: p.operative ? 'Operative' : 'Inoperative',
          ...(p.evseId !== undefined ? { evse: { id: p.evseId, ...(p.connectorId !== undefined ? { connectorId: p.connectorId } : {}) } } : {}),
        },
      };
    case 'set-charging-profile':
    case 'clear-charging-profile':
    case 'get-composite-schedule':
      return v201ChargingProfileCall(c);
    case 'install-certificate':
    case 'get-installed-certificate-ids':
    case 'delete-certificate':
    case 'renew-certificate':
    case 'rotate-password':
    case 'certificate-signed':
      return v201SecurityCall(c, secrets);
    case 'trigger':
    case 'get-transaction-status':
    case 'update-firmware':
    case 'send-local-list':
    case 'get-local-list-version':
    case 'publish-firmware':
    case 'unpublish-firmware':
      return v201FleetCall(c);
    case 'get-variables':
    case 'set-variables':
    case 'get-base-report':
    case 'get-report':
      return v201DeviceModelCall(c);
    case 'clear-cache':
    case 'data-transfer':
    case 'get-log':
    case 'set-display-message':
    case 'get-display-messages':
    case 'clear-display-message':
    case 'customer-information':
      return v201StationManagementCall(c, secrets);
  }
}

/** 2.0.1 answers Accepted/Scheduled/Unlocked for success; everything else is a rejection. */
export const v201Outcome = (response: { status?: unknown }, kind?: Command['kind'], command?: Command): CommandOutcome => {
  if (command && DEVICE_MODEL_KINDS.has(command.kind)) return v201DeviceModelOutcome(command, response);
  if (command && STATION_MANAGEMENT_KINDS.has(command.kind)) return v201StationManagementOutcome(command, response);
  if (kind && SECURITY_KINDS.has(kind)) return v201SecurityOutcome(kind, response as Record<string, unknown>);
  if (kind && FLEET_KINDS.has(kind)) return v201FleetOutcome(kind, response as Record<string, unknown>);
  const ok = response.status === 'Accepted' || response.status === 'Scheduled' || response.status === 'Unlocked';
  return { status: ok ? 'accepted' : 'rejected', response };
};
