import { isKind, type EventConsumer, type StoredEvent } from '../events/index.js';
import type { SmartChargingService } from './smart-charging.service.js';

/**
 * The load balancer: whatever changes a limited site's sharing — a session starts, ends or reports
 * its power, a station answers a profile, a limit or a priority changes, a station's maximum
 * changes — re-plans that site (once per batch) and sends the profiles the plan calls for.
 * Idempotent: a plan computed again from the same state sends nothing new.
 */
export function loadBalancing(service: SmartChargingService): EventConsumer {
  return {
    name: 'load-balancing',
    kinds: ['session.started', 'session.energy', 'session.ended', 'command.answered', 'grid-limit.changed', 'charging-limit.changed', 'session.priority-changed', 'catalog.changed'],
    // Re-balancing within a fraction of a second of the change.
    pollMs: 100,
    async handle(events: readonly StoredEvent[]) {
      const stations = new Set<string>();
      const sites = new Set<string>();
      const ended: string[] = [];
      for (const e of events) {
        if (isKind(e, 'session.started') || isKind(e, 'session.energy') || isKind(e, 'charging-limit.changed') || isKind(e, 'session.priority-changed')) {
          stations.add(e.payload.stationId);
        } else if (isKind(e, 'session.ended')) {
          stations.add(e.payload.stationId);
          ended.push(e.payload.sessionId);
        } else if (isKind(e, 'command.answered')) {
          if (e.payload.kind !== 'set-charging-profile') continue;
          const stationId = await service.profileAnswered(e.payload.commandId, e.payload.status);
          if (stationId) stations.add(stationId);
        } else if (isKind(e, 'grid-limit.changed')) {
          sites.add(e.payload.locationId);
        } else if (isKind(e, 'catalog.changed') && e.payload.entity === 'station') {
          stations.add(e.payload.id);
        }
      }
      await service.sessionsEnded(ended);
      for (const site of await service.sitesOf([...stations])) sites.add(site);
      for (const site of sites) await service.rebalance(site);
    },
  };
}
