import type { LocalListState } from './local-list-diff.js';
import type { LocalListEntry, LocalListUpdateType } from './local-list.model.js';

/** Where a station stands: its operator and city decide which tokens may charge there. */
export interface ListPlace {
  readonly stationId: string;
  readonly operatorId: string;
  readonly city: string | null;
}

/** Local lists' store. */
export interface LocalListRepository {
  place(stationId: string): Promise<ListPlace | null>;
  state(stationId: string): Promise<LocalListState | null>;
  /** Starts (with a full update next) or stops managing the station's list. */
  setEnabled(stationId: string, enabled: boolean, at: Date): Promise<void>;
  requestFull(stationId: string, at: Date): Promise<void>;
  /** Every managed station with its place and state. */
  managed(): Promise<{ place: ListPlace; state: LocalListState }[]>;
  /**
   * The tokens that may be presented at stations of this operator in this city, as the list should
   * have them: the operator's own and those of providers with an agreement in force there; each
   * with its status (Expired once past its expiry).
   */
  wanted(operatorId: string, city: string | null, at: Date): Promise<LocalListEntry[]>;
  /** An update was queued: it is pending until the station answers. */
  markSent(stationId: string, u: { version: number; updateType: LocalListUpdateType; entriesAfter: readonly LocalListEntry[]; commandId: string }, at: Date): Promise<void>;
  /** The state of the station whose pending update is this command's. */
  pendingFor(commandId: string): Promise<LocalListState | null>;
  /**
   * The station answered the update of this command: accepted makes it the station's list; otherwise
   * it is dropped and the next update is a full one. Returns the station, or null when no update had it.
   */
  answered(commandId: string, accepted: boolean, error: string | null, at: Date): Promise<string | null>;
}
