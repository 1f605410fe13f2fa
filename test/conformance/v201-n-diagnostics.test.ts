/** OCTT OCPP 2.0.1 CSMS cases, block N (Diagnostics): monitoring, logs, customer information. */
import { describe, expect } from 'vitest';
import { conformanceSuite, notYet, octtCase } from './support/harness.js';

const c = conformanceSuite('2.0.1');
const monitoring = 'not in the platform: no command sends SetVariableMonitoring, SetMonitoringBase, SetMonitoringLevel, ClearVariableMonitoring or GetMonitoringReport';
const log = 'get-log command (GetLog with an upload receiver) is on branch device, not merged';
const customer = 'customer-information command is on branch device, not merged';

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
  notYet('TC_N_25_CSMS', 'Retrieve Log Information - Diagnostics Log - Success', log);
  notYet('TC_N_27_CSMS', 'Get Customer Information - Accepted + data', customer);
  notYet('TC_N_28_CSMS', 'Get Customer Information - Accepted + no data', customer);
  notYet('TC_N_29_CSMS', 'Get Customer Information - Not Accepted', customer);
  notYet('TC_N_30_CSMS', 'Clear Customer Information - Clear and report + data', customer);
  notYet('TC_N_31_CSMS', 'Clear Customer Information - Clear and report + no data', customer);
  notYet('TC_N_32_CSMS', 'Clear Customer Information - Clear and no report', customer);
  notYet('TC_N_34_CSMS', 'Retrieve Log Information - Rejected', log);
  notYet('TC_N_35_CSMS', 'Retrieve Log Information - Security Log - Success', log);
  notYet('TC_N_36_CSMS', 'Retrieve Log Information - Second Request', log);
  notYet('TC_N_44_CSMS', 'Clear Monitoring - Rejected', monitoring);
  notYet('TC_N_46_CSMS', 'Clear Customer Information - Update Local Authorization List', customer);
  notYet('TC_N_47_CSMS', 'Get Monitoring report - Report all', monitoring);
  notYet('TC_N_48_CSMS', 'Alert Event - Variable monitoring on write only', monitoring);
  notYet('TC_N_49_CSMS', 'Alert Event - LowerThreshold/UpperThreshold cleared after reboot', monitoring);
  notYet('TC_N_50_CSMS', 'Alert Event - Periodic Triggered', monitoring);
  notYet('TC_N_60_CSMS', 'Get Monitoring Report - with component criteria and list of components/variables', monitoring);
  notYet('TC_N_62_CSMS', 'Clear Customer Information - Clear and report - customerIdentifier', customer);
  notYet('TC_N_63_CSMS', 'Clear Customer Information - Clear and report - customerCertificate', customer);
});
