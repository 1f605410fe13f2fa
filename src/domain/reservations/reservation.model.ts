/** removed: the station ended it before its expiry (2.0.1 ReservationStatusUpdate Removed, e.g. its EVSE went out of order). */
export const RESERVATION_STATUSES = ['active', 'used', 'cancelled', 'expired', 'replaced', 'removed'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** A reservation a station accepted (ReserveNow); it holds an EVSE (or, without one, the station) for one token. */
export interface Reservation {
  /** The reserve command that made it. */
  readonly commandId: string;
  readonly stationId: string;
  /** OCPP reservationId: identifies the reservation at its station. */
  readonly reservationId: number;
  /** null: any EVSE of the station (OCPP 1.6 connectorId 0, 2.0.1 without evseId). */
  readonly evseNo: number | null;
  readonly idToken: string;
  readonly requestedBy: string;
  readonly status: ReservationStatus;
  readonly expiresAt: Date;
  readonly createdAt: Date;
  readonly endedAt: Date | null;
}
