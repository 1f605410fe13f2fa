import { isKind, type EventConsumer, type StoredEvent } from '../events/index.js';
import type { FirmwareCampaignService } from './firmware-campaign.service.js';

/**
 * Follows each station of a running campaign: its firmware status reports, its boots and the answer
 * to its update-firmware command; a station that finished frees its slot for the next one at once.
 * Idempotent: a state only moves forward, so a redelivered event changes nothing.
 */
export function firmwareCampaigns(service: FirmwareCampaignService, commandError: (commandId: string) => Promise<string | null>): EventConsumer {
  return {
    name: 'firmware-campaigns',
    kinds: ['firmware.status', 'station.booted', 'command.answered'],
    pollMs: 250,
    async handle(events: readonly StoredEvent[]) {
      const touched = new Set<string>();
      for (const e of events) {
        let changed: string[] = [];
        if (isKind(e, 'firmware.status')) changed = await service.firmwareStatus(e.payload.stationId, e.payload.status, e.payload.requestId);
        else if (isKind(e, 'station.booted')) changed = await service.booted(e.payload.stationId, e.payload.firmwareVersion);
        else if (isKind(e, 'command.answered') && e.payload.kind === 'update-firmware') {
          changed = await service.commandAnswered(e.payload.commandId, e.payload.status, e.payload.status === 'accepted' ? null : await commandError(e.payload.commandId));
        }
        for (const c of changed) touched.add(c);
      }
      for (const c of touched) await service.advance(c);
    },
  };
}
