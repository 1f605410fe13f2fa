import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { newId, newReservationId } from '../../shared/ids.js';
import type { Principal } from '../access/index.js';
import type { CommandKind, CommandParams } from '../commands/index.js';
import { onBoot, onCommandAnswered, onFirmwareStatus, type CampaignFilter, type CampaignStation, type CampaignStationChange, type FirmwareCampaign } from './firmware-campaign.model.js';
import type { FirmwareCampaignRepository } from './firmware-campaign.ports.js';

export interface NewCampaignInput {
  readonly stationIds?: readonly string[] | undefined;
  readonly filter?: CampaignFilter | undefined;
  readonly location: string;
  readonly retrieveAt: Date;
  readonly installAt?: Date | undefined;
  readonly signature?: string | undefined;
  readonly signingCertificate?: string | undefined;
  readonly expectedVersion?: string | undefined;
  readonly maxConcurrent?: number | undefined;
}

export interface CampaignTuning {
  /** A station in flight this long without finishing fails (timed out). */
  readonly stationTimeoutMs: number;
  /** How long a station's update-firmware command waits for it to be online. */
  readonly commandTtlMs: number;
  /** Most stations one campaign may name. */
  readonly maxStations: number;
}

export const DEFAULT_CAMPAIGN_TUNING: CampaignTuning = { stationTimeoutMs: 2 * 3_600_000, commandTtlMs: 3_600_000, maxStations: 10_000 };

/** How the campaign sends its commands: queued once per id, routed to the station's node. */
export interface PlatformCommands {
  sendFromPlatform(c: { id: string; stationId: string; kind: CommandKind; params: CommandParams; ttlMs?: number }): Promise<void>;
}

/**
 * Firmware campaigns: one image for many stations, rolled out a bounded number at a time. Each
 * station's progress follows its FirmwareStatusNotifications and its next boot (the
 * firmware-campaigns consumer); a job advances every running campaign, so one survives restarts.
 */
export class FirmwareCampaignService {
  constructor(
    private readonly repo: FirmwareCampaignRepository,
    private readonly commands: PlatformCommands,
    private readonly clock: Clock,
    private readonly tuning: CampaignTuning = DEFAULT_CAMPAIGN_TUNING,
  ) {}

  async create(principal: Principal, input: NewCampaignInput): Promise<{ campaign: FirmwareCampaign; stations: CampaignStation[] }> {
    if (principal.kind === 'operator' && !principal.roles.includes('CPO')) throw new AppError('FORBIDDEN', 'only a CPO updates firmware');
    const own = principal.kind === 'operator' ? principal.operatorId : undefined;
    let stationIds: string[];
    if (input.stationIds !== undefined) {
      if (input.filter !== undefined) throw new AppError('VALIDATION_FAILED', 'give stationIds or filter, not both', { field: 'filter' });
      const operators = await this.repo.stationOperators(input.stationIds);
      const unknown = input.stationIds.find((id) => !operators.has(id) || (own !== undefined && operators.get(id) !== own));
      if (unknown !== undefined) throw new AppError('STATION_NOT_FOUND', `station ${unknown} not found`, { field: 'stationIds' });
      stationIds = [...new Set(input.stationIds)];
    } else if (input.filter !== undefined) {
      if (own !== undefined && input.filter.operatorId !== undefined && input.filter.operatorId !== own) {
        throw new AppError('FORBIDDEN', 'an operator updates its own stations only', { field: 'filter.operatorId' });
      }
      stationIds = await this.repo.matchingStations({ ...input.filter, operatorId: own ?? input.filter.operatorId }, this.tuning.maxStations + 1);
    } else {
      throw new AppError('VALIDATION_FAILED', 'a campaign needs stationIds or a filter', { field: 'stationIds' });
    }
    if (stationIds.length === 0) throw new AppError('VALIDATION_FAILED', 'no station matches', { field: input.stationIds ? 'stationIds' : 'filter' });
    if (stationIds.length > this.tuning.maxStations) throw new AppError('VALIDATION_FAILED', `a campaign updates at most ${this.tuning.maxStations} stations`, { field: 'filter' });
    const maxConcurrent = input.maxConcurrent ?? 5;
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new AppError('VALIDATION_FAILED', 'maxConcurrent must be 1 or more', { field: 'maxConcurrent' });
    const now = this.clock.now();
    const campaign = await this.repo.create(
      {
        id: newId(),
        requestedBy: own ?? 'admin',
        location: input.location,
        retrieveAt: input.retrieveAt,
        installAt: input.installAt ?? null,
        signature: input.signature ?? null,
        signingCertificate: input.signingCertificate ?? null,
        expectedVersion: input.expectedVersion ?? null,
        maxConcurrent,
        // Command ids and request ids are fixed now, so a command re-sent after a crash is the same one.
        stations: stationIds.sort().map((stationId) => ({ stationId, commandId: newId(), requestId: newReservationId() })),
      },
      now,
    );
    await this.advance(campaign.id);
    return { campaign: (await this.repo.get(campaign.id)) ?? campaign, stations: await this.repo.stations(campaign.id) };
  }

