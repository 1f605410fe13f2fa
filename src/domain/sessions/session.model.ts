import type { OcppVersion } from '../stations/station.model.js';

export type SessionStatus = 'ACTIVE' | 'COMPLETED';

/** One row per transaction, whatever the OCPP version. */
export interface ChargingSession {
  readonly id: string;
  readonly stationId: string;
  readonly operatorId: string;
  readonly ocppVersion: OcppVersion;
  /** As the station knows it: 1.6 the integer we issued (as text), 2.0.1 the station's transactionId. */
  readonly transactionId: string;
  readonly evseNo: number | null;
  readonly connectorNo: number | null;
  readonly idToken: string | null;
  readonly authStatus: string | null;
  /** The token's operator: the provider (EMSP) who pays. */
  readonly providerId: string | null;
  /** The agreement that let another operator's token charge here (null: own token, or none). */
  readonly agreementId: string | null;
  readonly status: SessionStatus;
  readonly startedAt: Date;
  readonly stoppedAt: Date | null;
  readonly meterStartWh: number | null;
  readonly meterStopWh: number | null;
  readonly energyWh: number | null;
  readonly stopReason: string | null;
  readonly lastSeqNo: number | null;
  readonly offline: boolean;
}

export interface SessionView extends Omit<ChargingSession, 'startedAt' | 'stoppedAt'> {
  readonly startedAt: string;
  readonly stoppedAt: string | null;
}
