import type { IdTokenType } from '../authorization/index.js';
import type { ComponentCriterion, ReportBase, VariableItem } from '../device-model/device-model.model.js';
import type { LogType } from '../station-logs/station-log.model.js';
import type { ChargingProfile, ChargingProfilePurpose, ChargingRateUnit } from '../smart-charging/charging-profile.js';
import type { FirmwareRequest } from '../firmware/firmware.model.js';
import type { LocalListUpdate } from '../local-lists/local-list.model.js';

/** Version-neutral remote intents; src/ocpp translates them to each OCPP version's messages. */
export const COMMAND_KINDS = [
  'start', 'stop', 'reserve', 'cancel-reservation', 'unlock', 'reset', 'change-availability',
  // smart charging
  'set-charging-profile', 'clear-charging-profile', 'get-composite-schedule',
  // Security: certificates and the station's key (see docs/decisions/0012).
  'install-certificate', 'get-installed-certificate-ids', 'delete-certificate', 'renew-certificate', 'rotate-password', 'certificate-signed',
  // Fleet operations: triggers, transactions, firmware, local lists (see docs/decisions/0017).
  'trigger', 'get-transaction-status', 'update-firmware', 'send-local-list', 'get-local-list-version',
  // Device management: the device model (2.0.1 variables, 1.6 configuration keys; see docs/decisions/0016).
  'get-variables', 'set-variables', 'get-base-report', 'get-report',
  'clear-cache', 'data-transfer', 'get-log', 'set-display-message', 'get-display-messages', 'clear-display-message', 'customer-information',
  // Firmware a local controller publishes to the stations behind it (2.0.1 L05, L06; docs/decisions/0017).
  'publish-firmware', 'unpublish-firmware',
] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];

/** Commands only the platform sends (a certificate its CA issued); POST /v1/commands does not take them. */
export const PLATFORM_COMMAND_KINDS: readonly CommandKind[] = ['certificate-signed'];
export const API_COMMAND_KINDS = COMMAND_KINDS.filter((k) => !PLATFORM_COMMAND_KINDS.includes(k));

/** OCPP 2.0.1 MessagePriorityEnumType, MessageStateEnumType, MessageFormatEnumType (display messages, block O). */
export const MESSAGE_PRIORITIES = ['AlwaysFront', 'InFront', 'NormalCycle'] as const;
export const MESSAGE_STATES = ['Charging', 'Faulted', 'Idle', 'Unavailable'] as const;
export const MESSAGE_FORMATS = ['ASCII', 'HTML', 'URI', 'UTF8'] as const;

/** A message for the station's display (2.0.1 MessageInfoType). */
export interface DisplayMessage {
  /** The station's id for it (made at submit when absent). */
  readonly id?: number | undefined;
  readonly priority: (typeof MESSAGE_PRIORITIES)[number];
  readonly state?: (typeof MESSAGE_STATES)[number] | undefined;
  readonly startsAt?: string | undefined;
  readonly endsAt?: string | undefined;
  readonly content: string;
  readonly format?: (typeof MESSAGE_FORMATS)[number] | undefined;
  readonly language?: string | undefined;
}

/** OCPP 2.0.1 InstallCertificateUseEnumType; 1.6 knows the last two (CSMSRootCertificate as CentralSystemRootCertificate). */
export const INSTALL_CERTIFICATE_USES = ['V2GRootCertificate', 'MORootCertificate', 'CSMSRootCertificate', 'ManufacturerRootCertificate'] as const;
export type InstallCertificateUse = (typeof INSTALL_CERTIFICATE_USES)[number];
/** OCPP 2.0.1 GetCertificateIdUseEnumType. */
export const CERTIFICATE_ID_USES = ['V2GRootCertificate', 'MORootCertificate', 'CSMSRootCertificate', 'V2GCertificateChain', 'ManufacturerRootCertificate'] as const;
export type CertificateIdUse = (typeof CERTIFICATE_ID_USES)[number];
export const HASH_ALGORITHMS = ['SHA256', 'SHA384', 'SHA512'] as const;

/** OCPP CertificateHashDataType (the same in 1.6 and 2.0.1): names an installed certificate. */
export interface CertificateHashData {
  readonly hashAlgorithm: (typeof HASH_ALGORITHMS)[number];
  readonly issuerNameHash: string;
  readonly issuerKeyHash: string;
  readonly serialNumber: string;
}

/**
 * What `trigger` may ask a station to send: 2.0.1 MessageTriggerEnumType, plus 1.6's
 * DiagnosticsStatusNotification (2.0.1 LogStatusNotification; each is sent as the other's name).
 */
export const TRIGGER_MESSAGES = [
  'BootNotification', 'Heartbeat', 'StatusNotification', 'MeterValues', 'FirmwareStatusNotification', 'LogStatusNotification',
  'DiagnosticsStatusNotification', 'TransactionEvent', 'SignChargingStationCertificate', 'SignV2GCertificate', 'PublishFirmwareStatusNotification',
] as const;
export type TriggerMessage = (typeof TRIGGER_MESSAGES)[number];

export const COMMAND_STATUSES = ['pending', 'sent', 'accepted', 'rejected', 'timed-out', 'failed'] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

export const FINAL_STATUSES: readonly CommandStatus[] = ['accepted', 'rejected', 'timed-out', 'failed'];

/** OCPP 2.0.1 ConnectorEnumType: a reservation may ask for a connector of one type (2.0.1 ReserveNow only). */
export const CONNECTOR_TYPES = [
  'cCCS1', 'cCCS2', 'cG105', 'cTesla', 'cType1', 'cType2', 's309-1P-16A', 's309-1P-32A', 's309-3P-16A', 's309-3P-32A', 'sBS1361', 'sCEE-7-7',
  'sType2', 'sType3', 'Other1PhMax16A', 'Other1PhOver16A', 'Other3Ph', 'Pan', 'wInductive', 'wResonant', 'Undetermined', 'Unknown',
] as const;
export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

