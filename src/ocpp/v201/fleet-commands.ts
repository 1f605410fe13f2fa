import type { Command, CommandOutcome } from '../../domain/commands/index.js';
import type { LocalListEntry } from '../../domain/local-lists/local-list.model.js';
import type { OutboundCall } from '../commands/outbound-call.js';
import { NotExpressible } from '../commands/send-time.js';
import { groupIdToken201 } from '../id-token-info.js';

/** 2.0.1 MessageTriggerEnumType; 1.6's DiagnosticsStatusNotification is LogStatusNotification here. */
const triggerName = (m: string): string => (m === 'DiagnosticsStatusNotification' ? 'LogStatusNotification' : m);

const entry201 = (e: LocalListEntry) => ({
  idToken: { idToken: e.idToken, type: e.type },
  ...(e.status === undefined
    ? {}
    : { idTokenInfo: { status: e.status, ...(e.expiresAt ? { cacheExpiryDateTime: e.expiresAt } : {}), ...(e.groupId ? { groupIdToken: groupIdToken201(e.groupId) } : {}) } }),
});

export function v201FleetCall(c: Command): OutboundCall {
  const p = c.params;
  switch (c.kind) {
    case 'trigger':
      return {
        action: 'TriggerMessage',
        payload: { requestedMessage: triggerName(p.message!), ...(p.evseId !== undefined && p.evseId > 0 ? { evse: { id: p.evseId, ...(p.connectorId !== undefined ? { connectorId: p.connectorId } : {}) } } : {}) },
      };
    case 'get-transaction-status':
      return { action: 'GetTransactionStatus', payload: p.transactionId !== undefined ? { transactionId: p.transactionId } : {} };
    case 'update-firmware': {
      const f = p.firmware!;
      return {
        action: 'UpdateFirmware',
        payload: {
          requestId: f.requestId,
          ...(f.retries !== undefined ? { retries: f.retries } : {}),
          ...(f.retryInterval !== undefined ? { retryInterval: f.retryInterval } : {}),
          firmware: {
            location: f.location,
            retrieveDateTime: f.retrieveAt,
            ...(f.installAt ? { installDateTime: f.installAt } : {}),
            ...(f.signingCertificate ? { signingCertificate: f.signingCertificate } : {}),
            ...(f.signature ? { signature: f.signature } : {}),
          },
        },
      };
    }
    case 'send-local-list': {
      const l = p.localList!;
      return {
        action: 'SendLocalList',
        payload: { versionNumber: l.version, updateType: l.updateType, ...(l.entries.length > 0 ? { localAuthorizationList: l.entries.map(entry201) } : {}) },
      };
    }
    case 'get-local-list-version':
      return { action: 'GetLocalListVersion', payload: {} };
    case 'publish-firmware': {
      const pub = p.publish!;
      return {
        action: 'PublishFirmware',
        payload: {
          location: pub.location,
          checksum: pub.checksum,
          requestId: pub.requestId,
          ...(pub.retries !== undefined ? { retries: pub.retries } : {}),
          ...(pub.retryInterval !== undefined ? { retryInterval: pub.retryInterval } : {}),
        },
      };
    }
    case 'unpublish-firmware':
      return { action: 'UnpublishFirmware', payload: { checksum: p.publish!.checksum } };
    default:
      throw new NotExpressible(`${c.kind} is not a fleet command`);
  }
}

/** GetTransactionStatus and GetLocalListVersion answer with facts, not a status: an answer is acceptance. */
export function v201FleetOutcome(kind: Command['kind'], response: Record<string, unknown>): CommandOutcome {
  if (kind === 'get-transaction-status' || kind === 'get-local-list-version') return { status: 'accepted', response };
  // AcceptedCanceled: the station took the update and dropped the one it was busy with.
  if (kind === 'update-firmware' && response['status'] === 'AcceptedCanceled') return { status: 'accepted', response };
  // NoFirmware and DownloadOngoing are refusals; the response says which.
  if (kind === 'unpublish-firmware') return { status: response['status'] === 'Unpublished' ? 'accepted' : 'rejected', response };
  return { status: response['status'] === 'Accepted' ? 'accepted' : 'rejected', response };
}
