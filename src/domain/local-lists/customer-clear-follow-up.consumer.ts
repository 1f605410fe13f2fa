import type { Command } from '../commands/command.model.js';
import { isKind, type EventConsumer, type StoredEvent } from '../events/index.js';
import type { LocalListService } from './local-list.service.js';

/** A customer's data cleared at a station (accepted customer-information, clear, an idToken): the token leaves that station's managed list. */
export function customerClearFollowUp(lists: Pick<LocalListService, 'customerCleared'>, commands: { get(id: string): Promise<Command | null> }): EventConsumer {
  return {
    name: 'local-list-customer-clear',
    kinds: ['command.answered'],
    async handle(events: readonly StoredEvent[]) {
      for (const e of events) {
        if (!isKind(e, 'command.answered') || e.payload.kind !== 'customer-information' || e.payload.status !== 'accepted') continue;
        const command = await commands.get(e.payload.commandId);
        if (command?.params.clear === true && command.params.idToken !== undefined) await lists.customerCleared(command.stationId, command.params.idToken);
      }
    },
  };
}
