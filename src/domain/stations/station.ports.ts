import type { DomainEvent } from '../events/index.js';
import type { ConnectorStatus } from './connector-status.js';
import type {
  BootInfo,
  OcppVersion,
  RegistrationStatus,
  ConnectorSpec,
  ConnectorStatusReport,
  StationCredentials,
  StationEventRecord,
  StationVariable,
  StationView,
} from './station.model.js';

/** Durable station data. Every write resolves only once it is committed. */
export interface StationRepository {
  getCredentials(stationId: string): Promise<StationCredentials | null>;
  /** Auto-registration (opt-in): a Pending station under the placeholder operator. */
  registerPending(stationId: string, passwordHash: string, at: Date): Promise<StationCredentials>;
  /**
   * Key rotation: a key about to be sent to the station (by this command) becomes valid beside
   * the current one. What the station answers decides the rest (CommandRepository.complete).
   */
  setPendingPassword(stationId: string, passwordHash: string, commandId: string): Promise<void>;
  /** The station connected with its pending key: it has it, so it becomes its key. */
  promotePendingPassword(stationId: string, pendingHash: string): Promise<void>;
  /** Stores the boot details; returns the station's registration status, or null for an unknown station. */
  recordBoot(stationId: string, boot: BootInfo, at: Date, event?: DomainEvent): Promise<RegistrationStatus | null>;
  /** Upserts the EVSE/connector, keeps its current status, appends history (a replay appends nothing). */
  recordConnectorStatus(report: ConnectorStatusReport): Promise<void>;
  /** Sets the live status without a history row (e.g. derived from a transaction's chargingState). */
  setConnectorStatus(stationId: string, evseNo: number, connectorNo: number, status: ConnectorStatus, at: Date): Promise<void>;
  upsertConnectorSpecs(stationId: string, specs: readonly ConnectorSpec[]): Promise<void>;
  recordVariables(stationId: string, variables: readonly StationVariable[], at: Date): Promise<void>;
  /** Returns false when the same event (station, kind, dedupeKey) was stored before. */
  recordEvent(event: StationEventRecord): Promise<boolean>;
  /** With its event (firmware campaigns follow it), in the same transaction. */
  setFirmwareStatus(stationId: string, status: string, event?: DomainEvent): Promise<void>;
  setDiagnosticsStatus(stationId: string, status: string): Promise<void>;
  /** Last-seen is soft state: implementations may coalesce it and flush periodically. */
  touch(stationId: string, at: Date): void;
}

/** Which stations a list shows (all given conditions hold). */
export interface StationListFilter {
  readonly operatorId?: string | undefined;
  readonly locationId?: string | undefined;
  /** The city of the station's location. */
  readonly city?: string | undefined;
  readonly ocppVersion?: OcppVersion | undefined;
  /** true: a connector is FAULTED now; false: none is. */
  readonly faulted?: boolean | undefined;
  /** Part of the id, vendor, model, serial number or location name (any case). */
  readonly q?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

/** One stored connector status report, as the station sent it. */
export interface ConnectorStatusChangeView {
  readonly evseId: number;
  readonly connectorId: number;
  readonly status: ConnectorStatus;
  readonly ocppStatus: string;
  readonly errorCode: string | null;
  readonly info: string | null;
  readonly occurredAt: string;
}

export interface StationQueries {
  get(stationId: string): Promise<Omit<StationView, 'online'> | null>;
  list(filter: StationListFilter): Promise<{
    items: Omit<StationView, 'online'>[];
    nextCursor: string | null;
  }>;
  /** The station's connector status reports, newest first (before: older than this time). */
  statusHistory(stationId: string, filter: { before?: Date | undefined; limit: number }): Promise<ConnectorStatusChangeView[]>;
}

/** Which node holds a station's socket (leased), shared by all nodes. */
export interface StationPresence {
  /** Claims ownership for this node; returns the previous owner node id if another node held it. */
  claim(stationId: string, nodeId: string, leaseMs: number): Promise<string | null>;
  /** Renews the leases of many stations held by this node. */
  renew(stationIds: readonly string[], nodeId: string, leaseMs: number): Promise<void>;
  /** Releases only if this node still owns it (a newer connection elsewhere is left alone). */
  release(stationId: string, nodeId: string): Promise<void>;
  ownerOf(stationId: string): Promise<string | null>;
  ownersOf(stationIds: readonly string[]): Promise<Map<string, string>>;
}
