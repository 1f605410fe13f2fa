import type { CampaignFilter, CampaignStation, CampaignStationChange, FirmwareCampaign } from './firmware-campaign.model.js';

export interface NewCampaign extends Omit<FirmwareCampaign, 'status' | 'createdAt' | 'finishedAt'> {
  readonly stations: readonly { stationId: string; commandId: string; requestId: number }[];
}

/** Firmware campaigns' store. */
export interface FirmwareCampaignRepository {
  /** Of these stations, those that exist, with their operator. */
  stationOperators(stationIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** Stations matching the filter (at most `limit`). */
  matchingStations(filter: CampaignFilter, limit: number): Promise<string[]>;
  create(c: NewCampaign, at: Date): Promise<FirmwareCampaign>;
  get(id: string): Promise<FirmwareCampaign | null>;
  /** Newest first; requestedBy: only those of this operator. */
  list(filter: { requestedBy?: string | undefined; limit: number }): Promise<FirmwareCampaign[]>;
  stations(campaignId: string): Promise<CampaignStation[]>;
  /** The campaign's stations whose command is queued or answered but who have not reported yet. */
  sent(campaignId: string): Promise<CampaignStation[]>;
  running(): Promise<string[]>;
  /**
   * Under a lock on the campaign: stations in flight past `staleBefore` fail (timed out), then
   * queued ones move to sent (with their current firmware version as fromVersion) until
   * `maxConcurrent` are in flight. Returns the ones started, and whether nothing is left to do
   * (the campaign is then marked done).
   */
  advance(campaignId: string, at: Date, staleBefore: Date): Promise<{ started: CampaignStation[]; done: boolean }>;
  /** Stations still queued are cancelled (those in flight finish); false when the campaign is not running. */
  cancel(campaignId: string, at: Date): Promise<boolean>;
  /** Rows of this station in flight in running campaigns. */
  inFlightOf(stationId: string): Promise<CampaignStation[]>;
  /** Rows whose update-firmware command is this one. */
  byCommand(commandId: string): Promise<CampaignStation | null>;
  update(campaignId: string, stationId: string, change: CampaignStationChange, at: Date): Promise<void>;
}
