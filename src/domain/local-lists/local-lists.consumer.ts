import { isKind, type EventConsumer, type StoredEvent } from '../events/index.js';
import type { LocalListService } from './local-list.service.js';

/** Confirms a station's list update from its answer, or follows a refused one with the full list. Idempotent: an update is answered once. */
export function localLists(service: LocalListService, commandError: (commandId: string) => Promise<string | null>): EventConsumer {
  return {
    name: 'local-lists',
    kinds: ['command.answered'],
    async handle(events: readonly StoredEvent[]) {
      for (const e of events) {
        if (!isKind(e, 'command.answered') || e.payload.kind !== 'send-local-list') continue;
        await service.answered(e.payload.commandId, e.payload.status, e.payload.status === 'accepted' ? null : await commandError(e.payload.commandId));
      }
    },
  };
}
