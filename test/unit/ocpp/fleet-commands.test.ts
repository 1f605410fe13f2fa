import { describe, expect, it } from 'vitest';
import { ocppValidators, pendingCommand } from '../../helpers/ocpp-commands.js';
import type { Command, CommandParams } from '../../../src/domain/commands/index.js';
import { v16Call, v16Outcome } from '../../../src/ocpp/v16/commands.js';
import { v201Call, v201Outcome } from '../../../src/ocpp/v201/commands.js';
import { NotExpressible } from '../../../src/ocpp/commands/send-time.js';

const validators = ocppValidators;

const command = (kind: Command['kind'], params: CommandParams): Command => pendingCommand(kind, params);

const firmware = { location: 'https://fw.example.cn/v2.bin', retrieveAt: '2026-12-07T02:00:00.000Z', requestId: 77 };
const signed = { ...firmware, signature: 'c2lnbmF0dXJl', signingCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' };
const list = {
  version: 4,
  updateType: 'Differential' as const,
  entries: [
    { idToken: 'TAG-1', type: 'ISO14443', status: 'Accepted', expiresAt: '2027-01-01T00:00:00.000Z', groupId: 'FLEET-A' },
    { idToken: 'TAG-2', type: 'ISO14443', status: 'NotAtThisLocation' },
    { idToken: 'TAG-3', type: 'KeyCode' },
    { idToken: 'EMAID-CN-XJL-C12345678-9', type: 'eMAID', status: 'Accepted' },
  ],
};

describe('fleet commands as each version sends them', () => {
  it('1.6: TriggerMessage, GetTransactionStatus as a MeterValues trigger, UpdateFirmware or SignedUpdateFirmware, SendLocalList, GetLocalListVersion; every payload valid', () => {
    const calls = [
      v16Call(command('trigger', { message: 'StatusNotification', evseId: 2 })),
      v16Call(command('trigger', { message: 'LogStatusNotification' })),
      v16Call(command('get-transaction-status', { sessionId: 'S', transactionId: '12', evseId: 1 })),
      v16Call(command('update-firmware', { firmware })),
      v16Call(command('update-firmware', { firmware: signed })),
      v16Call(command('send-local-list', { localList: list })),
      v16Call(command('get-local-list-version', {})),
    ];
    expect(calls.map((c) => c.action)).toEqual(['TriggerMessage', 'TriggerMessage', 'TriggerMessage', 'UpdateFirmware', 'SignedUpdateFirmware', 'SendLocalList', 'GetLocalListVersion']);
    expect(calls[0]!.payload).toEqual({ requestedMessage: 'StatusNotification', connectorId: 2 });
    expect(calls[1]!.payload).toEqual({ requestedMessage: 'DiagnosticsStatusNotification' });
    expect(calls[2]!.payload).toEqual({ requestedMessage: 'MeterValues', connectorId: 1 });
    expect(calls[3]!.payload).toEqual({ location: firmware.location, retrieveDate: firmware.retrieveAt });
    expect(calls[4]!.payload).toMatchObject({ requestId: 77, firmware: { location: firmware.location, retrieveDateTime: firmware.retrieveAt, signature: 'c2lnbmF0dXJl' } });
    expect(calls[5]!.payload).toEqual({
      listVersion: 4,
      updateType: 'Differential',
      localAuthorizationList: [
        { idTag: 'TAG-1', idTagInfo: { status: 'Accepted', expiryDate: '2027-01-01T00:00:00.000Z', parentIdTag: 'FLEET-A' } },
        // 1.6 has no place refusals: Invalid, as its Authorize answers.
        { idTag: 'TAG-2', idTagInfo: { status: 'Invalid' } },
        { idTag: 'TAG-3' },
        // Longer than an idTag: not sent to a 1.6 station.
      ],
    });
    for (const c of calls) expect(() => validators.v16.validate(`urn:${c.action}.req`, c.payload)).not.toThrow();
    expect(() => v16Call(command('trigger', { message: 'TransactionEvent' }))).toThrow(NotExpressible);
    expect(() => v16Call(command('update-firmware', { firmware: { ...firmware, signature: 'c2ln' } }))).toThrow(/signingCertificate/);
  });

  it('2.0.1: TriggerMessage with an EVSE, GetTransactionStatus, UpdateFirmware, SendLocalList, GetLocalListVersion; every payload valid', () => {
    const calls = [
      v201Call(command('trigger', { message: 'MeterValues', evseId: 1 })),
      v201Call(command('trigger', { message: 'DiagnosticsStatusNotification' })),
      v201Call(command('get-transaction-status', { transactionId: 'tx-9' })),
      v201Call(command('get-transaction-status', {})),
      v201Call(command('update-firmware', { firmware: signed })),
      v201Call(command('send-local-list', { localList: list })),
      v201Call(command('send-local-list', { localList: { version: 1, updateType: 'Full', entries: [] } })),
      v201Call(command('get-local-list-version', {})),
    ];
    expect(calls[0]!.payload).toEqual({ requestedMessage: 'MeterValues', evse: { id: 1 } });
    expect(calls[1]!.payload).toEqual({ requestedMessage: 'LogStatusNotification' });
    expect(calls[2]).toEqual({ action: 'GetTransactionStatus', payload: { transactionId: 'tx-9' } });
    expect(calls[3]!.payload).toEqual({});
    expect(calls[4]!.payload).toMatchObject({ requestId: 77, firmware: { retrieveDateTime: firmware.retrieveAt, signingCertificate: signed.signingCertificate, signature: signed.signature } });
    expect(calls[5]!.payload).toEqual({
      versionNumber: 4,
      updateType: 'Differential',
      localAuthorizationList: [
        { idToken: { idToken: 'TAG-1', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted', cacheExpiryDateTime: '2027-01-01T00:00:00.000Z', groupIdToken: { idToken: 'FLEET-A', type: 'Central' } } },
        { idToken: { idToken: 'TAG-2', type: 'ISO14443' }, idTokenInfo: { status: 'NotAtThisLocation' } },
        { idToken: { idToken: 'TAG-3', type: 'KeyCode' } },
        { idToken: { idToken: 'EMAID-CN-XJL-C12345678-9', type: 'eMAID' }, idTokenInfo: { status: 'Accepted' } },
      ],
    });
    expect(calls[6]!.payload).toEqual({ versionNumber: 1, updateType: 'Full' });
    for (const c of calls) expect(() => validators.v201.validate(`urn:${c.action}.req`, c.payload)).not.toThrow();
  });

  it('publish-firmware and unpublish-firmware: 2.0.1 local controllers only; Unpublished is acceptance', () => {
    const publish = { location: 'https://fw.example.cn/v2.bin', checksum: 'd41d8cd98f00b204e9800998ecf8427e', requestId: 9, retries: 1 };
    const calls = [v201Call(command('publish-firmware', { publish })), v201Call(command('unpublish-firmware', { publish: { checksum: publish.checksum } }))];
    expect(calls).toEqual([
      { action: 'PublishFirmware', payload: { location: publish.location, checksum: publish.checksum, requestId: 9, retries: 1 } },
      { action: 'UnpublishFirmware', payload: { checksum: publish.checksum } },
    ]);
    for (const c of calls) expect(() => validators.v201.validate(`urn:${c.action}.req`, c.payload)).not.toThrow();
    expect(() => v16Call(command('publish-firmware', { publish }))).toThrow(NotExpressible);
    expect(v201Outcome({ status: 'Unpublished' }, 'unpublish-firmware').status).toBe('accepted');
    expect(v201Outcome({ status: 'DownloadOngoing' }, 'unpublish-firmware').status).toBe('rejected');
    expect(v201Outcome({ status: 'Accepted' }, 'publish-firmware').status).toBe('accepted');
  });

  it('answers: status-less answers are acceptance; VersionMismatch and Failed are rejections', () => {
    expect(v16Outcome({}, 'update-firmware').status).toBe('accepted');
    expect(v16Outcome({ listVersion: 3 } as never, 'get-local-list-version')).toEqual({ status: 'accepted', response: { listVersion: 3 } });
    expect(v16Outcome({ status: 'VersionMismatch' }, 'send-local-list').status).toBe('rejected');
    expect(v16Outcome({ status: 'Accepted' }, 'trigger').status).toBe('accepted');
    expect(v201Outcome({ ongoingIndicator: false, messagesInQueue: false } as never, 'get-transaction-status').status).toBe('accepted');
    expect(v201Outcome({ status: 'Failed' }, 'send-local-list').status).toBe('rejected');
    expect(v201Outcome({ status: 'InvalidCertificate' }, 'update-firmware').status).toBe('rejected');
    expect(v201Outcome({ status: 'AcceptedCanceled' }, 'update-firmware').status).toBe('accepted');
    expect(v16Outcome({ status: 'AcceptedCanceled' }, 'update-firmware').status).toBe('accepted');
    expect(v16Outcome({ status: 'RevokedCertificate' }, 'update-firmware').status).toBe('rejected');
  });
});
