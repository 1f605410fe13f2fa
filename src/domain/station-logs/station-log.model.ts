/** A log file asked of a station (get-log: 2.0.1 GetLog, 1.6 GetDiagnostics) and what became of it. */
export const STATION_LOG_STATUSES = ['requested', 'uploading', 'uploaded', 'failed'] as const;
export type StationLogStatus = (typeof STATION_LOG_STATUSES)[number];

/** OCPP 2.0.1 LogEnumType. */
export const LOG_TYPES = ['DiagnosticsLog', 'SecurityLog'] as const;
export type LogType = (typeof LOG_TYPES)[number];

export interface StationLog {
  readonly id: string;
  readonly stationId: string;
  readonly commandId: string;
  readonly requestId: number;
  readonly status: StationLogStatus;
  /** The last status the station reported (LogStatusNotification / DiagnosticsStatusNotification). */
  readonly stationStatus: string | null;
  readonly fileName: string | null;
  readonly contentType: string | null;
  readonly sizeBytes: number | null;
  readonly requestedAt: Date;
  readonly uploadedAt: Date | null;
}

export interface UploadedFile {
  readonly fileName: string | null;
  readonly contentType: string | null;
  readonly content: Buffer;
}

/** What a station's upload status means for the log (null: nothing changes). */
export function logStatusFrom(stationStatus: string): StationLogStatus | null {
  switch (stationStatus) {
    case 'Uploading':
      return 'uploading';
    case 'Uploaded':
      return 'uploaded';
    case 'UploadFailed':
    case 'UploadFailure':
    case 'BadMessage':
    case 'NotSupportedOperation':
    case 'PermissionDenied':
      return 'failed';
    default:
      return null;
  }
}
