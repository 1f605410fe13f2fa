import type { StationPlace } from '../domain/availability/index.js';
import type { CertificateService } from '../domain/certificates/index.js';
import type { DeviceModelService } from '../domain/device-model/index.js';
import type { StationLogService } from '../domain/station-logs/index.js';
import type { SessionService } from '../domain/sessions/index.js';
import type { SmartChargingService } from '../domain/smart-charging/index.js';
import type { RegistrationStatus, StationService } from '../domain/stations/index.js';
import type { Logger } from '../shared/logger.js';

export type OcppProtocol = 'ocpp1.6' | 'ocpp2.0.1';
export const SUPPORTED_PROTOCOLS: readonly OcppProtocol[] = ['ocpp2.0.1', 'ocpp1.6'];

/** What a handler knows about the station on the other end of the socket. */
export interface StationContext {
  readonly stationId: string;
  readonly operatorId: string;
  readonly protocol: OcppProtocol;
  readonly place: StationPlace;
  registrationStatus: RegistrationStatus;
  readonly log: Logger;
  /** The report asked for at this connection's Pending boot (its requestId), until it is complete. */
  bootReport?: { readonly requestId: number } | undefined;
  /** Sends CALLs once this message's answer is on the wire (allowed while Pending: fetching the boot report). */
  afterAnswer(task: (call: StationCall) => Promise<void>): void;
}

/** A CALL to the station on this connection; resolves with its CALLRESULT. */
export type StationCall = (action: string, payload: Record<string, unknown>) => Promise<unknown>;

export interface GatewayServices {
  readonly stations: StationService;
  readonly sessions: SessionService;
  /** A station may end a reservation itself (2.0.1 ReservationStatusUpdate). Absent: reservations are not tracked. */
  readonly reservations?: { endedByStation(stationId: string, reservationId: number, status: 'expired' | 'removed'): Promise<boolean> } | undefined;
  /** Limits stations report and EVs' needs (2.0.1 smart charging). Absent: answered, not kept. */
  readonly chargingLimits?: Pick<SmartChargingService, 'limitReported' | 'limitCleared' | 'evChargingNeeds'> | undefined;
  /** Stations' certificates (SignCertificate). Absent: SignCertificate is NotSupported. */
  readonly certificates?: Pick<CertificateService, 'requestFromStation'> | undefined;
  /** The stored device model and the report fetched at boot. Absent: reports keep plain variables only. */
  readonly deviceModel?: Pick<DeviceModelService, 'reported' | 'reportPart' | 'configurationRead' | 'onBoot' | 'bootReportReceived'> | undefined;
  /** Log files asked of stations (get-log): their upload status. Absent: the status is kept on the station only. */
  readonly stationLogs?: Pick<StationLogService, 'statusReported'> | undefined;
}

/** Params arrive already validated against the version's JSON schema (strict mode). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Params = any;
export type Handler = (ctx: StationContext, params: Params) => Promise<Record<string, unknown>>;
export type HandlerTable = Readonly<Record<string, (svc: GatewayServices) => Handler>>;
