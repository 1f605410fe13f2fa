import type { EvseLayout, NewStation } from '../../../domain/catalog/catalog.model.js';
import type { PartnerConnectorRef } from '../mappers/index.js';

/**
 * A known partner station's EVSEs renumbered so each partner connector keeps the EVSE number it
 * was first given: the mapper numbers by position, and a connector the partner removed would
 * otherwise hand its number (and so its sessions' and CDRs' history) to the next one. A new
 * connector takes the next number never used at the station (retired EVSEs included).
 * `linked`: partner connector id → our EVSE number now; `used`: every EVSE number stored.
 */
export function keepEvseNumbers(
  station: NewStation,
  refs: readonly PartnerConnectorRef[],
  linked: ReadonlyMap<string, number>,
  used: readonly number[],
): { evses: EvseLayout[]; refs: PartnerConnectorRef[] } {
  let next = Math.max(0, ...used, ...linked.values()) + 1;
  const taken = new Set<number>();
  const renumber = new Map<number, number>();
  for (const r of refs) {
    const kept = linked.get(r.partnerConnectorId);
    const evseNo = kept !== undefined && !taken.has(kept) ? kept : next++;
    taken.add(evseNo);
    renumber.set(r.evseNo, evseNo);
  }
  const to = (evseNo: number) => renumber.get(evseNo) ?? evseNo;
  return {
    evses: station.evses.map((e) => ({ ...e, evseId: to(e.evseId) })),
    refs: refs.map((r) => ({ ...r, evseNo: to(r.evseNo) })),
  };
}
