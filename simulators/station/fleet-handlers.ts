/**
 * Answers to the central system's fleet operations: firmware updates, local authorization lists,
 * GetTransactionStatus and the triggers of meter values and firmware status.
 */
import type { SimulatedStation } from './station.js';
import { localListItems } from './local-list.js';

type Params = Record<string, unknown>;
type Handler = (params: Params) => unknown;

function later(fn: () => Promise<unknown>): void {
  setTimeout(() => void fn().catch(() => undefined), 50);
}

export function fleetHandlers(station: SimulatedStation): Record<string, Handler> {
  const v16 = station.spec.ocppVersion === '1.6';
  const firmware = (p: Params, signed: boolean) => {
    const f = (p['firmware'] as Params | undefined) ?? p;
    const requestId = typeof p['requestId'] === 'number' ? p['requestId'] : undefined;
    return station.firmware.start({ location: String(f['location']), requestId, signed });
  };
  return {
    // 1.6 UpdateFirmware.conf is empty; 2.0.1 and 1.6 SignedUpdateFirmware answer a status.
    UpdateFirmware: (p) => {
      const status = firmware(p, !v16 && p['firmware'] !== undefined && (p['firmware'] as Params)['signature'] !== undefined);
      return v16 ? {} : { status };
    },
    SignedUpdateFirmware: (p) => ({ status: firmware(p, true) }),
    SendLocalList: (p) => ({
      status: station.localList.apply(String(p['updateType']), Number(p['listVersion'] ?? p['versionNumber']), localListItems(p)),
    }),
    GetLocalListVersion: () => (v16 ? { listVersion: station.localList.version } : { versionNumber: station.localList.version }),
    GetTransactionStatus: (p) => {
      const id = p['transactionId'];
      const messagesInQueue = station.queuedCount > 0;
      if (id === undefined) return { messagesInQueue };
      return { ongoingIndicator: station.activeSessions.some((s) => String(s.transactionId) === String(id)), messagesInQueue };
    },
  };
}

/** TriggerMessage requests this module answers (the others stay with the common handlers). */
export function fleetTrigger(station: SimulatedStation, requested: string, evseId: number | undefined): boolean {
  if (requested === 'MeterValues') {
    const sessions = station.activeSessions.filter((s) => evseId === undefined || s.evseId === evseId);
    later(async () => {
      for (const s of sessions) await station.sendMeterValues(s);
    });
    return true;
  }
  if (requested === 'FirmwareStatusNotification') {
    later(() => station.reportFirmwareStatus());
    return true;
  }
  return false;
}
