/** Shared, version-neutral types of the simulated charging station. */

export type OcppVersion = '1.6' | '2.0.1';

export type ConnectorStandard = 'GBT_AC' | 'GBT_DC' | 'CCS2' | 'CHADEMO' | 'TYPE2';

export interface ConnectorSpec {
  connectorId: number;
  standard: ConnectorStandard;
  maxPowerKw: number;
}

export interface EvseSpec {
  evseId: number;
  connectors: ConnectorSpec[];
}

/** Everything a simulated station needs to know about itself. */
export interface StationSpec {
  id: string;
  password: string;
  ocppVersion: OcppVersion;
  vendor: string;
  model: string;
  serialNumber: string;
  firmwareVersion: string;
  evses: EvseSpec[];
}

/** Version-neutral result of a BootNotification. */
export interface BootResult {
  status: 'Accepted' | 'Pending' | 'Rejected';
  intervalSec: number;
  currentTime: string;
}

/** Version-neutral authorization status (1.6 idTagInfo.status / 2.0.1 idTokenInfo.status). */
export type AuthStatus = string;

/** Stop reasons valid in both 1.6 (Reason) and 2.0.1 (ReasonEnumType). */
export type StopReason =
  | 'Local'
  | 'Remote'
  | 'EVDisconnected'
  | 'PowerLoss'
  | 'Reboot'
  | 'Other'
  | 'DeAuthorized'
  | 'EmergencyStop';

/** Connector status in 1.6 vocabulary; 2.0.1 maps Preparing/Charging/Finishing to Occupied. */
export type ConnectorState =
  | 'Available'
  | 'Preparing'
  | 'Charging'
  | 'Finishing'
  | 'Reserved'
  | 'Unavailable'
  | 'Faulted';

/** A charging session as the station sees it. Mutated in place as it progresses. */
export interface ChargingSession {
  /** Station-local id; also the 2.0.1 transactionId (a uuid). */
  localId: string;
  /** The reservation this session used, if it started on one. */
  reservationId?: number;
  /** 2.0.1: set when the server started it (RequestStartTransaction.remoteStartId). */
  remoteStartId?: number;
  evseId: number;
  connectorId: number;
  idTag: string;
  /** 1.6: the integer the server assigned (undefined until StartTransaction is answered). 2.0.1: equals localId. */
  transactionId: string | number | undefined;
  /** 2.0.1 TransactionEvent sequence number of the next event. */
  nextSeqNo: number;
  meterStartWh: number;
  meterWh: number;
  /** What the meter shows it draws now (W): the vehicle's own draw, capped by the charging profiles in force. */
  powerW: number;
  /** What the vehicle would draw without any limit (W). */
  evPowerW: number;
  soc: number;
  batteryWh: number;
  startedAt: Date;
  lastMeterAt: Date;
  stoppedAt?: Date;
  stopReason?: StopReason;
  /** Authorization status returned at start (1.6 StartTransaction idTagInfo / 2.0.1 TransactionEvent idTokenInfo). */
  authStatus?: AuthStatus;
  /** True when the session started while the station was offline. */
  startedOffline: boolean;
}

/** An OCPP call to make; `build` runs at send time (1.6 needs the server's transactionId, known only after StartTransaction). */
export interface PendingCall {
  action: string;
  build: () => Record<string, unknown>;
}

/** One OCPP call the station has made (or queued), with what came back. */
export interface CallRecord {
  action: string;
  payload: unknown;
  offline: boolean;
  duplicate: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}
