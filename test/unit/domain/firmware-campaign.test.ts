import { describe, expect, it } from 'vitest';
import { onBoot, onCommandAnswered, onFirmwareStatus, type CampaignStation } from '../../../src/domain/firmware/index.js';

const row = (over: Partial<CampaignStation> = {}): CampaignStation => ({
  campaignId: 'C',
  stationId: 'S',
  state: 'sent',
  commandId: 'CMD',
  requestId: 42,
  fromVersion: '1.0',
  toVersion: null,
  firmwareStatus: null,
  error: null,
  startedAt: new Date(),
  updatedAt: new Date(),
  finishedAt: null,
  ...over,
});

describe('a station in a firmware campaign', () => {
  it('follows the status notifications of its own request; a failure status ends it', () => {
    expect(onFirmwareStatus(row(), 'Downloading', 42)).toEqual({ state: 'updating', firmwareStatus: 'Downloading' });
    // 1.6 unsigned notifications name no request.
    expect(onFirmwareStatus(row(), 'Downloading', null)).toEqual({ state: 'updating', firmwareStatus: 'Downloading' });
    expect(onFirmwareStatus(row(), 'Downloading', 7)).toBeNull();
    expect(onFirmwareStatus(row(), 'Idle', null)).toBeNull();
    expect(onFirmwareStatus(row({ state: 'updating' }), 'Installed', 42)).toEqual({ state: 'installed', firmwareStatus: 'Installed' });
    expect(onFirmwareStatus(row({ state: 'installed' }), 'InstallRebooting', 42)).toEqual({ firmwareStatus: 'InstallRebooting' });
    for (const failure of ['DownloadFailed', 'InstallationFailed', 'InstallVerificationFailed', 'InvalidSignature']) {
      expect(onFirmwareStatus(row({ state: 'updating' }), failure, 42)).toMatchObject({ state: 'failed', firmwareStatus: failure });
    }
    expect(onFirmwareStatus(row({ state: 'done' }), 'Downloading', 42)).toBeNull();
    expect(onFirmwareStatus(row({ state: 'queued' }), 'Downloading', 42)).toBeNull();
  });

  it('is done when it boots with another version (or the one expected); the old version after Installed fails it', () => {
    expect(onBoot(row({ state: 'installed' }), '2.0', null)).toEqual({ state: 'done', toVersion: '2.0' });
    expect(onBoot(row({ state: 'updating' }), '1.0', null)).toBeNull();
    expect(onBoot(row({ state: 'installed' }), '1.0', null)).toMatchObject({ state: 'failed', toVersion: '1.0' });
    expect(onBoot(row({ state: 'installed' }), '1.9', '2.0')).toMatchObject({ state: 'failed', error: 'booted with 1.9, expected 2.0' });
    expect(onBoot(row({ state: 'installed' }), '2.0', '2.0')).toEqual({ state: 'done', toVersion: '2.0' });
    expect(onBoot(row({ state: 'failed' }), '2.0', null)).toBeNull();
  });

  it('fails when the station does not take the command', () => {
    expect(onCommandAnswered(row(), 'accepted', null)).toBeNull();
    expect(onCommandAnswered(row(), 'rejected', null)).toEqual({ state: 'failed', error: 'update-firmware rejected' });
    expect(onCommandAnswered(row(), 'timed-out', 'no answer')).toEqual({ state: 'failed', error: 'update-firmware timed-out: no answer' });
    expect(onCommandAnswered(row({ state: 'updating' }), 'failed', null)).toBeNull();
  });
});
