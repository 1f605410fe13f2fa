/** OCTT OCPP 2.0.1 CSMS cases, block N (Diagnostics): monitoring, logs, customer information. */
import { describe, expect } from 'vitest';
import { conformanceSuite, eventually, notYet, octtCase, TOKENS } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';

const c = conformanceSuite('2.0.1');
const monitoring = 'not in the platform: no command sends SetVariableMonitoring, SetMonitoringBase, SetMonitoringLevel, ClearVariableMonitoring or GetMonitoringReport';

/** GetLog from the operator, answered `answer`; the request. */
async function getLog(s: OcttStation, logType: string, answer: string) {
  s.answer('GetLog', { status: answer, ...(answer.startsWith('Accepted') ? { filename: 'octt.log' } : {}) });
  const cmd = await c.command('get-log', { stationId: s.id, logType, from: '2026-01-01T00:00:00Z' });
  const req = await s.received('GetLog');
  expect(req).toMatchObject({ logType, log: { oldestTimestamp: '2026-01-01T00:00:00Z' } });
  expect(req.log.remoteLocation).toMatch(/^http:\/\/.+\/uploads\/logs\//);
  expect(await c.settled(cmd)).toMatchObject({ status: answer.startsWith('Accepted') ? 'accepted' : 'rejected', response: { status: answer } });
  return req;
}

/** The station uploads and reports it (LogStatusNotification Uploading, the file, Uploaded). */
async function uploads(s: OcttStation, req: any) {
  expect(await s.send('LogStatusNotification', { status: 'Uploading', requestId: req.requestId })).toEqual({});
  const put = await fetch(req.log.remoteLocation, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'octt log\n' });
  expect(put.status).toBeLessThan(300);
  expect(await s.send('LogStatusNotification', { status: 'Uploaded', requestId: req.requestId })).toEqual({});
  return eventually(async () => (await c.p.api(`/v1/stations/${s.id}/logs`)).body.items.find((l: any) => l.requestId === req.requestId), (x) => x?.status === 'uploaded');
}

/** CustomerInformation from the operator, answered `answer`. */
async function customerInformation(s: OcttStation, body: Record<string, unknown>, answer: string) {
  s.answer('CustomerInformation', { status: answer });
  const cmd = await c.command('customer-information', { stationId: s.id, ...body });
  const req = await s.received('CustomerInformation');
  expect(await c.settled(cmd)).toMatchObject({ status: answer === 'Accepted' ? 'accepted' : 'rejected', response: { status: answer } });
  return req;
}

async function notifyCustomerInformation(s: OcttStation, requestId: number, parts: string[]) {
  const generatedAt = new Date().toISOString();
  for (const [i, data] of parts.entries()) expect(await s.send('NotifyCustomerInformation', { data, seqNo: i, generatedAt, requestId, tbc: i < parts.length - 1 })).toEqual({});
}

