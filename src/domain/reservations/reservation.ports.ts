import type { Reservation, ReservationStatus } from './reservation.model.js';

export type NewReservation = Omit<Reservation, 'status' | 'createdAt' | 'endedAt'>;

/** Durable reservations. */
export interface ReservationRepository {
  /**
   * Records an accepted reservation (idempotent per command). An active reservation of the same
   * station with the same reservationId is the one a ReserveNow replaces: it ends as `replaced`.
   */
  activate(r: NewReservation, at: Date): Promise<void>;
  /** The station's active reservation with this id, if there is one. */
  findActive(stationId: string, reservationId: number): Promise<Reservation | null>;
  /** Ends the station's active reservation with this id; returns it, or null if none was active. */
  end(stationId: string, reservationId: number, status: Exclude<ReservationStatus, 'active'>, at: Date): Promise<Reservation | null>;
  /** Active reservations whose expiry has passed, oldest expiry first. */
  due(now: Date, limit: number): Promise<Reservation[]>;
  get(commandId: string): Promise<Reservation | null>;
  /** Newest first (createdAt, then commandId); `visibleTo` limits it to what that operator may see. */
  list(filter: ReservationFilter): Promise<{ items: Reservation[]; nextCursor: string | null }>;
}

export interface ReservationFilter {
  /** One reservation, by the reserve command that made it. */
  readonly commandId?: string | undefined;
  readonly stationId?: string | undefined;
  readonly status?: ReservationStatus | undefined;
  /**
   * An operator sees the reservations at its own stations (as CPO) and those it made (as EMSP);
   * undefined: everything (the admin).
   */
  readonly visibleTo?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

/** Puts a reserved EVSE back to AVAILABLE when its reservation ends and the station has not said otherwise. */
export interface ReservedConnectorRelease {
  release(stationId: string, evseNo: number, at: Date): Promise<void>;
}