  async get(principal: Principal, id: string): Promise<{ campaign: FirmwareCampaign; stations: CampaignStation[] }> {
    const campaign = await this.repo.get(id);
    if (!campaign || (principal.kind === 'operator' && campaign.requestedBy !== principal.operatorId)) throw new AppError('NOT_FOUND', `firmware campaign ${id} not found`);
    return { campaign, stations: await this.repo.stations(id) };
  }

  async list(principal: Principal, limit: number): Promise<{ campaign: FirmwareCampaign; stations: CampaignStation[] }[]> {
    const campaigns = await this.repo.list({ requestedBy: principal.kind === 'operator' ? principal.operatorId : undefined, limit });
    return Promise.all(campaigns.map(async (campaign) => ({ campaign, stations: await this.repo.stations(campaign.id) })));
  }

  /** Stops a running campaign: no more stations start; those updating now finish (it is done when they have). */
  async cancel(principal: Principal, id: string): Promise<{ campaign: FirmwareCampaign; stations: CampaignStation[] }> {
    await this.get(principal, id);
    if (!(await this.repo.cancel(id, this.clock.now()))) throw new AppError('VALIDATION_FAILED', `firmware campaign ${id} is not running`, { field: 'id' });
    await this.advance(id);
    return this.get(principal, id);
  }

  /**
   * Starts the next stations while slots are free, and (re)queues the command of every station sent
   * (idempotent by its id: after a crash between the two steps the command is made then).
   */
  async advance(campaignId: string): Promise<void> {
    const campaign = await this.repo.get(campaignId);
    if (!campaign || campaign.status !== 'running') return;
    const now = this.clock.now();
    await this.repo.advance(campaignId, now, new Date(now.getTime() - this.tuning.stationTimeoutMs));
    for (const s of await this.repo.sent(campaignId)) {
      await this.commands.sendFromPlatform({
        id: s.commandId,
        stationId: s.stationId,
        kind: 'update-firmware',
        ttlMs: this.tuning.commandTtlMs,
        params: {
          firmware: {
            location: campaign.location,
            retrieveAt: campaign.retrieveAt.toISOString(),
            installAt: campaign.installAt?.toISOString(),
            signature: campaign.signature ?? undefined,
            signingCertificate: campaign.signingCertificate ?? undefined,
            requestId: s.requestId,
          },
        },
      });
    }
  }

  /** Every running campaign (the job): after a restart, and for stations that timed out. */
  async advanceAll(): Promise<number> {
    const running = await this.repo.running();
    for (const id of running) await this.advance(id);
    return running.length;
  }

  // ---- reactions (the firmware-campaigns consumer); each returns the campaigns that changed ----

  async firmwareStatus(stationId: string, status: string, requestId: number | null): Promise<string[]> {
    return this.#apply(await this.repo.inFlightOf(stationId), (s) => onFirmwareStatus(s, status, requestId));
  }

  async booted(stationId: string, version: string | null): Promise<string[]> {
    const rows = await this.repo.inFlightOf(stationId);
    const expected = new Map<string, string | null>();
    for (const r of rows) expected.set(r.campaignId, (await this.repo.get(r.campaignId))?.expectedVersion ?? null);
    return this.#apply(rows, (s) => onBoot(s, version, expected.get(s.campaignId) ?? null));
  }

  async commandAnswered(commandId: string, status: string, error: string | null): Promise<string[]> {
    const row = await this.repo.byCommand(commandId);
    return this.#apply(row ? [row] : [], (s) => onCommandAnswered(s, status, error));
  }

  async #apply(rows: readonly CampaignStation[], decide: (s: CampaignStation) => CampaignStationChange | null): Promise<string[]> {
    const changed: string[] = [];
    for (const s of rows) {
      const change = decide(s);
      if (!change) continue;
      await this.repo.update(s.campaignId, s.stationId, change, this.clock.now());
      changed.push(s.campaignId);
    }
    return changed;
  }
}
