import { ocppClient } from '../../helpers/ocpp-client.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionBasics, startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { RawOcppSocket } from '../../helpers/raw-socket.js';

let p: TestPlatform;
let password: string;
beforeAll(async () => {
  p = await startTestPlatform();
  ({ password } = await provisionBasics(p, ['F16', 'F201', 'ORD']));
});
afterAll(() => p.stop());

async function connect(identity: string, protocol: 'ocpp1.6' | 'ocpp2.0.1') {
  const c = ocppClient({ endpoint: p.ocpp, identity, password, protocols: [protocol] });
  await c.connect();
  return c;
}
const at = (min: number) => new Date(Date.UTC(2026, 2, 1, 8, min)).toISOString();
const energy = (wh: number, timestamp: string, context?: string) => ({ timestamp, sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh', ...(context ? { context } : {}) }] });
/** 2.0.1: numeric value, unitOfMeasure instead of unit; kWh with a decimal exercises normalisation. */
const energy201 = (wh: number, timestamp: string, context?: string) => ({ timestamp, sampledValue: [{ value: wh / 1000, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'kWh' }, ...(context ? { context } : {}) }] });

describe('OCPP 1.6 charge point', () => {
  it('boots, reports, authorizes, charges and stops; replays change nothing', async () => {
    const c = await connect('F16', 'ocpp1.6');
    const boot = (await c.call('BootNotification', { chargePointVendor: 'XJ', chargePointModel: 'AC7', chargePointSerialNumber: 'SN-16', firmwareVersion: '2.1' })) as any;
    expect(boot).toMatchObject({ status: 'Accepted', interval: 300 });
    expect(Date.parse(boot.currentTime)).toBeGreaterThan(0);
    expect(await c.call('Heartbeat', {})).toHaveProperty('currentTime');
    await c.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' });
    await c.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing', timestamp: at(0) });

    expect(await c.call('Authorize', { idTag: 'TAG-OK' })).toMatchObject({ idTagInfo: { status: 'Accepted' } });
    expect(await c.call('Authorize', { idTag: 'NOBODY' })).toMatchObject({ idTagInfo: { status: 'Invalid' } });
    expect(await c.call('Authorize', { idTag: 'TAG-BLOCKED' })).toMatchObject({ idTagInfo: { status: 'Blocked' } });
    expect(await c.call('Authorize', { idTag: 'TAG-EXPIRED' })).toMatchObject({ idTagInfo: { status: 'Expired' } });

    const startReq = { connectorId: 1, idTag: 'TAG-OK', meterStart: 20_000, timestamp: at(1) };
    const start = (await c.call('StartTransaction', startReq)) as any;
    expect(start.idTagInfo.status).toBe('Accepted');
    const replay = (await c.call('StartTransaction', startReq)) as any;
    expect(replay.transactionId).toBe(start.transactionId);

    await c.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: at(1) });
    const mv = { connectorId: 1, transactionId: start.transactionId, meterValue: [energy(21_000, at(10))] };
    await c.call('MeterValues', mv);
    await c.call('MeterValues', mv);
    const stopReq = { transactionId: start.transactionId, meterStop: 27_500, timestamp: at(60), reason: 'EVDisconnected', idTag: 'TAG-OK', transactionData: [energy(27_500, at(60), 'Transaction.End')] };
    expect(await c.call('StopTransaction', stopReq)).toMatchObject({ idTagInfo: { status: 'Accepted' } });
    expect(await c.call('StopTransaction', { ...stopReq, meterStop: 99_999 })).toBeDefined();
    expect(await c.call('StopTransaction', { transactionId: 424242, meterStop: 1, timestamp: at(61) })).toEqual({});

    expect(await c.call('DataTransfer', { vendorId: 'com.example', messageId: 'x', data: 'hello' })).toEqual({ status: 'UnknownVendorId' });
    expect(await c.call('FirmwareStatusNotification', { status: 'Downloading' })).toEqual({});
    expect(await c.call('DiagnosticsStatusNotification', { status: 'Uploaded' })).toEqual({});
    await c.close();

    const sessions = (await p.api('/v1/sessions?stationId=F16')).body;
    expect(sessions.items).toHaveLength(1);
    const s = (await p.api(`/v1/sessions/${sessions.items[0].id}`)).body;
    expect(s).toMatchObject({ ocppVersion: '1.6', transactionId: String(start.transactionId), evseId: 1, connectorId: 1, idToken: 'TAG-OK', status: 'COMPLETED', meterStartWh: 20_000, meterStopWh: 27_500, energyWh: 7_500, stopReason: 'EVDisconnected' });
    expect(s.samples.map((x: any) => x.value)).toEqual(['21000', '27500']);
    const station = (await p.api('/v1/stations/F16')).body;
    expect(station).toMatchObject({ vendor: 'XJ', model: 'AC7', firmwareVersion: '2.1', firmwareStatus: 'Downloading', ocppVersion: '1.6' });
    expect(station.evses[0].connectors[0]).toMatchObject({ status: 'CHARGING', ocppStatus: 'Charging' });
  });
});

