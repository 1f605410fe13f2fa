import type { ReservationService } from '../domain/reservations/index.js';
import type { Job } from './scheduler.js';

/** Reservations past their expiry end, and an EVSE still showing RESERVED is AVAILABLE again. */
export const expireReservationsJob = (reservations: ReservationService): Job => ({
  name: 'expire-reservations',
  schedule: '*/5 * * * * *',
  leaseMs: 4_500,
  run: () => reservations.expireDue(),
});
