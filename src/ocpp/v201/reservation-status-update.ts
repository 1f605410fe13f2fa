import type { Handler, GatewayServices } from '../context.js';

/**
 * The station ended a reservation (H01): Expired at its expiry, Removed before it (e.g. its EVSE
 * became unavailable). An EVSE still showing RESERVED is freed; one the platform does not know
 * (already ended, or never accepted here) changes nothing.
 */
export const reservationStatusUpdate = (svc: GatewayServices): Handler => async (ctx, p) => {
  const ended = await svc.reservations?.endedByStation(ctx.stationId, p.reservationId, p.reservationUpdateStatus === 'Expired' ? 'expired' : 'removed');
  if (!ended) ctx.log.debug({ reservationId: p.reservationId }, 'ReservationStatusUpdate for no active reservation');
  return {};
};
