import type { Command, CommandOutcome } from '../../domain/commands/index.js';
import type { OutboundCall } from '../commands/outbound-call.js';
import { NotExpressible, type SendTimeSecrets } from '../commands/send-time.js';

/** What counts as done in each answer (the rest is a rejection). */
const ACCEPTED: Record<string, readonly string[]> = {
  'get-log': ['Accepted', 'AcceptedCanceled'],
  'get-display-messages': ['Accepted'],
  'clear-display-message': ['Accepted'],
};

/** 2.0.1 ClearCache, DataTransfer, GetLog, display messages (block O) and CustomerInformation (block N). */
export function v201StationManagementCall(c: Command, secrets: SendTimeSecrets): OutboundCall {
  const p = c.params;
  switch (c.kind) {
    case 'clear-cache':
      return { action: 'ClearCache', payload: {} };
    case 'data-transfer':
      return { action: 'DataTransfer', payload: { vendorId: p.vendorId, ...(p.messageId !== undefined ? { messageId: p.messageId } : {}), ...(p.data !== undefined ? { data: p.data } : {}) } };
    case 'get-log':
      if (!secrets.uploadUrl) throw new NotExpressible('no upload URL was made for the log');
      return {
        action: 'GetLog',
        payload: {
          logType: p.logType ?? 'DiagnosticsLog',
          requestId: c.remoteStartId,
          log: { remoteLocation: secrets.uploadUrl, ...(p.from ? { oldestTimestamp: p.from } : {}), ...(p.to ? { latestTimestamp: p.to } : {}) },
        },
      };
    case 'set-display-message': {
      const m = p.displayMessage!;
      return {
        action: 'SetDisplayMessage',
        payload: {
          message: {
            id: m.id,
            priority: m.priority,
            ...(m.state ? { state: m.state } : {}),
            ...(m.startsAt ? { startDateTime: m.startsAt } : {}),
            ...(m.endsAt ? { endDateTime: m.endsAt } : {}),
            message: { format: m.format ?? 'UTF8', content: m.content, ...(m.language ? { language: m.language } : {}) },
          },
        },
      };
    }
    case 'get-display-messages':
      return { action: 'GetDisplayMessages', payload: { requestId: c.remoteStartId, ...(p.displayMessageId !== undefined ? { id: [p.displayMessageId] } : {}) } };
    case 'clear-display-message':
      return { action: 'ClearDisplayMessage', payload: { id: p.displayMessageId } };
    case 'customer-information':
      return {
        action: 'CustomerInformation',
        payload: {
          requestId: c.remoteStartId,
          report: p.report ?? false,
          clear: p.clear ?? false,
          ...(p.customerIdentifier !== undefined ? { customerIdentifier: p.customerIdentifier } : {}),
          ...(p.idToken !== undefined ? { idToken: { idToken: p.idToken, type: p.idTokenType ?? 'Central' } } : {}),
        },
      };
    default:
      throw new NotExpressible(`${c.kind} is not a station-management command`);
  }
}

export function v201StationManagementOutcome(c: Command, response: { status?: unknown }): CommandOutcome {
  const ok = ACCEPTED[c.kind] ?? ['Accepted'];
  return { status: ok.includes(String(response.status)) ? 'accepted' : 'rejected', response };
}