export interface CommandParams {
  readonly evseId?: number | undefined;
  readonly connectorId?: number | undefined;
  readonly idToken?: string | undefined;
  /**
   * start/reserve: the token's registered type and group, looked up when the command is submitted
   * (2.0.1 idToken.type and groupIdToken, 1.6 ReserveNow parentIdTag). An unregistered token is Central.
   */
  readonly idTokenType?: IdTokenType | undefined;
  readonly groupId?: string | undefined;
  /** stop: the session to stop, resolved to the station's transactionId at submit time. */
  readonly sessionId?: string | undefined;
  readonly transactionId?: string | undefined;
  /** reserve: when the reservation ends. */
  readonly reservationExpiresAt?: string | undefined;
  /** reserve: a connector of this type (sent to 2.0.1 stations; 1.6 ReserveNow has no such field). */
  readonly connectorType?: ConnectorType | undefined;
  /** reserve / cancel-reservation */
  readonly reservationId?: number | undefined;
  /** reset: 'Soft' | 'Hard' (1.6) ≈ 'OnIdle' | 'Immediate' (2.0.1) */
  readonly resetType?: 'Soft' | 'Hard' | undefined;
  /** change-availability */
  readonly operative?: boolean | undefined;
  /** set-charging-profile (evseId 0: the whole station; a TxProfile names its session, resolved to transactionId). */
  readonly chargingProfile?: ChargingProfile | undefined;
  /** clear-charging-profile: which profiles (none given: all of them). */
  readonly chargingProfileId?: number | undefined;
  readonly chargingProfilePurpose?: ChargingProfilePurpose | undefined;
  readonly stackLevel?: number | undefined;
  /** get-composite-schedule: seconds from now, and the unit wanted (evseId 0: the grid connection). */
  readonly duration?: number | undefined;
  readonly chargingRateUnit?: ChargingRateUnit | undefined;
  /** install-certificate: what the certificate is for; certificate-signed: ChargingStationCertificate or V2GCertificate. */
  readonly certificateType?: InstallCertificateUse | 'ChargingStationCertificate' | 'V2GCertificate' | undefined;
  /** install-certificate: one PEM certificate. */
  readonly certificate?: string | undefined;
  /** get-installed-certificate-ids: which kinds (all when absent; a 1.6 station is asked for one). */
  readonly certificateTypes?: readonly CertificateIdUse[] | undefined;
  /** delete-certificate */
  readonly certificateHashData?: CertificateHashData | undefined;
  /** certificate-signed: the issued certificate and the CA's, PEM. */
  readonly certificateChain?: string | undefined;
  /** trigger: the message the station is to send (evseId: about that EVSE). */
  readonly message?: TriggerMessage | undefined;
  /** update-firmware */
  readonly firmware?: FirmwareRequest | undefined;
  /** send-local-list */
  readonly localList?: LocalListUpdate | undefined;
  /** publish-firmware: the image, its MD5 checksum (32 hex digits) and the request's id; unpublish-firmware: the checksum. */
  readonly publish?: { readonly location?: string | undefined; readonly checksum: string; readonly requestId?: number | undefined; readonly retries?: number | undefined; readonly retryInterval?: number | undefined } | undefined;
  /** get-variables / set-variables (with values) / get-report (which variables; none: all). */
  readonly variables?: readonly VariableItem[] | undefined;
  /** get-base-report: which report (default FullInventory; 1.6 stations send their whole configuration). */
  readonly reportBase?: ReportBase | undefined;
  /** get-report: components in these states (2.0.1). */
  readonly componentCriteria?: readonly ComponentCriterion[] | undefined;
  /** data-transfer */
  readonly vendorId?: string | undefined;
  readonly messageId?: string | undefined;
  readonly data?: unknown;
  /** get-log: the period the log covers (ISO times); 2.0.1 which log. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly logType?: LogType | undefined;
  /** set-display-message */
  readonly displayMessage?: DisplayMessage | undefined;
  /** clear-display-message / get-display-messages (one message) */
  readonly displayMessageId?: number | undefined;
  /** customer-information: whom (customerIdentifier or idToken), and whether to report and/or clear the data kept. */
  readonly customerIdentifier?: string | undefined;
  readonly report?: boolean | undefined;
  readonly clear?: boolean | undefined;
}

/**
 * What the station's answer means for its key (rotate-password): the new key replaces the old
 * one (accepted), or is dropped (rejected). Absent: both stay valid until the station connects
 * with the new one (no answer, or the key applies after a reboot).
 */
export type StationKeyEffect = 'promote' | 'drop';

export interface Command {
  readonly id: string;
  readonly stationId: string;
  readonly kind: CommandKind;
  readonly params: CommandParams;
  readonly status: CommandStatus;
  /** 2.0.1 RequestStartTransaction.remoteStartId */
  readonly remoteStartId: number;
  readonly requestedBy: string;
  /** The station's own answer (its CALLRESULT or CALLERROR). */
  readonly response: unknown;
  readonly error: string | null;
  /** start: the session the station started for it. */
  readonly sessionId: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly sentAt: Date | null;
  readonly completedAt: Date | null;
}

/** What the station answered, in version-neutral terms. */
export type CommandOutcome =
  | { readonly status: 'accepted' | 'rejected'; readonly response: unknown; readonly stationKey?: StationKeyEffect | undefined }
  | { readonly status: 'timed-out' | 'failed'; readonly error: string; readonly response?: unknown };
