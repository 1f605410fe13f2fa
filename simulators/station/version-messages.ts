/** What each OCPP version's message module provides, so the station itself stays version-neutral. */
import type {
  BootResult,
  ChargingSession,
  ConnectorState,
  PendingCall,
  StationSpec,
  StopReason,
} from './types.js';

export interface VersionMessages {
  /** WebSocket subprotocol, e.g. 'ocpp1.6'. */
  protocol: 'ocpp1.6' | 'ocpp2.0.1';
  boot(spec: StationSpec): PendingCall;
  heartbeat(): PendingCall;
  /** Status of the station as a whole (1.6 connectorId 0); null where the version has none. */
  stationStatus(state: ConnectorState, at: Date): PendingCall | null;
  connectorStatus(evseId: number, connectorId: number, state: ConnectorState, at: Date): PendingCall;
  /** A reservation ran out (2.0.1 ReservationStatusUpdate Expired); null where the version has no such message (1.6). */
  reservationExpired(reservationId: number): PendingCall | null;
  authorize(uid: string): PendingCall;
  /** The following snapshot the session's meter when called, so a queued call carries the reading of its time. */
  start(session: ChargingSession, at: Date, offline: boolean): PendingCall;
  meter(session: ChargingSession, at: Date, offline: boolean): PendingCall;
  stop(session: ChargingSession, reason: StopReason, at: Date, offline: boolean): PendingCall;
  parseBoot(result: unknown): BootResult;
  parseAuthorize(result: unknown): string;
  parseStart(result: unknown): { transactionId?: number; authStatus?: string };
}
