import { isKind, type EventConsumer, type StoredEvent } from '../events/index.js';
import type { CommandRepository } from './command.ports.js';

/**
 * Ties a session a station started to the remote start that asked for it: by the 2.0.1
 * remoteStartId the station names, else (1.6, or a station that omits it) by token and EVSE.
 * Idempotent: a command once linked is not linked again.
 */
export function remoteStartLinks(commands: Pick<CommandRepository, 'linkSession' | 'stationsAwaitingStart'>): EventConsumer {
  return {
    name: 'remote-start-links',
    kinds: ['session.started'],
    async handle(events: readonly StoredEvent[]) {
      const started = events.filter((e): e is StoredEvent<'session.started'> => isKind(e, 'session.started'));
      // Most sessions start at the station (a card), not remotely: one look for the stations a
      // remote start waits at, then a link attempt only there.
      const waiting = await commands.stationsAwaitingStart([...new Set(started.map((e) => e.payload.stationId))]);
      for (const e of started) {
        const s = e.payload;
        if (!waiting.has(s.stationId)) continue;
        if (s.remoteStartId !== undefined) await commands.linkSession({ stationId: s.stationId, remoteStartId: s.remoteStartId }, s.sessionId);
        else if (s.idToken) await commands.linkSession({ stationId: s.stationId, evseId: s.evseNo ?? undefined, idToken: s.idToken }, s.sessionId);
      }
    },
  };
}
