import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Principal } from '../access/index.js';
import type { PlatformCommands } from '../firmware/firmware-campaign.service.js';
import { applyLocalListDiff, MAX_ENTRIES_PER_UPDATE, nextLocalListUpdate, pendingUpdate, type LocalListState } from './local-list-diff.js';
import type { ListPlace, LocalListRepository } from './local-list.ports.js';
import type { LocalListEntry } from './local-list.model.js';

/** A list update waits this long for an offline station; then the next sync sends a full one. */
const UPDATE_TTL_MS = 10 * 60_000;

/**
 * Local authorization lists: each managed station gets the tokens that may charge there (its
 * operator's and those of providers with an agreement), in full first and then by differences,
 * each update one version up. A job syncs every managed station (so a token blocked in the
 * platform reaches the lists within its period); the station's answer (an outbox consumer)
 * confirms an update or asks for a full one.
 */
export class LocalListService {
  constructor(
    private readonly repo: LocalListRepository,
    private readonly commands: PlatformCommands,
    private readonly clock: Clock,
    private readonly maxEntriesPerUpdate = MAX_ENTRIES_PER_UPDATE,
  ) {}

  async #ownStation(principal: Principal, stationId: string): Promise<ListPlace> {
    const place = await this.repo.place(stationId);
    if (!place || (principal.kind === 'operator' && (principal.operatorId !== place.operatorId || !principal.roles.includes('CPO')))) {
      throw new AppError('STATION_NOT_FOUND', `station ${stationId} not found`);
    }
    return place;
  }

  async state(principal: Principal, stationId: string): Promise<{ state: LocalListState | null; wanted: number }> {
    const place = await this.#ownStation(principal, stationId);
    return { state: await this.repo.state(stationId), wanted: (await this.repo.wanted(place.operatorId, place.city, this.clock.now())).length };
  }

  async setEnabled(principal: Principal, stationId: string, enabled: boolean): Promise<LocalListState | null> {
    const place = await this.#ownStation(principal, stationId);
    await this.repo.setEnabled(stationId, enabled, this.clock.now());
    if (enabled) await this.#syncGroup([place]);
    return this.repo.state(stationId);
  }

  /** The station gets its whole list again now (a new version). */
  async fullUpdate(principal: Principal, stationId: string): Promise<LocalListState | null> {
    const place = await this.#ownStation(principal, stationId);
    const state = await this.repo.state(stationId);
    if (!state?.enabled) throw new AppError('VALIDATION_FAILED', `station ${stationId} has no managed local list (enable it first)`, { field: 'stationId' });
    await this.repo.requestFull(stationId, this.clock.now());
    await this.#syncGroup([place]);
    return this.repo.state(stationId);
  }

  /** Every managed station brought up to date (the job); returns how many updates were queued. */
  async syncAll(): Promise<number> {
    const groups = new Map<string, { place: ListPlace; state: LocalListState }[]>();
    for (const m of await this.repo.managed()) {
      const key = `${m.place.operatorId}\u0000${m.place.city ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), m]);
    }
    let sent = 0;
    for (const members of groups.values()) sent += await this.#sync(members);
    return sent;
  }

  async #syncGroup(places: readonly ListPlace[]): Promise<number> {
    const members: { place: ListPlace; state: LocalListState }[] = [];
    for (const place of places) {
      const state = await this.repo.state(place.stationId);
      if (state?.enabled) members.push({ place, state });
    }
    return this.#sync(members);
  }

  /** Stations of one operator and city: the wanted list is read once for all of them. */
  async #sync(members: readonly { place: ListPlace; state: LocalListState }[]): Promise<number> {
    if (members.length === 0) return 0;
    const { operatorId, city } = members[0]!.place;
    const now = this.clock.now();
    const wanted = await this.repo.wanted(operatorId, city, now);
    let sent = 0;
    for (const { place, state } of members) {
      if (state.pending) {
        // Queued again by its id: a no-op unless a crash came between storing it and queueing it.
        await this.#send(place.stationId, state.pending.commandId, pendingUpdate(state)!);
        continue;
      }
      const update = nextLocalListUpdate(state, wanted, this.maxEntriesPerUpdate);
      if (!update) continue;
      const commandId = newId();
      await this.repo.markSent(place.stationId, { version: update.version, updateType: update.updateType, entriesAfter: update.entriesAfter, commandId }, now);
      await this.#send(place.stationId, commandId, update);
      sent++;
    }
    return sent;
  }

  #send(stationId: string, id: string, update: { version: number; updateType: 'Full' | 'Differential'; entries: readonly LocalListEntry[] }): Promise<void> {
    return this.commands.sendFromPlatform({ id, stationId, kind: 'send-local-list', params: { localList: update }, ttlMs: UPDATE_TTL_MS });
  }

  /**
   * The station accepted clearing a customer's data (customer-information with clear and an idToken):
   * the token leaves the station's managed list by a differential update, one version up. Idempotent: a
   * retry finds the update pending (or the token gone) and sends nothing more.
   */
  async customerCleared(stationId: string, idToken: string): Promise<void> {
    const state = await this.repo.state(stationId);
    if (!state?.enabled || state.pending || state.version === 0) return;
    const entry = state.entries.find((e) => e.idToken === idToken);
    if (!entry) return;
    const entries = [{ idToken, type: entry.type }];
    const update = { version: state.version + 1, updateType: 'Differential' as const, entries };
    const commandId = newId();
    await this.repo.markSent(stationId, { ...update, entriesAfter: applyLocalListDiff(state.entries, entries), commandId }, this.clock.now());
    await this.#send(stationId, commandId, update);
  }

  /** The station answered an update (the local-lists consumer); a refused one is followed by a full update. */
  async answered(commandId: string, status: string, error: string | null): Promise<void> {
    const before = await this.repo.pendingFor(commandId);
    const stationId = await this.repo.answered(commandId, status === 'accepted', status === 'accepted' ? null : (error ?? status), this.clock.now());
    if (!stationId || !before) return;
    const place = await this.repo.place(stationId);
    if (!place) return;
    // A refusal (VersionMismatch, Failed) is answered at once with the full list; an unanswered update waits for the next sync.
    if (status === 'rejected') await this.#syncGroup([place]);
    // An update as long as one may be was part of a longer list: the rest goes at once, not a sync period per part.
    else if (status === 'accepted' && (pendingUpdate(before)?.entries.length ?? 0) >= this.maxEntriesPerUpdate) await this.#syncGroup([place]);
  }
}
