import type { Command } from '../commands/command.model.js';
import { isKind, type EventConsumer, type StoredEvent } from '../events/index.js';
import type { StationLogService } from './station-log.service.js';

/** A get-log the station refused (or never answered) will bring no file: its log is marked failed. */
export function stationLogFollowUps(logs: Pick<StationLogService, 'commandAnswered'>, commands: { get(id: string): Promise<Command | null> }): EventConsumer {
  return {
    name: 'station-log-follow-ups',
    kinds: ['command.answered'],
    async handle(events: readonly StoredEvent[]) {
      for (const e of events) {
        if (!isKind(e, 'command.answered') || e.payload.kind !== 'get-log' || e.payload.status === 'accepted') continue;
        const command = await commands.get(e.payload.commandId);
        if (command) await logs.commandAnswered(command);
      }
    },
  };
}
