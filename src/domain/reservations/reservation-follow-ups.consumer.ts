import type { Command } from '../commands/command.model.js';
import { isKind, type EventConsumer, type StoredEvent } from '../events/index.js';
import type { ReservationService } from './reservation.service.js';

/**
 * Reservations follow what stations say: an accepted reserve or cancel-reservation command
 * (command.answered) makes or ends one; a transaction started on one (session.started with its
 * reservationId, for an accepted token) uses it up. Both steps are idempotent.
 */
export function reservationFollowUps(reservations: ReservationService, commands: { get(id: string): Promise<Command | null> }): EventConsumer {
  return {
    name: 'reservation-follow-ups',
    kinds: ['command.answered', 'session.started'],
    async handle(events: readonly StoredEvent[]) {
      for (const e of events) {
        if (isKind(e, 'command.answered')) {
          const { kind, status, commandId } = e.payload;
          if (status !== 'accepted' || (kind !== 'reserve' && kind !== 'cancel-reservation')) continue;
          const command = await commands.get(commandId);
          if (command) await reservations.commandAccepted(command);
        } else if (isKind(e, 'session.started')) {
          const s = e.payload;
          if (s.reservationId !== undefined && (s.authStatus === null || s.authStatus === 'Accepted')) await reservations.used(s.stationId, s.reservationId);
        }
      }
    },
  };
}
