/** OCTT OCPP 2.0.1 CSMS cases, block B (Provisioning): boot, registration status, reset, WebSocket subprotocol. */
import { describe, expect } from 'vitest';
import WebSocket from 'ws';
import { conformanceSuite, eventually, notYet, octtCase, PASSWORD, sleep, TOKENS } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';
import { energy, idToken, Transaction201 } from './support/transaction-201.js';

const c = conformanceSuite('2.0.1');

const HEARTBEAT = { component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval' };
const OFFLINE_THRESHOLD = { component: 'OCPPCommCtrlr', variable: 'OfflineThreshold' };
/** What the OCTT station holds: its values by component/variable. */
const VALUES: Record<string, string> = { 'OCPPCommCtrlr/HeartbeatInterval': '300', 'OCPPCommCtrlr/OfflineThreshold': '60', 'AuthCtrlr/AuthorizeRemoteStart': 'true' };

async function getVariables(s: OcttStation, variables: { component: string; variable: string }[]) {
  s.answer('GetVariables', (r) => ({
    getVariableResult: r.getVariableData.map((d: any) => ({ attributeStatus: 'Accepted', attributeValue: VALUES[`${d.component.name}/${d.variable.name}`], component: d.component, variable: d.variable })),
  }));
  const cmd = await c.command('get-variables', { stationId: s.id, variables });
  return { req: await s.received('GetVariables'), cmd: await c.settled(cmd) };
}

async function setVariables(s: OcttStation, items: { component: string; variable: string; value: string }[]) {
  s.answer('SetVariables', (r) => ({ setVariableResult: r.setVariableData.map((d: any) => ({ attributeStatus: 'Accepted', component: d.component, variable: d.variable })) }));
  const r = await c.p.api(`/v1/stations/${s.id}/variables`, { method: 'PATCH', body: { items } });
  return { req: await s.received('SetVariables'), r };
}

/** The report the station sends for a request, in two parts. */
async function sendReport(s: OcttStation, requestId: number) {
  const generatedAt = new Date().toISOString();
  const item = (variable: string, value: string) => ({ component: { name: 'OCPPCommCtrlr' }, variable: { name: variable }, variableAttribute: [{ type: 'Actual', value, mutability: 'ReadWrite' }], variableCharacteristics: { dataType: 'integer', supportsMonitoring: false } });
  expect(await s.send('NotifyReport', { requestId, generatedAt, seqNo: 0, tbc: true, reportData: [item('HeartbeatInterval', '300')] })).toEqual({});
  expect(await s.send('NotifyReport', { requestId, generatedAt, seqNo: 1, tbc: false, reportData: [item('OfflineThreshold', '60')] })).toEqual({});
}

async function charging(s: OcttStation): Promise<Transaction201> {
  const tx = new Transaction201(s);
  await s.status(1, 'Occupied');
  expect((await tx.send('Started', 'Authorized', { chargingState: 'Charging' }, { ...idToken(TOKENS.valid), meterValue: [energy(0, 'Transaction.Begin')] })).idTokenInfo.status).toBe('Accepted');
  await eventually(() => c.sessions(s.id), (x) => x.length > 0);
  return tx;
}

/** The station restarts after a reset: new connection, BootNotification(RemoteReset), connectors reported. */
async function rebootsAfterReset(s: OcttStation): Promise<void> {
  await s.close();
  await s.connect();
  expect((await s.boot('RemoteReset')).status).toBe('Accepted');
  expect(await s.status(1, 'Available')).toEqual({});
}

describe('OCPP 2.0.1 B. Provisioning', () => {
  octtCase('TC_B_01_CSMS', 'Cold Boot Charging Station - Accepted', async () => {
    const s = await c.station('TC_B_01_CSMS', { boot: false });
    const boot = await s.boot();
    expect(boot).toMatchObject({ status: 'Accepted' });
    expect(boot.interval).toBeGreaterThan(0);
    expect(Math.abs(Date.parse(boot.currentTime) - Date.now())).toBeLessThan(60_000);
    expect(await s.status(1, 'Available')).toEqual({});
    expect((await s.send('Heartbeat')).currentTime).toBeTruthy();
  });

  octtCase('TC_B_02_CSMS', 'Cold Boot Charging Station - Pending', async () => {
    const s = await c.station('TC_B_02_CSMS', { boot: false, registrationStatus: 'Pending' });
    const pending = await s.boot();
    expect(pending.status).toBe('Pending');
    expect(pending.interval).toBeGreaterThan(0);
    // The operator accepts the station; at its next BootNotification it is Accepted.
    expect((await c.p.api(`/v1/stations/${s.id}`, { method: 'PATCH', body: { registrationStatus: 'Accepted' } })).status).toBe(200);
    expect((await s.boot()).status).toBe('Accepted');
    expect(await s.status(1, 'Available')).toEqual({});
  });

  octtCase('TC_B_06_CSMS', 'Get Variables - single value', async () => {
    const s = await c.station('TC_B_06_CSMS');
    const { req, cmd } = await getVariables(s, [HEARTBEAT]);
    expect(req).toEqual({ getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] });
    expect(cmd.status).toBe('accepted');
    expect(cmd.response.getVariableResult).toEqual([{ attributeStatus: 'Accepted', attributeValue: '300', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }]);
  });

  octtCase('TC_B_07_CSMS', 'Get Variables - multiple values', async () => {
    const s = await c.station('TC_B_07_CSMS');
    const { req, cmd } = await getVariables(s, [HEARTBEAT, OFFLINE_THRESHOLD, { component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart' }]);
    expect(req.getVariableData).toHaveLength(3);
    expect(cmd.status).toBe('accepted');
    expect(cmd.response.getVariableResult.map((r: any) => r.attributeStatus)).toEqual(['Accepted', 'Accepted', 'Accepted']);
  });

  octtCase('TC_B_08_CSMS', 'Get Variables - limit to maximum number of values', async () => {
    const s = await c.station('TC_B_08_CSMS');
    // The station's report says it takes 2 items per GetVariables.
    await s.send('NotifyReport', { requestId: 1, generatedAt: new Date().toISOString(), seqNo: 0, reportData: [{ component: { name: 'DeviceDataCtrlr' }, variable: { name: 'ItemsPerMessage', instance: 'GetVariables' }, variableAttribute: [{ type: 'Actual', value: '2', mutability: 'ReadOnly' }], variableCharacteristics: { dataType: 'integer', supportsMonitoring: false } }] });
    const { cmd } = await getVariables(s, [HEARTBEAT, OFFLINE_THRESHOLD, { component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart' }]);
    const sent = s.calls.filter((x) => x.action === 'GetVariables');
    expect(sent.every((x) => x.payload.getVariableData.length <= 2)).toBe(true);
    expect(sent.flatMap((x) => x.payload.getVariableData)).toHaveLength(3);
    expect(cmd.status).toBe('accepted');
    // One answer for the command, the parts' results joined.
    expect(cmd.response.getVariableResult).toHaveLength(3);
  });

  octtCase('TC_B_09_CSMS', 'Set Variables - single value', async () => {
    const s = await c.station('TC_B_09_CSMS');
    const { req, r } = await setVariables(s, [{ ...OFFLINE_THRESHOLD, value: '123' }]);
    expect(req).toEqual({ setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' }, attributeValue: '123' }] });
    expect(r).toMatchObject({ status: 200, body: { answered: true, items: [{ variable: { name: 'OfflineThreshold' }, value: '123', status: 'Accepted' }] } });
  });

  octtCase('TC_B_10_CSMS', 'Set Variables - multiple values', async () => {
    const s = await c.station('TC_B_10_CSMS');
    const { req, r } = await setVariables(s, [{ ...OFFLINE_THRESHOLD, value: '123' }, { component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart', value: 'false' }]);
    expect(req.setVariableData).toHaveLength(2);
    expect(r).toMatchObject({ status: 200, body: { answered: true } });
    expect(r.body.items.map((i: any) => i.status)).toEqual(['Accepted', 'Accepted']);
  });

  for (const [id, reportBase] of [['TC_B_12_CSMS', 'ConfigurationInventory'], ['TC_B_13_CSMS', 'FullInventory'], ['TC_B_14_CSMS', 'SummaryInventory']] as const) {
    octtCase(id, `Get Base Report - ${reportBase}`, async () => {
      const s = await c.station(id);
      s.answer('GetBaseReport', { status: 'Accepted' });
      const cmd = await c.command('get-base-report', { stationId: s.id, reportBase });
      const req = await s.received('GetBaseReport');
      expect(req).toMatchObject({ reportBase });
      expect((await c.settled(cmd)).status).toBe('accepted');
      await sendReport(s, req.requestId);
      const stored = await eventually(async () => (await c.p.api(`/v1/stations/${s.id}/variables?component=OCPPCommCtrlr`)).body.items, (x: unknown[]) => x.length >= 2);
      expect(stored.map((v: any) => [v.variable.name, v.attributes[0].value]).sort()).toEqual([['HeartbeatInterval', '300'], ['OfflineThreshold', '60']]);
    });
  }

  octtCase('TC_B_18_CSMS', 'Get Custom Report - with componentCriteria and component/variables', async () => {
    const s = await c.station('TC_B_18_CSMS');
    s.answer('GetReport', { status: 'Accepted' });
    const cmd = await c.command('get-report', { stationId: s.id, componentCriteria: ['Available'], variables: [HEARTBEAT] });
    const req = await s.received('GetReport');
    expect(req).toMatchObject({ componentCriteria: ['Available'], componentVariable: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] });
    expect(Number.isInteger(req.requestId)).toBe(true);
    expect((await c.settled(cmd)).status).toBe('accepted');
    await sendReport(s, req.requestId);
  });

  octtCase('TC_B_20_CSMS', 'Reset Charging Station - Without ongoing transaction - OnIdle', async () => {
    const s = await c.station('TC_B_20_CSMS');
    s.answer('Reset', { status: 'Accepted' });
    const cmd = await c.command('reset', { stationId: s.id, resetType: 'Soft' });
    expect(await s.received('Reset')).toEqual({ type: 'OnIdle' });
    expect((await c.settled(cmd)).status).toBe('accepted');
    await rebootsAfterReset(s);
  });

  octtCase('TC_B_21_CSMS', 'Reset Charging Station - With Ongoing Transaction - OnIdle', async () => {
    const s = await c.station('TC_B_21_CSMS');
    const tx = await charging(s);
    s.answer('Reset', { status: 'Scheduled' });
    const cmd = await c.command('reset', { stationId: s.id, resetType: 'Soft' });
    expect(await s.received('Reset')).toEqual({ type: 'OnIdle' });
    expect(await c.settled(cmd)).toMatchObject({ status: 'accepted', response: { status: 'Scheduled' } });
    // The driver ends the transaction; then the station resets.
    await tx.send('Ended', 'StopAuthorized', { stoppedReason: 'Local' }, { ...idToken(TOKENS.valid), meterValue: [energy(3000, 'Transaction.End')] });
    await s.status(1, 'Available');
    await rebootsAfterReset(s);
    expect((await c.sessions(s.id))[0]).toMatchObject({ status: 'COMPLETED', stopReason: 'Local' });
  });

  octtCase('TC_B_22_CSMS', 'Reset Charging Station - With Ongoing Transaction - Immediate', async () => {
    const s = await c.station('TC_B_22_CSMS');
    const tx = await charging(s);
    s.answer('Reset', async () => {
      await tx.send('Ended', 'ResetCommand', { stoppedReason: 'ImmediateReset' }, { meterValue: [energy(2000, 'Transaction.End')] });
      return { status: 'Accepted' };
    });
    const cmd = await c.command('reset', { stationId: s.id, resetType: 'Hard' });
    expect(await s.received('Reset')).toEqual({ type: 'Immediate' });
    expect((await c.settled(cmd)).status).toBe('accepted');
    await rebootsAfterReset(s);
    expect((await c.sessions(s.id))[0]).toMatchObject({ status: 'COMPLETED', stopReason: 'ImmediateReset' });
  });

  octtCase('TC_B_25_CSMS', 'Reset EVSE - Without ongoing transaction', async () => {
    const s = await c.station('TC_B_25_CSMS');
    s.answer('Reset', { status: 'Accepted' });
    const cmd = await c.command('reset', { stationId: s.id, resetType: 'Soft', evseId: 1 });
    expect(await s.received('Reset')).toEqual({ type: 'OnIdle', evseId: 1 });
    expect((await c.settled(cmd)).status).toBe('accepted');
    expect(await s.status(1, 'Unavailable')).toEqual({});
    expect(await s.status(1, 'Available')).toEqual({});
  });

  octtCase('TC_B_26_CSMS', 'Reset EVSE - With Ongoing Transaction - OnIdle', async () => {
    const s = await c.station('TC_B_26_CSMS');
    const tx = await charging(s);
    s.answer('Reset', { status: 'Scheduled' });
    const cmd = await c.command('reset', { stationId: s.id, resetType: 'Soft', evseId: 1 });
    expect(await s.received('Reset')).toEqual({ type: 'OnIdle', evseId: 1 });
    expect(await c.settled(cmd)).toMatchObject({ status: 'accepted', response: { status: 'Scheduled' } });
    await tx.send('Ended', 'StopAuthorized', { stoppedReason: 'Local' }, { ...idToken(TOKENS.valid), meterValue: [energy(3000, 'Transaction.End')] });
    expect(await s.status(1, 'Unavailable')).toEqual({});
    expect(await s.status(1, 'Available')).toEqual({});
  });

  octtCase('TC_B_27_CSMS', 'Reset EVSE - With Ongoing Transaction - Immediate', async () => {
    const s = await c.station('TC_B_27_CSMS');
    const tx = await charging(s);
    s.answer('Reset', async () => {
      await tx.send('Ended', 'ResetCommand', { stoppedReason: 'ImmediateReset' }, { meterValue: [energy(2000, 'Transaction.End')] });
      return { status: 'Accepted' };
    });
    const cmd = await c.command('reset', { stationId: s.id, resetType: 'Hard', evseId: 1 });
    expect(await s.received('Reset')).toEqual({ type: 'Immediate', evseId: 1 });
    expect((await c.settled(cmd)).status).toBe('accepted');
    expect(await s.status(1, 'Unavailable')).toEqual({});
    expect(await s.status(1, 'Available')).toEqual({});
    expect((await c.sessions(s.id))[0]).toMatchObject({ status: 'COMPLETED', stopReason: 'ImmediateReset' });
  });

  octtCase('TC_B_30_CSMS', 'Cold Boot Charging Station - Pending/Rejected - SecurityError', async () => {
    for (const registrationStatus of ['Pending', 'Rejected'] as const) {
      const s = await c.station(`TC_B_30_CSMS-${registrationStatus}`, { boot: false, registrationStatus });
      expect((await s.boot()).status).toBe(registrationStatus);
      // A message other than BootNotification before being accepted: CALLERROR SecurityError.
      await expect(s.send('Authorize', idToken(TOKENS.valid))).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
      // Nothing is sent to a station that is not accepted (a Pending one may be asked for its configuration).
      const allowed = registrationStatus === 'Pending' ? ['GetBaseReport', 'GetReport', 'GetVariables', 'SetVariables'] : [];
      await sleep(300);
      expect(s.calls.map((x) => x.action).filter((a) => !allowed.includes(a))).toEqual([]);
    }
  });

  octtCase('TC_B_31_CSMS', 'Cold Boot Charging Station - Pending/Rejected - TriggerMessage', async () => {
    // The operator wants the station's report before accepting it (report-on-boot): its boot is answered Pending.
    const s = await c.station('TC_B_31_CSMS', { connect: false });
    expect((await c.p.api(`/v1/stations/${s.id}/report-on-boot`, { method: 'PUT', body: { enabled: true } })).status).toBe(200);
    s.answer('GetBaseReport', { status: 'Accepted' });
    s.answer('TriggerMessage', { status: 'Accepted' });
    await s.connect();
    expect((await s.boot()).status).toBe('Pending');
    const report = await s.received('GetBaseReport');
    const reportData = [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, variableAttribute: [{ type: 'Actual', value: '300' }] }];
    expect(await s.send('NotifyReport', { requestId: report.requestId, generatedAt: new Date().toISOString(), seqNo: 0, tbc: false, reportData })).toEqual({});
    // Report in: the CSMS asks the Pending station to boot again rather than wait for its interval.
    expect(await s.received('TriggerMessage')).toEqual({ requestedMessage: 'BootNotification' });
    expect((await s.boot('Triggered')).status).toBe('Accepted');
  });

  notYet('TC_B_42_CSMS', 'Set new NetworkConnectionProfile - Accepted', 'not in the platform: no command sends SetNetworkProfile');
  notYet('TC_B_44_CSMS', 'Set new NetworkConnectionProfile - Failed', 'not in the platform: no command sends SetNetworkProfile');

  octtCase('TC_B_58_CSMS', 'WebSocket Subprotocol validation', async () => {
    await c.station('TC_B_58_CSMS', { connect: false });
    const open = (protocols: string[]) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`${c.p.ocpp}/TC_B_58_CSMS`, protocols, { headers: { authorization: `Basic ${Buffer.from(`TC_B_58_CSMS:${PASSWORD}`).toString('base64')}` } });
        ws.once('open', () => (resolve(`open:${ws.protocol}`), ws.close()));
        ws.once('unexpected-response', (_q, res) => resolve(`http:${res.statusCode}`));
        ws.once('error', (e) => resolve(`error:${e.message}`));
      });
    // A subprotocol the CSMS does not speak is not agreed to; ocpp2.0.1 is.
    expect(await open(['ocpp9.9'])).not.toBe('open:ocpp9.9');
    expect(await open(['ocpp9.9'])).not.toMatch(/^open:/);
    expect(await open(['ocpp9.9', 'ocpp2.0.1'])).toBe('open:ocpp2.0.1');
  });
});
