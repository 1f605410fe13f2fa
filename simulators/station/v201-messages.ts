/** OCPP 2.0.1 message building and response parsing. Transactions are TransactionEvents with a station-made id. */
import { wireWh } from './energy.js';
import type {
  BootResult,
  ChargingSession,
  ConnectorStandard,
  ConnectorState,
  PendingCall,
  StationSpec,
  StopReason,
} from './types.js';
import type { VersionMessages } from './version-messages.js';

const CONNECTOR_TYPE: Record<ConnectorStandard, string> = {
  GBT_AC: 'sGBT',
  GBT_DC: 'cGBT',
  CCS2: 'cCCS2',
  CHADEMO: 'cG105',
  TYPE2: 'cType2',
};

export function connectorTypeOf(standard: ConnectorStandard): string {
  return CONNECTOR_TYPE[standard];
}

function v201Status(state: ConnectorState): string {
  switch (state) {
    case 'Preparing':
    case 'Charging':
    case 'Finishing':
      return 'Occupied';
    default:
      return state;
  }
}

function energySample(wh: number, context: string): Record<string, unknown> {
  return {
    value: wireWh(wh),
    context,
    measurand: 'Energy.Active.Import.Register',
    unitOfMeasure: { unit: 'Wh' },
  };
}

function meterValue(session: ChargingSession, at: Date, context: string, full: boolean): unknown[] {
  const sampledValue = [energySample(session.meterWh, context)];
  if (full) {
    sampledValue.push(
      { value: session.powerW, context, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W' } },
      { value: Math.round(session.soc), context, measurand: 'SoC', unitOfMeasure: { unit: 'Percent' } },
    );
  }
  return [{ timestamp: at.toISOString(), sampledValue }];
}

function transactionEvent(
  session: ChargingSession,
  eventType: 'Started' | 'Updated' | 'Ended',
  triggerReason: string,
  at: Date,
  offline: boolean,
  extra: Record<string, unknown>,
): PendingCall {
  // seqNo is taken now, so queued events keep the order in which they happened.
  const seqNo = session.nextSeqNo++;
  const payload: Record<string, unknown> = {
    eventType,
    timestamp: at.toISOString(),
    triggerReason,
    seqNo,
    evse: { id: session.evseId, connectorId: session.connectorId },
    ...extra,
  };
  if (offline) payload['offline'] = true;
  return { action: 'TransactionEvent', build: () => payload };
}

function idToken(uid: string): Record<string, unknown> {
  return { idToken: uid, type: 'ISO14443' };
}

export const v201Messages: VersionMessages = {
  protocol: 'ocpp2.0.1',

  boot(spec: StationSpec): PendingCall {
    const payload = {
      reason: 'PowerUp',
      chargingStation: {
        model: spec.model.slice(0, 20),
        vendorName: spec.vendor.slice(0, 50),
        serialNumber: spec.serialNumber.slice(0, 25),
        firmwareVersion: spec.firmwareVersion.slice(0, 50),
      },
    };
    return { action: 'BootNotification', build: () => payload };
  },

  heartbeat(): PendingCall {
    return { action: 'Heartbeat', build: () => ({}) };
  },

  stationStatus(): PendingCall | null {
    return null;
  },

  reservationExpired(reservationId: number): PendingCall | null {
    return { action: 'ReservationStatusUpdate', build: () => ({ reservationId, reservationUpdateStatus: 'Expired' }) };
  },

  connectorStatus(evseId: number, connectorId: number, state: ConnectorState, at: Date): PendingCall {
    const payload = {
      timestamp: at.toISOString(),
      connectorStatus: v201Status(state),
      evseId,
      connectorId,
    };
    return { action: 'StatusNotification', build: () => payload };
  },

  authorize(uid: string): PendingCall {
    return { action: 'Authorize', build: () => ({ idToken: idToken(uid) }) };
  },

  start(session: ChargingSession, at: Date, offline: boolean): PendingCall {
    return transactionEvent(session, 'Started', session.remoteStartId !== undefined ? 'RemoteStart' : 'Authorized', at, offline, {
      transactionInfo: {
        transactionId: session.localId,
        chargingState: 'Charging',
        ...(session.remoteStartId !== undefined ? { remoteStartId: session.remoteStartId } : {}),
      },
      idToken: idToken(session.idTag),
      meterValue: [{ timestamp: at.toISOString(), sampledValue: [energySample(session.meterStartWh, 'Transaction.Begin')] }],
      ...(session.reservationId !== undefined ? { reservationId: session.reservationId } : {}),
    });
  },

  meter(session: ChargingSession, at: Date, offline: boolean): PendingCall {
    return transactionEvent(session, 'Updated', 'MeterValuePeriodic', at, offline, {
      transactionInfo: { transactionId: session.localId, chargingState: 'Charging' },
      meterValue: meterValue(session, at, 'Sample.Periodic', true),
    });
  },

  stop(session: ChargingSession, reason: StopReason, at: Date, offline: boolean): PendingCall {
    const trigger = reason === 'Remote' ? 'RemoteStop' : reason === 'EVDisconnected' ? 'EVDeparted' : 'StopAuthorized';
    return transactionEvent(session, 'Ended', trigger, at, offline, {
      transactionInfo: { transactionId: session.localId, chargingState: 'Idle', stoppedReason: reason },
      idToken: idToken(session.idTag),
      meterValue: meterValue(session, at, 'Transaction.End', false),
    });
  },

  parseBoot(result: unknown): BootResult {
    const r = result as { status: BootResult['status']; interval: number; currentTime: string };
    return { status: r.status, intervalSec: r.interval, currentTime: r.currentTime };
  },

  parseAuthorize(result: unknown): string {
    return (result as { idTokenInfo: { status: string } }).idTokenInfo.status;
  },

  parseStart(result: unknown): { transactionId?: number; authStatus?: string } {
    const r = result as { idTokenInfo?: { status: string } };
    return r.idTokenInfo ? { authStatus: r.idTokenInfo.status } : {};
  },
};

/** NotifyReport announcing each connector's type and each EVSE's power limit (unsolicited, requestId 0). */
export function connectorReport(spec: StationSpec, at: Date): PendingCall {
  const reportData: unknown[] = [];
  for (const evse of spec.evses) {
    const maxKw = Math.max(...evse.connectors.map((c) => c.maxPowerKw));
    reportData.push({
      component: { name: 'EVSE', evse: { id: evse.evseId } },
      variable: { name: 'Power' },
      variableAttribute: [{ type: 'MaxSet', value: String(maxKw * 1000) }],
      variableCharacteristics: { unit: 'W', dataType: 'decimal', maxLimit: maxKw * 1000, supportsMonitoring: false },
    });
    for (const c of evse.connectors) {
      reportData.push({
        component: { name: 'Connector', evse: { id: evse.evseId, connectorId: c.connectorId } },
        variable: { name: 'ConnectorType' },
        variableAttribute: [{ type: 'Actual', value: connectorTypeOf(c.standard) }],
      });
    }
  }
  const payload = { requestId: 0, generatedAt: at.toISOString(), seqNo: 0, tbc: false, reportData };
  return { action: 'NotifyReport', build: () => payload };
}
