/**
 * A simulated station's reservations (ReserveNow / CancelReservation, both versions): a reserved
 * EVSE reports Reserved on its connectors, refuses other reservations and other drivers, and goes
 * back to Available when the reservation is cancelled, used, or expires; at expiry a 2.0.1 station
 * also says which reservation ended (ReservationStatusUpdate Expired). Unless the station is set up
 * not to report expiry, as some real stations fail to (the platform must then free it).
 */
export type ReserveAnswer = 'Accepted' | 'Occupied' | 'Rejected';

interface Held {
  readonly reservationId: number;
  readonly evseId: number | undefined;
  readonly idTag: string;
  readonly timer: NodeJS.Timeout;
}

export interface ReservationHost {
  /** EVSEs with no session running. */
  freeEvses(): number[];
  hasEvse(evseId: number): boolean;
  /** Set every connector of the EVSE to this state (a StatusNotification each). */
  setEvseState(evseId: number, state: 'Reserved' | 'Available'): Promise<void>;
  /** Tell the central system the reservation ran out, where the version has a message for it. */
  reportExpired(reservationId: number): Promise<void>;
}

export class StationReservations {
  readonly #held = new Map<number, Held>();

  constructor(
    private readonly host: ReservationHost,
    private readonly reportExpiry: boolean,
  ) {}

  /** evseId undefined or 0: a reservation for the station as a whole (no connector changes state). */
  reserve(reservationId: number, evseId: number | undefined, idTag: string, expiresAt: Date): ReserveAnswer {
    const evse = evseId === 0 ? undefined : evseId;
    if (evse !== undefined && !this.host.hasEvse(evse)) return 'Rejected';
    const existing = this.#held.get(reservationId);
    const takenByOther = [...this.#held.values()].some((h) => h.evseId !== undefined && h.evseId === evse && h.reservationId !== reservationId);
    if (evse !== undefined && (takenByOther || !this.host.freeEvses().includes(evse))) return 'Occupied';
    // The same reservationId again replaces the reservation (OCPP).
    if (existing) this.#drop(existing, existing.evseId !== evse);
    const ms = Math.max(0, expiresAt.getTime() - Date.now());
    const timer = setTimeout(() => this.#expire(reservationId), ms);
    timer.unref();
    this.#held.set(reservationId, { reservationId, evseId: evse, idTag, timer });
    if (evse !== undefined) this.#report(evse, 'Reserved');
    return 'Accepted';
  }

  cancel(reservationId: number): 'Accepted' | 'Rejected' {
    const h = this.#held.get(reservationId);
    if (!h) return 'Rejected';
    this.#drop(h, true);
    return 'Accepted';
  }

  /** True when the EVSE is reserved for another token (a start for this one would be refused). */
  blocks(evseId: number, idTag: string): boolean {
    return [...this.#held.values()].some((x) => x.evseId === evseId && x.idTag !== idTag);
  }

  /**
   * A session about to start on the EVSE: refused if it is reserved for another token; if it is
   * reserved for this one, the reservation is used up and its id returned (the start carries it).
   */
  claim(evseId: number, idTag: string): { allowed: boolean; reservationId?: number } {
    const h = [...this.#held.values()].find((x) => x.evseId === evseId);
    if (!h) return { allowed: true };
    if (h.idTag !== idTag) return { allowed: false };
    this.#drop(h, false);
    return { allowed: true, reservationId: h.reservationId };
  }

  get active(): number {
    return this.#held.size;
  }

  #expire(reservationId: number): void {
    const h = this.#held.get(reservationId);
    if (!h) return;
    this.#drop(h, this.reportExpiry);
    if (this.reportExpiry) this.#later(() => this.host.reportExpired(reservationId));
  }

  #drop(h: Held, report: boolean): void {
    clearTimeout(h.timer);
    this.#held.delete(h.reservationId);
    if (report && h.evseId !== undefined) this.#report(h.evseId, 'Available');
  }

  #report(evseId: number, state: 'Reserved' | 'Available'): void {
    this.#later(() => this.host.setEvseState(evseId, state));
  }

  /** After the answer has gone out, as a real station would. */
  #later(fn: () => Promise<void>): void {
    setTimeout(() => void fn().catch(() => undefined), 20);
  }
}
