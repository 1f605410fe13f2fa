import type { ChargingSession, MeterSample, SessionView } from '../../domain/sessions/index.js';
import type { OcppVersion } from '../../domain/stations/index.js';
import type { ChargingSession as SessionRow } from './generated/client.js';

const num = (v: bigint | null): number | null => (v === null ? null : Number(v));
const big = (v: number | null): bigint | null => (v === null ? null : BigInt(v));

export function sessionFromRow(r: SessionRow): ChargingSession {
  return {
    id: r.id,
    stationId: r.stationId,
    operatorId: r.operatorId,
    ocppVersion: r.ocppVersion as OcppVersion,
    transactionId: r.transactionId,
    evseNo: r.evseNo,
    connectorNo: r.connectorNo,
    idToken: r.idToken,
    authStatus: r.authStatus,
    status: r.status === 'COMPLETED' ? 'COMPLETED' : 'ACTIVE',
    startedAt: r.startedAt,
    stoppedAt: r.stoppedAt,
    meterStartWh: num(r.meterStartWh),
    meterStopWh: num(r.meterStopWh),
    energyWh: num(r.energyWh),
    stopReason: r.stopReason,
    lastSeqNo: r.lastSeqNo,
    offline: r.offline,
  };
}

export function sessionToRow(s: ChargingSession) {
  return {
    id: s.id,
    stationId: s.stationId,
    operatorId: s.operatorId,
    ocppVersion: s.ocppVersion,
    transactionId: s.transactionId,
    evseNo: s.evseNo,
    connectorNo: s.connectorNo,
    idToken: s.idToken,
    authStatus: s.authStatus,
    status: s.status,
    startedAt: s.startedAt,
    stoppedAt: s.stoppedAt,
    meterStartWh: big(s.meterStartWh),
    meterStopWh: big(s.meterStopWh),
    energyWh: big(s.energyWh),
    stopReason: s.stopReason,
    lastSeqNo: s.lastSeqNo,
    offline: s.offline,
  };
}

export function sessionView(s: ChargingSession): SessionView {
  return { ...s, startedAt: s.startedAt.toISOString(), stoppedAt: s.stoppedAt?.toISOString() ?? null };
}

export function sampleRows(stationId: string, evseNo: number, sessionId: string | null, samples: readonly MeterSample[]) {
  return samples.map((s) => ({
    stationId,
    sessionId,
    evseNo,
    sampledAt: s.sampledAt,
    measurand: s.measurand,
    phase: s.phase,
    location: s.location,
    context: s.context,
    value: s.value,
    unit: s.unit,
    signed: s.signed,
  }));
}
