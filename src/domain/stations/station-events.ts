/** What stations told the platform and it keeps as records: security events, display messages, customer information, monitoring reports, … */
export const STATION_EVENT_KINDS = [
  'SecurityEvent',
  'NotifyEvent',
  'DisplayMessages',
  'CustomerInformation',
  'MonitoringReport',
  'FirmwareStatus',
  'DiagnosticsStatus',
  'LogStatus',
  'DataTransfer',
  'EVChargingSchedule',
] as const;
export type StationEventKind = (typeof STATION_EVENT_KINDS)[number];

export interface StationEventView {
  readonly id: string;
  readonly kind: string;
  readonly payload: unknown;
  readonly occurredAt: string;
  readonly receivedAt: string;
}

export interface StationEventQueries {
  /** The station's records, newest first (before: an id from an earlier page). */
  list(stationId: string, filter: { kind?: string | undefined; before?: string | undefined; limit: number }): Promise<StationEventView[]>;
}
