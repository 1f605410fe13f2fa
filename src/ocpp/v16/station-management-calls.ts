import type { Command, CommandOutcome } from '../../domain/commands/index.js';
import type { OutboundCall } from '../commands/outbound-call.js';
import { NotExpressible, type SendTimeSecrets } from '../commands/send-time.js';

/** 1.6 ClearCache, DataTransfer and GetDiagnostics; display messages and customer information are 2.0.1 only. */
export function v16StationManagementCall(c: Command, secrets: SendTimeSecrets): OutboundCall {
  const p = c.params;
  switch (c.kind) {
    case 'clear-cache':
      return { action: 'ClearCache', payload: {} };
    case 'data-transfer':
      // 1.6 data is a string: anything else goes as its JSON.
      return {
        action: 'DataTransfer',
        payload: {
          vendorId: p.vendorId,
          ...(p.messageId !== undefined ? { messageId: p.messageId } : {}),
          ...(p.data !== undefined ? { data: typeof p.data === 'string' ? p.data : JSON.stringify(p.data) } : {}),
        },
      };
    case 'get-log':
      if (!secrets.uploadUrl) throw new NotExpressible('no upload URL was made for the log');
      if (p.logType === 'SecurityLog') throw new NotExpressible('an OCPP 1.6 station sends its diagnostics (GetDiagnostics), not a security log');
      return { action: 'GetDiagnostics', payload: { location: secrets.uploadUrl, ...(p.from ? { startTime: p.from } : {}), ...(p.to ? { stopTime: p.to } : {}) } };
    default:
      throw new NotExpressible(`OCPP 1.6 has no ${c.kind} (an OCPP 2.0.1 command)`);
  }
}

export function v16StationManagementOutcome(c: Command, response: { status?: unknown; fileName?: unknown }): CommandOutcome {
  // GetDiagnostics answers with the file name, or none when there is nothing to send.
  if (c.kind === 'get-log') return { status: typeof response.fileName === 'string' ? 'accepted' : 'rejected', response };
  return { status: response.status === 'Accepted' ? 'accepted' : 'rejected', response };
}
