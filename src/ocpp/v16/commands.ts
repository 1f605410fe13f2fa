import type { Command, CommandOutcome } from '../../domain/commands/index.js';
import type { OutboundCall } from '../commands/outbound-call.js';
import { csChargingProfiles, v16ChargingProfileCall } from './charging-profile-calls.js';
import { SECURITY_KINDS, type SendTimeSecrets } from '../commands/send-time.js';
import { FLEET_KINDS } from '../commands/fleet-kinds.js';
import { v16FleetCall, v16FleetOutcome } from './fleet-commands.js';
import { v16SecurityCall, v16SecurityOutcome } from './security-commands.js';
import { parentIdTag16 } from '../id-token-info.js';
import { DEVICE_MODEL_KINDS, STATION_MANAGEMENT_KINDS } from '../commands/device-model-kinds.js';
import { v16StationManagementCall, v16StationManagementOutcome } from './station-management-calls.js';
import { v16DeviceModelCall, v16DeviceModelOutcome } from './device-model-calls.js';

const accepted = (status: unknown): 'accepted' | 'rejected' => (status === 'Accepted' || status === 'Unlocked' || status === 'Scheduled' ? 'accepted' : 'rejected');

/** 1.6: a connector n is EVSE n; connectorId 0 addresses the whole charge point. idTags have no type. */
export function v16Call(c: Command, secrets: SendTimeSecrets = {}): OutboundCall {
  const p = c.params;
  switch (c.kind) {
    case 'start':
      return {
        action: 'RemoteStartTransaction',
        payload: {
          idTag: p.idToken,
          ...(p.evseId !== undefined ? { connectorId: p.evseId } : {}),
          ...(p.chargingProfile ? { chargingProfile: csChargingProfiles(p.chargingProfile, undefined) } : {}),
        },
      };
    case 'stop':
      return { action: 'RemoteStopTransaction', payload: { transactionId: Number(p.transactionId) } };
    case 'reserve':
      return {
        action: 'ReserveNow',
        payload: { connectorId: p.evseId ?? 0, expiryDate: p.reservationExpiresAt, idTag: p.idToken, reservationId: p.reservationId, ...(p.groupId ? { parentIdTag: parentIdTag16(p.groupId) } : {}) },
      };
    case 'cancel-reservation':
      return { action: 'CancelReservation', payload: { reservationId: p.reservationId } };
    case 'unlock':
      return { action: 'UnlockConnector', payload: { connectorId: p.evseId } };
    case 'reset':
      return { action: 'Reset', payload: { type: p.resetType ?? 'Soft' } };
    case 'change-availability':
      return { action: 'ChangeAvailability', payload: { connectorId: p.evseId ?? 0, type: p.operative ? 'Operative' : 'Inoperative' } };
    case 'set-charging-profile':
    case 'clear-charging-profile':
    case 'get-composite-schedule':
      return v16ChargingProfileCall(c);
    case 'install-certificate':
    case 'get-installed-certificate-ids':
    case 'delete-certificate':
    case 'renew-certificate':
    case 'rotate-password':
    case 'certificate-signed':
      return v16SecurityCall(c, secrets);
    case 'trigger':
    case 'get-transaction-status':
    case 'update-firmware':
    case 'send-local-list':
    case 'get-local-list-version':
    case 'publish-firmware':
    case 'unpublish-firmware':
      return v16FleetCall(c);
    case 'get-variables':
    case 'set-variables':
    case 'get-base-report':
    case 'get-report':
      return v16DeviceModelCall(c);
    case 'clear-cache':
    case 'data-transfer':
    case 'get-log':
    case 'set-display-message':
    case 'get-display-messages':
    case 'clear-display-message':
    case 'customer-information':
      return v16StationManagementCall(c, secrets);
  }
}

export const v16Outcome = (response: { status?: unknown }, kind?: Command['kind'], command?: Command): CommandOutcome => {
  if (command && DEVICE_MODEL_KINDS.has(command.kind)) return v16DeviceModelOutcome(command, response);
  if (command && STATION_MANAGEMENT_KINDS.has(command.kind)) return v16StationManagementOutcome(command, response);
  if (kind && SECURITY_KINDS.has(kind)) return v16SecurityOutcome(kind, response as Record<string, unknown>);
  if (kind && FLEET_KINDS.has(kind)) return v16FleetOutcome(kind, response as Record<string, unknown>);
  return { status: accepted(response.status), response };
};
