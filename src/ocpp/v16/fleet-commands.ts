import type { Command, CommandOutcome } from '../../domain/commands/index.js';
import type { LocalListEntry } from '../../domain/local-lists/local-list.model.js';
import type { OutboundCall } from '../commands/outbound-call.js';
import { NotExpressible } from '../commands/send-time.js';
import { parentIdTag16 } from '../id-token-info.js';

/** What a 1.6 TriggerMessage can ask for; LogStatusNotification is 1.6's DiagnosticsStatusNotification. */
const TRIGGERS_16: Record<string, string> = {
  BootNotification: 'BootNotification',
  Heartbeat: 'Heartbeat',
  StatusNotification: 'StatusNotification',
  MeterValues: 'MeterValues',
  FirmwareStatusNotification: 'FirmwareStatusNotification',
  DiagnosticsStatusNotification: 'DiagnosticsStatusNotification',
  LogStatusNotification: 'DiagnosticsStatusNotification',
};

const ID_TAG_MAX = 20;

/** 1.6 AuthorizationStatus has no place or time refusals: anything else is Invalid (as in Authorize). */
const status16 = (s: string): string => (['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx'].includes(s) ? s : 'Invalid');

const entry16 = (e: LocalListEntry) => ({
  idTag: e.idToken,
  ...(e.status === undefined
    ? {}
    : { idTagInfo: { status: status16(e.status), ...(e.expiresAt ? { expiryDate: e.expiresAt } : {}), ...(e.groupId ? { parentIdTag: parentIdTag16(e.groupId) } : {}) } }),
});

export function v16FleetCall(c: Command): OutboundCall {
  const p = c.params;
  switch (c.kind) {
    case 'trigger': {
      const requestedMessage = p.message === undefined ? undefined : TRIGGERS_16[p.message];
      if (!requestedMessage) throw new NotExpressible(`an OCPP 1.6 station cannot be asked for ${p.message}`);
      return { action: 'TriggerMessage', payload: { requestedMessage, ...(p.evseId !== undefined && p.evseId > 0 ? { connectorId: p.evseId } : {}) } };
    }
    case 'get-transaction-status':
      // 1.6 has no GetTransactionStatus: the connector's meter values show whether it still runs.
      return { action: 'TriggerMessage', payload: { requestedMessage: 'MeterValues', ...(p.evseId !== undefined && p.evseId > 0 ? { connectorId: p.evseId } : {}) } };
    case 'update-firmware': {
      const f = p.firmware!;
      if (f.signature !== undefined) {
        if (f.signingCertificate === undefined) throw new NotExpressible('an OCPP 1.6 station needs signingCertificate with a signature (SignedUpdateFirmware)');
        return {
          action: 'SignedUpdateFirmware',
          payload: {
            requestId: f.requestId,
            ...(f.retries !== undefined ? { retries: f.retries } : {}),
            ...(f.retryInterval !== undefined ? { retryInterval: f.retryInterval } : {}),
            firmware: {
              location: f.location,
              retrieveDateTime: f.retrieveAt,
              ...(f.installAt ? { installDateTime: f.installAt } : {}),
              signingCertificate: f.signingCertificate,
              signature: f.signature,
            },
          },
        };
      }
      return {
        action: 'UpdateFirmware',
        payload: {
          location: f.location,
          retrieveDate: f.retrieveAt,
          ...(f.retries !== undefined ? { retries: f.retries } : {}),
          ...(f.retryInterval !== undefined ? { retryInterval: f.retryInterval } : {}),
        },
      };
    }
    case 'send-local-list': {
      const l = p.localList!;
      // An idTag has at most 20 characters: a longer token cannot be presented at a 1.6 station at all.
      const entries = l.entries.filter((e) => e.idToken.length <= ID_TAG_MAX);
      return { action: 'SendLocalList', payload: { listVersion: l.version, updateType: l.updateType, localAuthorizationList: entries.map(entry16) } };
    }
    case 'get-local-list-version':
      return { action: 'GetLocalListVersion', payload: {} };
    case 'publish-firmware':
    case 'unpublish-firmware':
      throw new NotExpressible(`OCPP 1.6 has no local controller: ${c.kind} is for 2.0.1 stations`);
    default:
      throw new NotExpressible(`${c.kind} is not a fleet command`);
  }
}

/** 1.6 UpdateFirmware.conf and GetLocalListVersion.conf carry no status: an answer is acceptance. */
export function v16FleetOutcome(kind: Command['kind'], response: Record<string, unknown>): CommandOutcome {
  if (kind === 'get-local-list-version') return { status: 'accepted', response };
  if (kind === 'update-firmware' && response['status'] === undefined) return { status: 'accepted', response };
  // SignedUpdateFirmware: AcceptedCanceled took the update and dropped the one before.
  if (kind === 'update-firmware' && response['status'] === 'AcceptedCanceled') return { status: 'accepted', response };
  return { status: response['status'] === 'Accepted' ? 'accepted' : 'rejected', response };
}
