/** OCPP 1.6J message building and response parsing. In 1.6 every EVSE is one "connector" (connectorId = evseId). */
import { wireWh } from './energy.js';
import type {
  BootResult,
  ChargingSession,
  ConnectorState,
  PendingCall,
  StationSpec,
  StopReason,
} from './types.js';
import type { VersionMessages } from './version-messages.js';

function now(at: Date): string {
  return at.toISOString();
}

function sampledValues(session: ChargingSession, context: string): Record<string, unknown>[] {
  return [
    {
      value: String(wireWh(session.meterWh)),
      context,
      measurand: 'Energy.Active.Import.Register',
      unit: 'Wh',
    },
    { value: String(session.powerW), context, measurand: 'Power.Active.Import', unit: 'W' },
    { value: String(Math.round(session.soc)), context, measurand: 'SoC', unit: 'Percent' },
  ];
}

function txId(session: ChargingSession): Record<string, unknown> {
  return typeof session.transactionId === 'number' ? { transactionId: session.transactionId } : {};
}

export const v16Messages: VersionMessages = {
  protocol: 'ocpp1.6',

  boot(spec: StationSpec): PendingCall {
    return {
      action: 'BootNotification',
      build: () => ({
        chargePointVendor: spec.vendor.slice(0, 20),
        chargePointModel: spec.model.slice(0, 20),
        chargePointSerialNumber: spec.serialNumber.slice(0, 25),
        chargeBoxSerialNumber: spec.serialNumber.slice(0, 25),
        firmwareVersion: spec.firmwareVersion.slice(0, 50),
      }),
    };
  },

  heartbeat(): PendingCall {
    return { action: 'Heartbeat', build: () => ({}) };
  },

  stationStatus(state: ConnectorState, at: Date): PendingCall | null {
    const payload = { connectorId: 0, errorCode: 'NoError', status: state, timestamp: now(at) };
    return { action: 'StatusNotification', build: () => payload };
  },

  reservationExpired(): PendingCall | null {
    return null;
  },

  connectorStatus(evseId: number, _connectorId: number, state: ConnectorState, at: Date): PendingCall {
    const payload: Record<string, unknown> = {
      connectorId: evseId,
      errorCode: state === 'Faulted' ? 'OtherError' : 'NoError',
      status: state,
      timestamp: now(at),
    };
    return { action: 'StatusNotification', build: () => payload };
  },

  authorize(uid: string): PendingCall {
    return { action: 'Authorize', build: () => ({ idTag: uid }) };
  },

  start(session: ChargingSession, at: Date, _offline: boolean): PendingCall {
    const payload = {
      connectorId: session.evseId,
      idTag: session.idTag,
      meterStart: wireWh(session.meterStartWh),
      timestamp: now(at),
      ...(session.reservationId !== undefined ? { reservationId: session.reservationId } : {}),
    };
    return { action: 'StartTransaction', build: () => payload };
  },

  meter(session: ChargingSession, at: Date, _offline: boolean): PendingCall {
    const meterValue = [{ timestamp: now(at), sampledValue: sampledValues(session, 'Sample.Periodic') }];
    return {
      action: 'MeterValues',
      build: () => ({ connectorId: session.evseId, ...txId(session), meterValue }),
    };
  },

  stop(session: ChargingSession, reason: StopReason, at: Date, _offline: boolean): PendingCall {
    const meterStop = wireWh(session.meterWh);
    const transactionData = [
      {
        timestamp: now(at),
        sampledValue: [
          {
            value: String(meterStop),
            context: 'Transaction.End',
            measurand: 'Energy.Active.Import.Register',
            unit: 'Wh',
          },
        ],
      },
    ];
    return {
      action: 'StopTransaction',
      build: () => {
        if (typeof session.transactionId !== 'number') {
          throw new Error(`StopTransaction without a transactionId (session ${session.localId})`);
        }
        return {
          transactionId: session.transactionId,
          idTag: session.idTag,
          meterStop,
          timestamp: now(at),
          reason,
          transactionData,
        };
      },
    };
  },

  parseBoot(result: unknown): BootResult {
    const r = result as { status: BootResult['status']; interval: number; currentTime: string };
    return { status: r.status, intervalSec: r.interval, currentTime: r.currentTime };
  },

  parseAuthorize(result: unknown): string {
    return (result as { idTagInfo: { status: string } }).idTagInfo.status;
  },

  parseStart(result: unknown): { transactionId?: number; authStatus?: string } {
    const r = result as { transactionId?: number; idTagInfo?: { status: string } };
    const out: { transactionId?: number; authStatus?: string } = {};
    if (typeof r.transactionId === 'number') out.transactionId = r.transactionId;
    if (r.idTagInfo) out.authStatus = r.idTagInfo.status;
    return out;
  },
};