describe('OCPP 2.0.1 charging station', () => {
  it('boots, reports its device model, and runs a transaction; seqNo replays change nothing', async () => {
    const c = await connect('F201', 'ocpp2.0.1');
    expect(await c.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'XJ', model: 'DC120', serialNumber: 'SN-201', firmwareVersion: '3.0' } })).toMatchObject({ status: 'Accepted' });
    await c.call('NotifyReport', {
      requestId: 1,
      generatedAt: at(0),
      seqNo: 0,
      reportData: [
        { component: { name: 'Connector', evse: { id: 1, connectorId: 1 } }, variable: { name: 'ConnectorType' }, variableAttribute: [{ type: 'Actual', value: 'cGBT' }] },
        { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Power' }, variableAttribute: [{ type: 'Actual', value: '0' }], variableCharacteristics: { dataType: 'decimal', supportsMonitoring: false, maxLimit: 120000 } },
      ],
    });
    await c.call('StatusNotification', { timestamp: at(0), connectorStatus: 'Occupied', evseId: 1, connectorId: 1 });
    expect(await c.call('Authorize', { idToken: { idToken: 'TAG-OK', type: 'ISO14443' } })).toMatchObject({ idTokenInfo: { status: 'Accepted' } });
    expect(await c.call('Authorize', { idToken: { idToken: 'NOBODY', type: 'ISO14443' } })).toMatchObject({ idTokenInfo: { status: 'Unknown' } });

    const tx = { transactionId: 'b7c1f0e2-201' };
    const started = { eventType: 'Started', timestamp: at(1), triggerReason: 'Authorized', seqNo: 0, transactionInfo: { ...tx, chargingState: 'Charging' }, evse: { id: 1, connectorId: 1 }, idToken: { idToken: 'TAG-OK', type: 'ISO14443' }, meterValue: [energy201(1_000, at(1), 'Transaction.Begin')] };
    expect(await c.call('TransactionEvent', started)).toMatchObject({ idTokenInfo: { status: 'Accepted' } });
    await c.call('TransactionEvent', started);
    await c.call('TransactionEvent', { eventType: 'Updated', timestamp: at(10), triggerReason: 'MeterValuePeriodic', seqNo: 1, transactionInfo: tx, meterValue: [energy201(9_000, at(10))] });
    await c.call('TransactionEvent', { eventType: 'Ended', timestamp: at(30), triggerReason: 'EVCommunicationLost', seqNo: 2, transactionInfo: { ...tx, stoppedReason: 'EVDisconnected' }, meterValue: [energy201(31_000, at(30), 'Transaction.End')] });
    await c.call('TransactionEvent', { eventType: 'Ended', timestamp: at(31), triggerReason: 'EVCommunicationLost', seqNo: 2, transactionInfo: tx, meterValue: [energy201(99_000, at(31), 'Transaction.End')] });

    await c.call('MeterValues', { evseId: 0, meterValue: [energy201(500_000, at(30), 'Sample.Clock')] });
    await c.call('NotifyEvent', { generatedAt: at(2), seqNo: 0, eventData: [{ eventId: 1, timestamp: at(2), trigger: 'Delta', actualValue: 'true', eventNotificationType: 'HardWiredNotification', component: { name: 'Door' }, variable: { name: 'Problem' } }] });
    await c.call('SecurityEventNotification', { type: 'StartupOfTheDevice', timestamp: at(0) });
    await c.call('FirmwareStatusNotification', { status: 'Installed', requestId: 7 });
    await c.call('LogStatusNotification', { status: 'Uploaded', requestId: 8 });
    expect(await c.call('DataTransfer', { vendorId: 'com.example' })).toEqual({ status: 'UnknownVendorId' });
    await c.close();

    const sessions = (await p.api('/v1/sessions?stationId=F201')).body;
    expect(sessions.items).toHaveLength(1);
    expect(sessions.items[0]).toMatchObject({ ocppVersion: '2.0.1', transactionId: tx.transactionId, evseId: 1, connectorId: 1, idToken: 'TAG-OK', status: 'COMPLETED', meterStartWh: 1_000, meterStopWh: 31_000, energyWh: 30_000, stopReason: 'EVDisconnected' });
    const station = (await p.api('/v1/stations/F201')).body;
    expect(station.evses[0]).toMatchObject({ maxPowerKw: 120, connectors: [{ standard: 'GBT_DC', status: 'CHARGING' }] });
  });
});

describe('ordering', () => {
  it('pipelined calls of one station are handled in the order they arrived', async () => {
    const s = await RawOcppSocket.open(p.ocpp, 'ORD', password, 'ocpp1.6');
    await s.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    const timestamp = at(5);
    const statuses = ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'Charging', 'Finishing', 'Available', 'Faulted'];
    // Same timestamp on purpose: the store keeps the last one processed, so order shows.
    statuses.forEach((status, i) => s.send([2, `o${i}`, 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status, timestamp }]));
    while (s.received.length < statuses.length + 1) await s.next();
    expect(s.received.slice(1).map((f) => f[1])).toEqual(statuses.map((_, i) => `o${i}`));
    s.close();
    const station = (await p.api('/v1/stations/ORD')).body;
    expect(station.evses[0].connectors[0].ocppStatus).toBe('Faulted');
  });
});
