import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { Command } from '../commands/command.model.js';
import type { Reservation } from './reservation.model.js';
import type { ReservationFilter, ReservationRepository, ReservedConnectorRelease } from './reservation.ports.js';

/** Expired reservations handled per run of the expiry job (the rest wait for the next run). */
const EXPIRE_BATCH = 500;

/**
 * Reservations follow the stations' answers: a reserve command the station accepted becomes an
 * active reservation; an accepted cancellation, or its expiry, ends it. When one ends, an EVSE
 * still showing RESERVED goes back to AVAILABLE, so drivers do not see it held after it is free
 * even if the station never reports the change.
 */
export class ReservationService {
  constructor(
    private readonly repo: ReservationRepository,
    private readonly connectors: ReservedConnectorRelease,
    private readonly clock: Clock,
  ) {}

  /** A command the station answered: reserve and cancel-reservation that it accepted change reservations. */
  async commandAccepted(c: Command): Promise<void> {
    const p = c.params;
    if (c.kind === 'reserve' && p.reservationId !== undefined && p.idToken !== undefined && p.reservationExpiresAt !== undefined) {
      await this.repo.activate(
        {
          commandId: c.id,
          stationId: c.stationId,
          reservationId: p.reservationId,
          evseNo: p.evseId ?? null,
          idToken: p.idToken,
          requestedBy: c.requestedBy,
          expiresAt: new Date(p.reservationExpiresAt),
        },
        this.clock.now(),
      );
    } else if (c.kind === 'cancel-reservation' && p.reservationId !== undefined) {
      const ended = await this.repo.end(c.stationId, p.reservationId, 'cancelled', this.clock.now());
      if (ended?.evseNo != null) await this.connectors.release(ended.stationId, ended.evseNo, this.clock.now());
    }
  }

  /**
   * A transaction started on a reservation (1.6 StartTransaction / 2.0.1 TransactionEvent
   * `reservationId`): it ends as used; the EVSE is in use, so nothing is freed.
   */
  async used(stationId: string, reservationId: number): Promise<void> {
    await this.repo.end(stationId, reservationId, 'used', this.clock.now());
  }

  /**
   * The station says it ended a reservation itself (2.0.1 ReservationStatusUpdate): Expired at its
   * expiry, Removed before it. Like expiry, the EVSE is freed first, then the reservation ended, so
   * a station that repeats the message after a crash in between still gets its EVSE freed.
   */
  async endedByStation(stationId: string, reservationId: number, status: 'expired' | 'removed'): Promise<boolean> {
    const r = await this.repo.findActive(stationId, reservationId);
    if (!r) return false;
    const now = this.clock.now();
    if (r.evseNo !== null) await this.connectors.release(r.stationId, r.evseNo, now);
    return (await this.repo.end(stationId, reservationId, status, now)) !== null;
  }

  /**
   * Frees the EVSEs of reservations past their expiry, then ends them (in that order: a crash in
   * between frees again on the next run, which changes nothing); returns how many ended.
   */
  async expireDue(): Promise<number> {
    const now = this.clock.now();
    let ended = 0;
    for (const r of await this.repo.due(now, EXPIRE_BATCH)) {
      if (r.evseNo !== null) await this.connectors.release(r.stationId, r.evseNo, now);
      if (await this.repo.end(r.stationId, r.reservationId, 'expired', now)) ended++;
    }
    return ended;
  }

  /** Newest first; an operator sees those at its stations and those it made. */
  list(filter: Omit<ReservationFilter, 'commandId'>): Promise<{ items: Reservation[]; nextCursor: string | null }> {
    return this.repo.list(filter);
  }

  /** One reservation by its reserve command's id; one the operator may not see does not exist for it. */
  async get(commandId: string, visibleTo: string | undefined): Promise<Reservation> {
    const [r] = (await this.repo.list({ commandId, visibleTo, limit: 1 })).items;
    if (!r) throw new AppError('RESERVATION_NOT_FOUND', `reservation ${commandId} not found`);
    return r;
  }
}