describe('OCPP 2.0.1 N. Diagnostics', () => {
  notYet('TC_N_01_CSMS', 'Get Monitoring Report - with monitoringCriteria', monitoring);
  notYet('TC_N_02_CSMS', 'Get Monitoring Report - with component/variable', monitoring);
  notYet('TC_N_03_CSMS', 'Get Monitoring Report - with component criteria and component/variable', monitoring);
  notYet('TC_N_05_CSMS', 'Set Monitoring Base - success', monitoring);
  notYet('TC_N_08_CSMS', 'Set Variable Monitoring - One SetMonitoringData element', monitoring);
  notYet('TC_N_09_CSMS', 'Set Variable Monitoring - Multiple elements on different component and variable', monitoring);
  notYet('TC_N_16_CSMS', 'Set Monitoring Level - Success', monitoring);
  notYet('TC_N_17_CSMS', 'Set Monitoring Level - Out of range', monitoring);
  notYet('TC_N_18_CSMS', 'Clear Monitoring - Too many elements', monitoring);

  octtCase('TC_N_21_CSMS', 'Alert Event - HardWiredMonitor', async () => {
    const s = await c.station('TC_N_21_CSMS');
    const timestamp = new Date().toISOString();
    const event = { eventId: 21, timestamp, trigger: 'Alerting', actualValue: 'true', techCode: 'OCTT-21', eventNotificationType: 'HardWiredMonitor', component: { name: 'ChargingStation' }, variable: { name: 'Problem' } };
    expect(await s.send('NotifyEvent', { generatedAt: timestamp, seqNo: 0, tbc: false, eventData: [event] })).toEqual({});
    // The problem cleared: a second event, cleared.
    expect(await s.send('NotifyEvent', { generatedAt: timestamp, seqNo: 0, eventData: [{ ...event, eventId: 22, actualValue: 'false', cleared: true }] })).toEqual({});
  });

  notYet('TC_N_24_CSMS', 'Set Variable Monitoring - Periodic event', monitoring);
  octtCase('TC_N_25_CSMS', 'Retrieve Log Information - Diagnostics Log - Success', async () => {
    const s = await c.station('TC_N_25_CSMS');
    const req = await getLog(s, 'DiagnosticsLog', 'Accepted');
    expect(await uploads(s, req)).toMatchObject({ status: 'uploaded', stationStatus: 'Uploaded', sizeBytes: 9 });
  });
  for (const [id, title, report, clear, data] of [
    ['TC_N_27_CSMS', 'Get Customer Information - Accepted + data', true, false, ['Customer OCTT-VALID: 3 transactions', ' in the cache']],
    ['TC_N_28_CSMS', 'Get Customer Information - Accepted + no data', true, false, ['No data found']],
    ['TC_N_30_CSMS', 'Clear Customer Information - Clear and report + data', true, true, ['Cleared: cache entry of OCTT-VALID']],
    ['TC_N_31_CSMS', 'Clear Customer Information - Clear and report + no data', true, true, ['No data found']],
    ['TC_N_32_CSMS', 'Clear Customer Information - Clear and no report', false, true, []],
  ] as const) {
    octtCase(id, title, async () => {
      const s = await c.station(id);
      const req = await customerInformation(s, { idToken: TOKENS.valid, report, clear }, 'Accepted');
      expect(req).toMatchObject({ report, clear, idToken: { idToken: TOKENS.valid, type: 'ISO14443' } });
      await notifyCustomerInformation(s, req.requestId, [...data]);
    });
  }

  octtCase('TC_N_29_CSMS', 'Get Customer Information - Not Accepted', async () => {
    const s = await c.station('TC_N_29_CSMS');
    await customerInformation(s, { customerIdentifier: 'OCTT-CUSTOMER', report: true }, 'Rejected');
  });
  octtCase('TC_N_34_CSMS', 'Retrieve Log Information - Rejected', async () => {
    await getLog(await c.station('TC_N_34_CSMS'), 'DiagnosticsLog', 'Rejected');
  });

  octtCase('TC_N_35_CSMS', 'Retrieve Log Information - Security Log - Success', async () => {
    const s = await c.station('TC_N_35_CSMS');
    const req = await getLog(s, 'SecurityLog', 'Accepted');
    expect(await uploads(s, req)).toMatchObject({ status: 'uploaded' });
  });

  octtCase('TC_N_36_CSMS', 'Retrieve Log Information - Second Request', async () => {
    const s = await c.station('TC_N_36_CSMS');
    const first = await getLog(s, 'DiagnosticsLog', 'Accepted');
    expect(await s.send('LogStatusNotification', { status: 'Uploading', requestId: first.requestId })).toEqual({});
    // A second request while the first uploads: the station cancels the first and takes the second.
    const second = await getLog(s, 'DiagnosticsLog', 'AcceptedCanceled');
    expect(second.requestId).not.toBe(first.requestId);
    expect(await uploads(s, second)).toMatchObject({ status: 'uploaded' });
  });
  notYet('TC_N_44_CSMS', 'Clear Monitoring - Rejected', monitoring);
  octtCase('TC_N_46_CSMS', 'Clear Customer Information - Update Local Authorization List', async () => {
    const s = await c.station('TC_N_46_CSMS');
    s.answer('SendLocalList', { status: 'Accepted' });
    // The station's list is the one the platform keeps for it (managed): a full one goes out first.
    expect((await c.p.api(`/v1/stations/${s.id}/local-list`, { method: 'PUT', body: { enabled: true } })).status).toBe(200);
    const full = await s.received('SendLocalList');
    expect(full).toMatchObject({ updateType: 'Full' });
    expect(full.localAuthorizationList.map((e: { idToken: { idToken: string } }) => e.idToken.idToken)).toContain(TOKENS.valid);
    await eventually(async () => (await c.p.api(`/v1/stations/${s.id}/local-list`)).body, (b) => b.version >= 1);
    const req = await customerInformation(s, { idToken: TOKENS.valid, report: true, clear: true }, 'Accepted');
    await notifyCustomerInformation(s, req.requestId, ['Cleared']);
    // The CSMS removes the token from the list it keeps for the station.
    const update = await s.received('SendLocalList', 5_000);
    expect(update).toMatchObject({ updateType: 'Differential', localAuthorizationList: [{ idToken: { idToken: TOKENS.valid } }] });
    expect(update.localAuthorizationList[0].idTokenInfo).toBeUndefined();
  });
  notYet('TC_N_47_CSMS', 'Get Monitoring report - Report all', monitoring);
  notYet('TC_N_48_CSMS', 'Alert Event - Variable monitoring on write only', monitoring);
  notYet('TC_N_49_CSMS', 'Alert Event - LowerThreshold/UpperThreshold cleared after reboot', monitoring);
  notYet('TC_N_50_CSMS', 'Alert Event - Periodic Triggered', monitoring);
  notYet('TC_N_60_CSMS', 'Get Monitoring Report - with component criteria and list of components/variables', monitoring);
  octtCase('TC_N_62_CSMS', 'Clear Customer Information - Clear and report - customerIdentifier', async () => {
    const s = await c.station('TC_N_62_CSMS');
    const req = await customerInformation(s, { customerIdentifier: 'OCTT-CUSTOMER', report: true, clear: true }, 'Accepted');
    expect(req).toMatchObject({ customerIdentifier: 'OCTT-CUSTOMER', report: true, clear: true });
    await notifyCustomerInformation(s, req.requestId, ['Cleared: OCTT-CUSTOMER']);
  });

  notYet('TC_N_63_CSMS', 'Clear Customer Information - Clear and report - customerCertificate', 'not in the platform: customer-information takes no customerCertificate (certificate hash data)');
});
