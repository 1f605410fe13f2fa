/** OCTT OCPP 1.6 CSMS cases, Firmware Management profile (3.15 firmware, 3.16 diagnostics). */
import { describe, expect } from 'vitest';
import { conformanceSuite, eventually, octtCase } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';

const c = conformanceSuite('1.6');

/** UpdateFirmware from the operator; the station then reports each status in turn. */
async function updateFirmware(s: OcttStation, statuses: string[]): Promise<void> {
  s.answer('UpdateFirmware', {});
  const retrieveAt = new Date().toISOString();
  const cmd = await c.command('update-firmware', { stationId: s.id, location: 'https://firmware.example.com/octt-2.0.bin', retrieveAt });
  const req = await s.received('UpdateFirmware');
  expect(req).toMatchObject({ location: 'https://firmware.example.com/octt-2.0.bin' });
  expect(Date.parse(req.retrieveDate)).toBe(Date.parse(retrieveAt));
  expect((await c.settled(cmd)).status).toBe('accepted');
  for (const status of statuses) expect(await s.send('FirmwareStatusNotification', { status })).toEqual({});
}

/** GetDiagnostics from the operator (get-log); the upload location the station was given. */
async function getDiagnostics(s: OcttStation): Promise<string> {
  s.answer('GetDiagnostics', { fileName: 'octt-diagnostics.txt' });
  const cmd = await c.command('get-log', { stationId: s.id, from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' });
  const req = await s.received('GetDiagnostics');
  expect(req).toMatchObject({ startTime: '2026-01-01T00:00:00Z', stopTime: '2026-12-31T00:00:00Z' });
  expect(req.location).toMatch(/^http:\/\/.+\/uploads\/logs\//);
  expect((await c.settled(cmd)).status).toBe('accepted');
  return req.location as string;
}

const firmwareStatus = (s: OcttStation, want: string) => eventually(async () => (await c.p.api(`/v1/stations/${s.id}`)).body.firmwareStatus, (x) => x === want);

describe('OCPP 1.6 Firmware Management (OCTT 3.15, 3.16)', () => {
  octtCase('TC_044_1_CSMS', 'Firmware Update - Download and Install', async () => {
    const s = await c.station('TC_044_1_CSMS');
    await updateFirmware(s, ['Downloading', 'Downloaded', 'Installing']);
    // The station reboots into the new firmware, then reports Installed.
    await s.close();
    await s.connect();
    expect((await s.send('BootNotification', { chargePointVendor: 'OCTT', chargePointModel: 'Conformance', firmwareVersion: '2.0.0' })).status).toBe('Accepted');
    await s.status(0, 'Available');
    expect(await s.send('FirmwareStatusNotification', { status: 'Installed' })).toEqual({});
    expect(await firmwareStatus(s, 'Installed')).toBe('Installed');
    expect((await c.p.api(`/v1/stations/${s.id}`)).body.firmwareVersion).toBe('2.0.0');
  });

  octtCase('TC_044_2_CSMS', 'Firmware Update - Download Failed', async () => {
    const s = await c.station('TC_044_2_CSMS');
    await updateFirmware(s, ['Downloading', 'DownloadFailed']);
    expect(await firmwareStatus(s, 'DownloadFailed')).toBe('DownloadFailed');
  });

  octtCase('TC_044_3_CSMS', 'Firmware Update - Installation Failed', async () => {
    const s = await c.station('TC_044_3_CSMS');
    await updateFirmware(s, ['Downloading', 'Downloaded', 'Installing', 'InstallationFailed']);
    expect(await firmwareStatus(s, 'InstallationFailed')).toBe('InstallationFailed');
  });

  octtCase('TC_045_1_CSMS', 'Get Diagnostics', async () => {
    const s = await c.station('TC_045_1_CSMS');
    const location = await getDiagnostics(s);
    expect(await s.send('DiagnosticsStatusNotification', { status: 'Uploading' })).toEqual({});
    // The station uploads its diagnostics file to the location it was given (HTTP PUT).
    const put = await fetch(location, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'octt diagnostics\n' });
    expect(put.status).toBeLessThan(300);
    expect(await s.send('DiagnosticsStatusNotification', { status: 'Uploaded' })).toEqual({});
    const log = await eventually(async () => (await c.p.api(`/v1/stations/${s.id}/logs`)).body.items[0], (x) => x?.status === 'uploaded');
    expect(log).toMatchObject({ status: 'uploaded', stationStatus: 'Uploaded', sizeBytes: 17 });
  });

  octtCase('TC_045_2_CSMS', 'Get Diagnostics - Upload Failed', async () => {
    const s = await c.station('TC_045_2_CSMS');
    await getDiagnostics(s);
    expect(await s.send('DiagnosticsStatusNotification', { status: 'Uploading' })).toEqual({});
    expect(await s.send('DiagnosticsStatusNotification', { status: 'UploadFailed' })).toEqual({});
    const log = await eventually(async () => (await c.p.api(`/v1/stations/${s.id}/logs`)).body.items[0], (x) => x?.status === 'failed');
    expect(log).toMatchObject({ status: 'failed', stationStatus: 'UploadFailed' });
  });
});
