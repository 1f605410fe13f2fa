import { FIRMWARE_FAILED_STATUSES } from './firmware.model.js';

/**
 * A station's part in a campaign: queued until its turn, sent (the update-firmware command is
 * queued or answered), updating (the station reports progress), installed (it reported Installed
 * and reboots), then done (it booted with the new version) or failed; cancelled if the campaign was
 * stopped before its turn.
 */
export const CAMPAIGN_STATION_STATES = ['queued', 'sent', 'updating', 'installed', 'done', 'failed', 'cancelled'] as const;
export type CampaignStationState = (typeof CAMPAIGN_STATION_STATES)[number];
/** The states that take one of the campaign's concurrent slots. */
export const IN_FLIGHT: readonly CampaignStationState[] = ['sent', 'updating', 'installed'];

export interface CampaignStation {
  readonly campaignId: string;
  readonly stationId: string;
  readonly state: CampaignStationState;
  readonly commandId: string;
  readonly requestId: number;
  readonly fromVersion: string | null;
  readonly toVersion: string | null;
  readonly firmwareStatus: string | null;
  readonly error: string | null;
  readonly startedAt: Date | null;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
}

export interface FirmwareCampaign {
  readonly id: string;
  readonly requestedBy: string;
  readonly location: string;
  readonly retrieveAt: Date;
  readonly installAt: Date | null;
  readonly signature: string | null;
  readonly signingCertificate: string | null;
  readonly expectedVersion: string | null;
  readonly maxConcurrent: number;
  readonly status: 'running' | 'done';
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
}

/** Which stations a campaign is for, when they are not listed: all conditions hold. */
export interface CampaignFilter {
  readonly operatorId?: string | undefined;
  readonly city?: string | undefined;
  readonly vendor?: string | undefined;
  readonly model?: string | undefined;
  readonly firmwareVersion?: string | undefined;
}

/** What changes on a station's row. */
export type CampaignStationChange = Partial<Pick<CampaignStation, 'state' | 'firmwareStatus' | 'toVersion' | 'error'>>;

/**
 * A FirmwareStatusNotification for an update in flight. 2.0.1 (and 1.6 signed) statuses name the
 * request: one for another request says nothing about this one. Null: nothing changes.
 */
export function onFirmwareStatus(s: CampaignStation, status: string, requestId: number | null): CampaignStationChange | null {
  if (!IN_FLIGHT.includes(s.state)) return null;
  if (requestId !== null && requestId !== s.requestId) return null;
  // Idle says no update runs: before the station started this one it means nothing.
  if (status === 'Idle') return null;
  if (FIRMWARE_FAILED_STATUSES.has(status)) return { state: 'failed', firmwareStatus: status, error: `the station reported ${status}` };
  if (status === 'Installed') return { state: 'installed', firmwareStatus: status };
  // A later progress report never moves an installed update back.
  if (s.state === 'installed') return { firmwareStatus: status };
  return { state: 'updating', firmwareStatus: status };
}

/**
 * The station booted. With a version other than before (or the one expected) its update is done;
 * with the old version after it reported Installed, the installation did not take. A boot before
 * that (a reboot during the download) changes nothing.
 */
export function onBoot(s: CampaignStation, version: string | null, expected: string | null): CampaignStationChange | null {
  if (!IN_FLIGHT.includes(s.state)) return null;
  const changed = version !== null && (expected !== null ? version === expected : version !== s.fromVersion);
  if (changed) return { state: 'done', toVersion: version };
  if (s.state === 'installed') {
    return { state: 'failed', toVersion: version, error: expected !== null ? `booted with ${version ?? 'no version'}, expected ${expected}` : `booted with the old version ${version ?? ''}`.trim() };
  }
  return null;
}

/** The station did not take the command (rejected, failed, expired). */
export function onCommandAnswered(s: CampaignStation, status: string, error: string | null): CampaignStationChange | null {
  if (s.state !== 'sent' || status === 'accepted') return null;
  return { state: 'failed', error: `update-firmware ${status}${error ? `: ${error}` : ''}` };
}
