import type { ChargingSession, MeterSample, SessionView } from '../../domain/sessions/index.js';
import type { OcppVersion } from '../../domain/stations/index.js';
import type { ChargingSession as SessionRow } from './generated/client.js';

const num = (v: bigint | null): number | null => (v === null ? null : Number(v));

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
    providerId: r.providerId,
    agreementId: r.agreementId,
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

/** A charging_sessions row as plain SQL returns it (int8 may arrive as string or bigint). */
export interface SessionSqlRow {
  id: string;
  station_id: string;
  operator_id: string;
  ocpp_version: string;
  transaction_id: string;
  evse_no: number | null;
  connector_no: number | null;
  id_token: string | null;
  auth_status: string | null;
  provider_id: string | null;
  agreement_id: string | null;
  status: string;
  started_at: Date | string;
  stopped_at: Date | string | null;
  meter_start_wh: string | number | bigint | null;
  meter_stop_wh: string | number | bigint | null;
  energy_wh: string | number | bigint | null;
  stop_reason: string | null;
  last_seq_no: number | null;
  offline: boolean;
}

const n = (v: string | number | bigint | null): number | null => (v === null ? null : Number(v));
const d = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

export function sessionFromSql(r: SessionSqlRow): ChargingSession {
  return {
    id: r.id,
    stationId: r.station_id,
    operatorId: r.operator_id,
    ocppVersion: r.ocpp_version as OcppVersion,
    transactionId: r.transaction_id,
    evseNo: r.evse_no,
    connectorNo: r.connector_no,
    idToken: r.id_token,
    authStatus: r.auth_status,
    providerId: r.provider_id,
    agreementId: r.agreement_id,
    status: r.status === 'COMPLETED' ? 'COMPLETED' : 'ACTIVE',
    startedAt: d(r.started_at),
    stoppedAt: r.stopped_at === null ? null : d(r.stopped_at),
    meterStartWh: n(r.meter_start_wh),
    meterStopWh: n(r.meter_stop_wh),
    energyWh: n(r.energy_wh),
    stopReason: r.stop_reason,
    lastSeqNo: r.last_seq_no,
    offline: r.offline,
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
