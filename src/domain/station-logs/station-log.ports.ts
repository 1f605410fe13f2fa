import type { StationLog, StationLogStatus, UploadedFile } from './station-log.model.js';

/** Durable log requests and the files stations uploaded. */
export interface StationLogStore {
  /** The log a get-log command asks for, with the hash of its upload URL's secret (a re-send gets a new one). */
  issue(log: { id: string; stationId: string; commandId: string; requestId: number; tokenHash: string }, at: Date): Promise<void>;
  /** Whether a file is still expected at this secret (known and not yet uploaded). */
  expects(tokenHash: string): Promise<boolean>;
  /** Stores the file once: false when the secret is unknown or its file already came. */
  saveUpload(tokenHash: string, file: UploadedFile, at: Date): Promise<StationLog | null>;
  /**
   * The station's status for its log (requestId, or its newest when the message has none, as in
   * 1.6 DiagnosticsStatusNotification); an upload the platform received stays uploaded.
   */
  reportStatus(stationId: string, requestId: number | null, stationStatus: string, status: StationLogStatus | null, at: Date): Promise<void>;
  list(stationId: string, limit: number): Promise<StationLog[]>;
  content(stationId: string, logId: string): Promise<(UploadedFile & { log: StationLog }) | null>;
}
