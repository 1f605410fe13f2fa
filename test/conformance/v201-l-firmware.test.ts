/** OCTT OCPP 2.0.1 CSMS cases, block L (Firmware Management): secure firmware updates from the operator's API, the station's status sequence. */
import { describe, expect } from 'vitest';
import { testCa } from '../helpers/pki.js';
import { conformanceSuite, eventually, octtCase, TOKENS } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';
import { energy, idToken, Transaction201 } from './support/transaction-201.js';

const c = conformanceSuite('2.0.1');
const LOCATION_URL = 'https://firmware.example.com/octt-3.0.bin';
const SIGNATURE = Buffer.from('octt-firmware-signature').toString('base64');

/** UpdateFirmware from the operator, answered `answer`; the request the station got. */
async function updateFirmware(s: OcttStation, answer: string, expected: 'accepted' | 'rejected' = answer.startsWith('Accepted') ? 'accepted' : 'rejected') {
  const signingCertificate = (await testCa('OCTT Firmware Signer')).certPem;
  s.answer('UpdateFirmware', { status: answer });
  const retrieveAt = new Date().toISOString();
  const cmd = await c.command('update-firmware', { stationId: s.id, location: LOCATION_URL, retrieveAt, signature: SIGNATURE, signingCertificate, retries: 2, retryInterval: 30 });
  const req = await s.received('UpdateFirmware');
  expect(req).toMatchObject({ retries: 2, retryInterval: 30, firmware: { location: LOCATION_URL, signature: SIGNATURE, signingCertificate } });
  expect(Date.parse(req.firmware.retrieveDateTime)).toBe(Date.parse(retrieveAt));
  expect(Number.isInteger(req.requestId)).toBe(true);
  expect(await c.settled(cmd)).toMatchObject({ status: expected, response: { status: answer } });
  return req as { requestId: number };
}

async function statuses(s: OcttStation, requestId: number, list: string[]) {
  for (const status of list) expect(await s.send('FirmwareStatusNotification', { status, requestId })).toEqual({});
}

const firmwareStatus = (s: OcttStation, want: string) => eventually(async () => (await c.p.api(`/v1/stations/${s.id}`)).body.firmwareStatus, (x) => x === want);

/** The station reboots into the new image and reports Installed. */
async function rebootsInstalled(s: OcttStation, requestId: number) {
  await s.close();
  await s.connect();
  const boot = await s.send('BootNotification', { reason: 'FirmwareUpdate', chargingStation: { vendorName: 'OCTT', model: 'Conformance', firmwareVersion: '3.0.0' } });
  expect(boot.status).toBe('Accepted');
  await statuses(s, requestId, ['Installed']);
  expect(await firmwareStatus(s, 'Installed')).toBe('Installed');
  expect((await c.p.api(`/v1/stations/${s.id}`)).body.firmwareVersion).toBe('3.0.0');
}

function failing(id: string, title: string, list: string[], securityEvent?: string) {
  octtCase(id, title, async () => {
    const s = await c.station(id);
    const { requestId } = await updateFirmware(s, 'Accepted');
    await statuses(s, requestId, list);
    if (securityEvent) expect(await s.send('SecurityEventNotification', { type: securityEvent, timestamp: new Date().toISOString() })).toEqual({});
    expect(await firmwareStatus(s, list.at(-1)!)).toBe(list.at(-1));
  });
}

const CHECKSUM = 'd41d8cd98f00b204e9800998ecf8427e';

/** PublishFirmware from the operator to a local controller, answered `answer`; the request it got. */
async function publishFirmware(s: OcttStation, answer: string) {
  s.answer('PublishFirmware', { status: answer });
  const cmd = await c.command('publish-firmware', { stationId: s.id, location: LOCATION_URL, checksum: CHECKSUM, retries: 2, retryInterval: 30 });
  const req = await s.received('PublishFirmware');
  expect(req).toMatchObject({ location: LOCATION_URL, checksum: CHECKSUM, retries: 2, retryInterval: 30 });
  expect(Number.isInteger(req.requestId)).toBe(true);
  expect(await c.settled(cmd)).toMatchObject({ status: answer === 'Accepted' ? 'accepted' : 'rejected', response: { status: answer } });
  return req as { requestId: number };
}

async function publishStatuses(s: OcttStation, requestId: number, list: string[]) {
  for (const status of list) {
    const extra = status === 'Published' ? { location: ['https://lc.example.com/octt-3.0.bin', 'ftp://lc.example.com/octt-3.0.bin'] } : {};
    expect(await s.send('PublishFirmwareStatusNotification', { status, requestId, ...extra })).toEqual({});
  }
}

/** UnpublishFirmware from the operator, answered `answer` (Unpublished, NoFirmware, DownloadOngoing). */
async function unpublishFirmware(s: OcttStation, answer: string) {
  s.answer('UnpublishFirmware', { status: answer });
  const cmd = await c.command('unpublish-firmware', { stationId: s.id, checksum: CHECKSUM });
  expect(await s.received('UnpublishFirmware')).toEqual({ checksum: CHECKSUM });
  expect(await c.settled(cmd)).toMatchObject({ status: answer === 'Unpublished' ? 'accepted' : 'rejected', response: { status: answer } });
}

function publishing(id: string, title: string, list: string[]) {
  octtCase(id, title, async () => {
    const s = await c.station(id);
    const { requestId } = await publishFirmware(s, 'Accepted');
    await publishStatuses(s, requestId, list);
  });
}

