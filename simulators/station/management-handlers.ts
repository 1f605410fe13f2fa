/**
 * What a simulated station answers to the central system's management calls, like a real one:
 * log files uploaded to the URL it is given (2.0.1 GetLog, 1.6 GetDiagnostics) with status
 * notifications, display messages (2.0.1 block O), customer information (block N), DataTransfer.
 */
import type { SimulatedStation } from './station.js';

type Params = Record<string, unknown>;
type Handler = (params: Params) => unknown;

/** The vendor whose DataTransfer messages the simulated stations understand (they echo the data). */
export const SIM_VENDOR_ID = 'cn.xiangjiang.sim';

function later(fn: () => Promise<unknown>): void {
  setTimeout(() => void fn().catch(() => undefined), 50);
}

/** The station's log: its recent calls, one line each. */
function logText(station: SimulatedStation, from?: string, to?: string): string {
  const lines = [`# ${station.id} ${station.spec.vendor} ${station.spec.model} firmware ${station.spec.firmwareVersion}`];
  for (const r of station.log) lines.push(`${r.action} ${r.error ? `error ${JSON.stringify(r.error)}` : 'ok'}`);
  if (from || to) lines.push(`# period ${from ?? '…'} – ${to ?? '…'}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Uploads the file: a multipart form POST (as most 2.0.1 stations send it), or an HTTP PUT of
 * the file itself; true when the platform took it.
 */
async function upload(url: string, fileName: string, text: string, form: boolean): Promise<boolean> {
  try {
    if (form) {
      const body = new FormData();
      body.append('file', new Blob([text], { type: 'text/plain' }), fileName);
      return (await fetch(url, { method: 'POST', body })).ok;
    }
    return (await fetch(url, { method: 'PUT', body: text, headers: { 'content-type': 'text/plain', 'content-disposition': `attachment; filename="${fileName}"` } })).ok;
  } catch {
    return false;
  }
}

interface ShownMessage {
  id: number;
  priority: string;
  state?: string;
  message: { format: string; content: string; language?: string };
  startDateTime?: string;
  endDateTime?: string;
}

export function managementHandlers(station: SimulatedStation): Record<string, Handler> {
  const messages = new Map<number, ShownMessage>();
  const v16 = station.spec.ocppVersion === '1.6';
  const common: Record<string, Handler> = {
    DataTransfer: (p) => (p['vendorId'] === SIM_VENDOR_ID ? { status: 'Accepted', ...(p['data'] !== undefined ? { data: p['data'] } : {}) } : { status: 'UnknownVendorId' }),
  };
  if (v16) {
    return {
      ...common,
      GetDiagnostics: (p) => {
        const fileName = `${station.id}-diagnostics.log`;
        later(async () => {
          await station.call('DiagnosticsStatusNotification', { status: 'Uploading' });
          const ok = await upload(String(p['location']), fileName, logText(station, p['startTime'] as string | undefined, p['stopTime'] as string | undefined), false);
          await station.call('DiagnosticsStatusNotification', { status: ok ? 'Uploaded' : 'UploadFailed' });
        });
        return { fileName };
      },
    };
  }
  return {
    ...common,
    GetLog: (p) => {
      const requestId = Number(p['requestId']);
      const log = p['log'] as { remoteLocation: string; oldestTimestamp?: string; latestTimestamp?: string };
      const filename = `${station.id}-${String(p['logType'])}-${requestId}.log`;
      later(async () => {
        await station.call('LogStatusNotification', { status: 'Uploading', requestId });
        const ok = await upload(log.remoteLocation, filename, logText(station, log.oldestTimestamp, log.latestTimestamp), true);
        await station.call('LogStatusNotification', { status: ok ? 'Uploaded' : 'UploadFailure', requestId });
      });
      return { status: 'Accepted', filename };
    },
    SetDisplayMessage: (p) => {
      const m = p['message'] as ShownMessage;
      // This display has no screen while the station is out of service.
      if (m.state === 'Unavailable') return { status: 'NotSupportedState' };
      if (m.message.format === 'HTML') return { status: 'NotSupportedMessageFormat' };
      messages.set(m.id, m);
      return { status: 'Accepted' };
    },
    GetDisplayMessages: (p) => {
      const ids = p['id'] as number[] | undefined;
      const shown = [...messages.values()].filter((m) => !ids || ids.includes(m.id));
      if (shown.length === 0) return { status: 'Unknown' };
      later(() => station.call('NotifyDisplayMessages', { requestId: Number(p['requestId']), tbc: false, messageInfo: shown }));
      return { status: 'Accepted' };
    },
    ClearDisplayMessage: (p) => ({ status: messages.delete(Number(p['id'])) ? 'Accepted' : 'Unknown' }),
    CustomerInformation: (p) => {
      const requestId = Number(p['requestId']);
      const who = (p['customerIdentifier'] as string | undefined) ?? (p['idToken'] as { idToken?: string } | undefined)?.idToken ?? '?';
      const sessions = station.log.filter((r) => r.action === 'TransactionEvent' && JSON.stringify(r.payload).includes(`"${who}"`)).length;
      const parts = [`customer ${who}: ${sessions} transaction messages kept`, p['clear'] ? 'cleared on request' : 'kept'];
      later(async () => {
        if (!p['report']) return;
        for (const [seqNo, data] of parts.entries()) {
          await station.call('NotifyCustomerInformation', { data, seqNo, tbc: seqNo < parts.length - 1, generatedAt: station.now().toISOString(), requestId });
        }
      });
      return { status: 'Accepted' };
    },
  };
}
