import type { StartChargeInput } from './partner-catalog.model.js';
import type { RoamingCharge } from './roaming-charge.model.js';

/** What a station sync brought in. */
export interface StationSyncResult {
  readonly stations: number;
  readonly connectors: number;
  /** Stations left out (outside the three cities, unreadable), with why. */
  readonly skipped: readonly { readonly stationId: string; readonly reason: string }[];
  /** The LastQueryTime asked with (null: a full sync). */
  readonly since: string | null;
  /**
   * Our stations taken out because the partner no longer lists them (a complete full sync) or no
   * longer names them at a station it lists: deleted, or retired where our history names them.
   */
  readonly removed: readonly { readonly stationId: string; readonly outcome: 'deleted' | 'retired' }[];
}

/**
 * The driver side of roaming, protocol-neutral for the API: our drivers on partners' stations.
 * Implemented per protocol (T/CEC: src/roaming/tcec/driver).
 */
export interface RoamingDriver {
  syncStations(partnerId: string, full: boolean): Promise<StationSyncResult>;
  /** Starts a charge for our token on the partner's connector (the answer may already say it failed: state 5). */
  startCharge(partnerId: string, input: StartChargeInput, asOperator?: string | undefined): Promise<RoamingCharge>;
  stopCharge(partnerId: string, ref: string, asOperator?: string | undefined): Promise<RoamingCharge>;
  getCharge(partnerId: string, ref: string, asOperator?: string | undefined): Promise<RoamingCharge>;
}