describe('OCPP 2.0.1 L. Firmware Management', () => {
  octtCase('TC_L_01_CSMS', 'Secure Firmware Update - Installation successful', async () => {
    const s = await c.station('TC_L_01_CSMS');
    const { requestId } = await updateFirmware(s, 'Accepted');
    await statuses(s, requestId, ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallRebooting']);
    await rebootsInstalled(s, requestId);
  });

  octtCase('TC_L_02_CSMS', 'Secure Firmware Update - InstallScheduled', async () => {
    const s = await c.station('TC_L_02_CSMS');
    const { requestId } = await updateFirmware(s, 'Accepted');
    await statuses(s, requestId, ['Downloading', 'Downloaded', 'SignatureVerified', 'InstallScheduled', 'Installing', 'InstallRebooting']);
    await rebootsInstalled(s, requestId);
  });

  octtCase('TC_L_03_CSMS', 'Secure Firmware Update - DownloadScheduled', async () => {
    const s = await c.station('TC_L_03_CSMS');
    const { requestId } = await updateFirmware(s, 'Accepted');
    await statuses(s, requestId, ['DownloadScheduled', 'Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallRebooting']);
    await rebootsInstalled(s, requestId);
  });

  octtCase('TC_L_04_CSMS', 'Secure Firmware Update - RevokedCertificate', async () => {
    await updateFirmware(await c.station('TC_L_04_CSMS'), 'RevokedCertificate');
  });

  octtCase('TC_L_05_CSMS', 'Secure Firmware Update - InvalidCertificate', async () => {
    const s = await c.station('TC_L_05_CSMS');
    await updateFirmware(s, 'InvalidCertificate');
    expect(await s.send('SecurityEventNotification', { type: 'InvalidFirmwareSigningCertificate', timestamp: new Date().toISOString() })).toEqual({});
  });

  failing('TC_L_06_CSMS', 'Secure Firmware Update - InvalidSignature', ['Downloading', 'Downloaded', 'InvalidSignature'], 'InvalidFirmwareSignature');
  failing('TC_L_07_CSMS', 'Secure Firmware Update - DownloadFailed', ['Downloading', 'DownloadFailed']);
  failing('TC_L_08_CSMS', 'Secure Firmware Update - InstallVerificationFailed', ['Downloading', 'Downloaded', 'SignatureVerified', 'InstallVerificationFailed']);
  failing('TC_L_09_CSMS', 'Secure Firmware Update - InstallationFailed', ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallationFailed']);

  octtCase('TC_L_10_CSMS', 'Secure Firmware Update - AcceptedCanceled', async () => {
    const s = await c.station('TC_L_10_CSMS');
    const first = await updateFirmware(s, 'Accepted');
    await statuses(s, first.requestId, ['Downloading']);
    // A second update while the first downloads: the station cancels the first and takes the new one.
    const second = await updateFirmware(s, 'AcceptedCanceled');
    expect(second.requestId).not.toBe(first.requestId);
    await statuses(s, second.requestId, ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallRebooting']);
    await rebootsInstalled(s, second.requestId);
  });

  octtCase('TC_L_11_CSMS', 'Secure Firmware Update - Unable to cancel', async () => {
    const s = await c.station('TC_L_11_CSMS');
    const first = await updateFirmware(s, 'Accepted');
    await statuses(s, first.requestId, ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing']);
    await updateFirmware(s, 'Rejected');
    await statuses(s, first.requestId, ['InstallRebooting']);
    await rebootsInstalled(s, first.requestId);
  });

  octtCase('TC_L_13_CSMS', 'Secure Firmware Update - Ongoing transaction, AllowNewSessionsPendingFirmwareUpdate=false', async () => {
    const s = await c.station('TC_L_13_CSMS', { connectors: 2 });
    const tx = new Transaction201(s);
    await s.status(1, 'Occupied');
    await tx.send('Started', 'Authorized', { chargingState: 'Charging' }, { ...idToken(TOKENS.valid), meterValue: [energy(0, 'Transaction.Begin')] });
    const { requestId } = await updateFirmware(s, 'Accepted');
    await statuses(s, requestId, ['Downloading', 'Downloaded', 'SignatureVerified', 'InstallScheduled']);
    // No new sessions while the update waits: the idle EVSE goes Unavailable; the running transaction ends.
    expect(await s.status(2, 'Unavailable')).toEqual({});
    await tx.send('Ended', 'StopAuthorized', { stoppedReason: 'Local' }, { ...idToken(TOKENS.valid), meterValue: [energy(2000, 'Transaction.End')] });
    expect(await s.status(1, 'Unavailable')).toEqual({});
    await statuses(s, requestId, ['Installing', 'InstallRebooting']);
    await rebootsInstalled(s, requestId);
  });

  publishing('TC_L_17_CSMS', 'Publish Firmware - Published', ['Downloading', 'Downloaded', 'ChecksumVerified', 'Published']);
  publishing('TC_L_19_CSMS', 'Publish Firmware - Invalid Checksum', ['Downloading', 'Downloaded', 'InvalidChecksum']);
  publishing('TC_L_20_CSMS', 'Publish Firmware - PublishFailed', ['Downloading', 'Downloaded', 'ChecksumVerified', 'PublishFailed']);
  octtCase('TC_L_21_CSMS', 'Unpublish Firmware - Unpublished', async () => unpublishFirmware(await c.station('TC_L_21_CSMS'), 'Unpublished'));
  octtCase('TC_L_22_CSMS', 'Unpublish Firmware - NoFirmware', async () => unpublishFirmware(await c.station('TC_L_22_CSMS'), 'NoFirmware'));
  octtCase('TC_L_23_CSMS', 'Unpublish Firmware - Download Ongoing', async () => unpublishFirmware(await c.station('TC_L_23_CSMS'), 'DownloadOngoing'));
  publishing('TC_L_24_CSMS', 'Publish Firmware - Download failed', ['Downloading', 'DownloadFailed']);
});
