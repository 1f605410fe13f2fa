import { isKind, type EventConsumer, type StoredEvent } from '../events/index.js';
import type { CommandRepository } from './command.ports.js';

/**
 * Ties a session a station started to the remote start that asked for it: by the 2.0.1
 * remoteStartId the station names, else (1.6, or a station that omits it) by token and EVSE.
 * Idempotent: a command once linked is not linked again.
 */
export function remoteStartLinks(commands: Pick<CommandRepository, 'linkSession'>): EventConsumer {
  return {
    name: 'remote-start-links',
    kinds: ['session.started'],
    async handle(events: readonly StoredEvent[]) {
      for (const e of events) {
        if (!isKind(e, 'session.started')) continue;
        const s = e.payload;
        if (s.remoteStartId !== undefined) await commands.linkSession({ stationId: s.stationId, remoteStartId: s.remoteStartId }, s.sessionId);
        else if (s.idToken) await commands.linkSession({ stationId: s.stationId, evseId: s.evseNo ?? undefined, idToken: s.idToken }, s.sessionId);
      }
    },
  };
}
