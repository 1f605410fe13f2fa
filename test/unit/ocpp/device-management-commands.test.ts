import { describe, expect, it } from 'vitest';
import { ocppValidators } from '../../helpers/ocpp-commands.js';
import type { Command, CommandParams } from '../../../src/domain/commands/index.js';
import { NotExpressible } from '../../../src/ocpp/commands/send-time.js';
import { joinedAnswers } from '../../../src/ocpp/commands/outbound-call.js';
import { v16Call, v16Outcome } from '../../../src/ocpp/v16/commands.js';
import { v201Call, v201Outcome } from '../../../src/ocpp/v201/commands.js';

const validators = ocppValidators;

const command = (kind: Command['kind'], params: CommandParams): Command => ({
  id: 'C1', stationId: 'ST', kind, params, status: 'sent', remoteStartId: 9, requestedBy: 'admin', response: null, error: null, sessionId: null,
  createdAt: new Date(), expiresAt: new Date(), sentAt: null, completedAt: null,
});
const secrets = { uploadUrl: 'https://cs.example/uploads/logs/abcdefghijklmnopqrstuvwxyz012345' };
const hb = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, value: '60' };

describe('device-management commands as each version sends them', () => {
  it('2.0.1: every kind makes a valid message; the component is needed', () => {
    const commands = [
      command('get-variables', { variables: [{ component: { name: 'EVSE', evseId: 1 }, variable: { name: 'Power' }, attributeType: 'MaxSet' }] }),
      command('set-variables', { variables: [hb] }),
      command('get-base-report', { reportBase: 'SummaryInventory' }),
      command('get-report', { variables: [{ component: { name: 'Connector', evseId: 1, connectorId: 1 }, variable: { name: 'ConnectorType' } }], componentCriteria: ['Problem'] }),
      command('clear-cache', {}),
      command('data-transfer', { vendorId: 'v', messageId: 'm', data: { a: 1 } }),
      command('get-log', { from: '2026-01-01T00:00:00.000Z', logType: 'SecurityLog' }),
      command('set-display-message', { displayMessage: { id: 3, priority: 'AlwaysFront', content: '你好', language: 'zh-CN', endsAt: '2026-12-01T00:00:00.000Z' } }),
      command('get-display-messages', { displayMessageId: 3 }),
      command('clear-display-message', { displayMessageId: 3 }),
      command('customer-information', { idToken: 'CARD', idTokenType: 'ISO14443', report: true, clear: false }),
    ];
    for (const c of commands) {
      const call = v201Call(c, secrets);
      expect(() => validators.v201.validate(`urn:${call.action}.req`, call.payload), c.kind).not.toThrow();
    }
    expect(v201Call(commands[0]!).payload).toEqual({ getVariableData: [{ component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Power' }, attributeType: 'MaxSet' }] });
    expect(v201Call(commands[6]!, secrets).payload).toEqual({ logType: 'SecurityLog', requestId: 9, log: { remoteLocation: secrets.uploadUrl, oldestTimestamp: '2026-01-01T00:00:00.000Z' } });
    expect(() => v201Call(command('set-variables', { variables: [{ variable: { name: 'X' }, value: '1' }] }))).toThrow(NotExpressible);
    expect(() => v201Call(command('get-log', {}))).toThrow(NotExpressible);
  });

  it('2.0.1 GetVariables in parts for a station that takes fewer items per message; the parts’ answers joined', () => {
    const vars = ['A', 'B', 'C'].map((name) => ({ component: { name: 'X' }, variable: { name } }));
    const call = v201Call(command('get-variables', { variables: vars, itemsPerMessage: 2 }));
    expect(call.parts?.map((p) => (p['getVariableData'] as unknown[]).length)).toEqual([2, 1]);
    for (const part of call.parts!) expect(() => validators.v201.validate('urn:GetVariables.req', part)).not.toThrow();
    expect(v201Call(command('get-variables', { variables: vars, itemsPerMessage: 3 })).parts).toBeUndefined();
    expect(joinedAnswers([{ getVariableResult: [1, 2] }, { getVariableResult: [3] }])).toEqual({ getVariableResult: [1, 2, 3] });
    expect(joinedAnswers([{ status: 'Accepted' }])).toEqual({ status: 'Accepted' });
  });

  it('1.6: configuration keys, one per ChangeConfiguration; GetDiagnostics; what only 2.0.1 has is not expressible', () => {
    const get = v16Call(command('get-variables', { variables: [{ variable: { name: 'HeartbeatInterval' } }, { component: { name: '1.6' }, variable: { name: 'X' } }] }));
    expect(get).toEqual({ action: 'GetConfiguration', payload: { key: ['HeartbeatInterval', 'X'] } });
    expect(v16Call(command('get-base-report', {}))).toEqual({ action: 'GetConfiguration', payload: {} });
    expect(v16Call(command('set-variables', { variables: [{ variable: { name: 'HeartbeatInterval' }, value: '60' }] }))).toEqual({ action: 'ChangeConfiguration', payload: { key: 'HeartbeatInterval', value: '60' } });
    expect(() => v16Call(command('set-variables', { variables: [hb, hb] }))).toThrow(NotExpressible);
    expect(() => v16Call(command('get-variables', { variables: [hb] }))).toThrow(/configuration keys only/);
    const diag = v16Call(command('get-log', { to: '2026-02-01T00:00:00.000Z' }), secrets);
    expect(diag).toEqual({ action: 'GetDiagnostics', payload: { location: secrets.uploadUrl, stopTime: '2026-02-01T00:00:00.000Z' } });
    expect(v16Call(command('data-transfer', { vendorId: 'v', data: { a: 1 } })).payload).toEqual({ vendorId: 'v', data: '{"a":1}' });
    for (const c of [get, diag, v16Call(command('clear-cache', {}))]) expect(() => validators.v16.validate(`urn:${c.action}.req`, c.payload)).not.toThrow();
    for (const kind of ['set-display-message', 'get-display-messages', 'clear-display-message', 'customer-information'] as const) {
      expect(() => v16Call(command(kind, { displayMessageId: 1 }))).toThrow(/OCPP 1.6 has no/);
    }
  });

  it('answers in the same words for both versions: Unknown* is NotSupported, a 1.6 unknown key too', () => {
    const set = command('set-variables', { variables: [hb, { ...hb, variable: { name: 'Nope' } }] });
    const o = v201Outcome(
      { setVariableResult: [
        { attributeStatus: 'RebootRequired', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        { attributeStatus: 'UnknownVariable', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'Nope' }, attributeStatusInfo: { reasonCode: 'NoSuchVar' } },
      ] } as never,
      'set-variables',
      set,
    );
    expect(o.status).toBe('rejected');
    expect((o.response as { variables: unknown[] }).variables).toEqual([
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeType: 'Actual', status: 'RebootRequired', stationStatus: 'RebootRequired', value: '60' },
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'Nope' }, attributeType: 'Actual', status: 'NotSupported', stationStatus: 'UnknownVariable', value: '60', info: 'NoSuchVar' },
    ]);
    const conf = v16Outcome({ configurationKey: [{ key: 'A', readonly: true, value: '1' }], unknownKey: ['B'] } as never, 'get-variables', command('get-variables', { variables: [] }));
    expect((conf.response as { variables: unknown[] }).variables).toEqual([
      { component: { name: '1.6' }, variable: { name: 'A' }, attributeType: 'Actual', status: 'Accepted', stationStatus: 'Accepted', value: '1', mutability: 'ReadOnly' },
      { component: { name: '1.6' }, variable: { name: 'B' }, attributeType: 'Actual', status: 'NotSupported', stationStatus: 'UnknownKey' },
    ]);
    expect(v16Outcome({ status: 'NotSupported' }, 'set-variables', command('set-variables', { variables: [{ variable: { name: 'K' }, value: 'v' }] })).status).toBe('rejected');
    expect(v16Outcome({}, 'get-log', command('get-log', {})).status).toBe('rejected');
    expect(v16Outcome({ fileName: 'd.log' } as never, 'get-log', command('get-log', {})).status).toBe('accepted');
    expect(v201Outcome({ status: 'AcceptedCanceled' }, 'get-log', command('get-log', {})).status).toBe('accepted');
    expect(v201Outcome({ status: 'EmptyResultSet' }, 'get-report', command('get-report', {})).status).toBe('accepted');
  });
});
