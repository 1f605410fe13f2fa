import { createRequire } from 'node:module';
import { createValidator } from 'ocpp-rpc';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_ID_USES, INSTALL_CERTIFICATE_USES, type Command, type CommandParams } from '../../../src/domain/commands/index.js';
import { NotExpressible } from '../../../src/ocpp/commands/send-time.js';
import { v16Call, v16Outcome } from '../../../src/ocpp/v16/commands.js';
import { v201Call, v201Outcome } from '../../../src/ocpp/v201/commands.js';

const require = createRequire(import.meta.url);
const schemas = { v16: require('ocpp-rpc/lib/schemas/ocpp1_6.json') as object, v201: require('ocpp-rpc/lib/schemas/ocpp2_0_1.json') as object };
const validators = { v16: createValidator('ocpp1.6', schemas.v16), v201: createValidator('ocpp2.0.1', schemas.v201) };

const command = (kind: Command['kind'], params: CommandParams = {}): Command => ({
  id: 'C1', stationId: 'ST', kind, params, status: 'sent', remoteStartId: 1, requestedBy: 'admin', response: null, error: null, sessionId: null,
  createdAt: new Date(), expiresAt: new Date(), sentAt: null, completedAt: null,
});

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const HASH = { hashAlgorithm: 'SHA256', issuerNameHash: 'aa', issuerKeyHash: 'bb', serialNumber: '1f' } as const;

const enumOf = (action: string, definition: string): string[] => {
  const all = schemas.v201 as { $id: string; definitions: Record<string, { enum: string[] }> }[];
  return all.find((s) => s.$id === `urn:${action}.req`)?.definitions[definition]?.enum ?? [];
};

describe('security commands as each version sends them', () => {
  it('2.0.1: certificates, the certificate trigger and BasicAuthPassword; every payload valid', () => {
    const calls = [
      v201Call(command('install-certificate', { certificateType: 'CSMSRootCertificate', certificate: PEM })),
      v201Call(command('get-installed-certificate-ids', { certificateTypes: ['CSMSRootCertificate', 'V2GCertificateChain'] })),
      v201Call(command('get-installed-certificate-ids')),
      v201Call(command('delete-certificate', { certificateHashData: HASH })),
      v201Call(command('renew-certificate')),
      v201Call(command('rotate-password'), { stationKey: 'k'.repeat(16) + 'ABCDEFGH12345678' }),
      v201Call(command('certificate-signed', { certificateChain: PEM, certificateType: 'ChargingStationCertificate' })),
    ];
    expect(calls.map((c) => c.action)).toEqual(['InstallCertificate', 'GetInstalledCertificateIds', 'GetInstalledCertificateIds', 'DeleteCertificate', 'TriggerMessage', 'SetVariables', 'CertificateSigned']);
    expect(calls[2]!.payload).toEqual({});
    expect(calls[4]!.payload).toEqual({ requestedMessage: 'SignChargingStationCertificate' });
    expect(calls[5]!.payload).toEqual({
      setVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, attributeValue: 'kkkkkkkkkkkkkkkkABCDEFGH12345678' }],
    });
    for (const c of calls) expect(() => validators.v201.validate(`urn:${c.action}.req`, c.payload)).not.toThrow();
  });

  it('1.6: the security extension and AuthorizationKey; its two root kinds under their 1.6 names; every payload valid', () => {
    const calls = [
      v16Call(command('install-certificate', { certificateType: 'CSMSRootCertificate', certificate: PEM })),
      v16Call(command('install-certificate', { certificateType: 'ManufacturerRootCertificate', certificate: PEM })),
      v16Call(command('get-installed-certificate-ids')),
      v16Call(command('delete-certificate', { certificateHashData: HASH })),
      v16Call(command('renew-certificate')),
      v16Call(command('rotate-password'), { stationKey: 'ab'.repeat(20) }),
      v16Call(command('certificate-signed', { certificateChain: PEM, certificateType: 'ChargingStationCertificate' })),
    ];
    expect(calls[0]!.payload).toMatchObject({ certificateType: 'CentralSystemRootCertificate' });
    expect(calls[1]!.payload).toMatchObject({ certificateType: 'ManufacturerRootCertificate' });
    expect(calls[2]!.payload).toEqual({ certificateType: 'CentralSystemRootCertificate' });
    expect(calls[4]).toEqual({ action: 'ExtendedTriggerMessage', payload: { requestedMessage: 'SignChargePointCertificate' } });
    expect(calls[5]).toEqual({ action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value: 'ab'.repeat(20) } });
    expect(calls[6]!.payload).toEqual({ certificateChain: PEM });
    for (const c of calls) expect(() => validators.v16.validate(`urn:${c.action}.req`, c.payload)).not.toThrow();
  });

  it('what a version cannot say fails instead of being sent', () => {
    expect(() => v16Call(command('install-certificate', { certificateType: 'V2GRootCertificate', certificate: PEM }))).toThrow(NotExpressible);
    expect(() => v16Call(command('get-installed-certificate-ids', { certificateTypes: ['CSMSRootCertificate', 'ManufacturerRootCertificate'] }))).toThrow(NotExpressible);
    // A rotation without a key made for it is never sent with an empty password.
    expect(() => v201Call(command('rotate-password'))).toThrow(NotExpressible);
    expect(() => v16Call(command('rotate-password'))).toThrow(NotExpressible);
  });

  it('the API lists are the 2.0.1 schema enumerations', () => {
    expect([...INSTALL_CERTIFICATE_USES].sort()).toEqual(enumOf('InstallCertificate', 'InstallCertificateUseEnumType').sort());
    expect([...CERTIFICATE_ID_USES].sort()).toEqual(enumOf('GetInstalledCertificateIds', 'GetCertificateIdUseEnumType').sort());
  });
});

describe('what the answers mean', () => {
  const setVariables = (attributeStatus: string): { status?: unknown } => ({ setVariableResult: [{ attributeStatus, component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } }] }) as { status?: unknown };

  it('2.0.1 rotation: Accepted promotes the key, RebootRequired keeps both until the station uses the new one, anything else drops it', () => {
    expect(v201Outcome(setVariables('Accepted'), 'rotate-password')).toMatchObject({ status: 'accepted', stationKey: 'promote' });
    const reboot = v201Outcome(setVariables('RebootRequired'), 'rotate-password');
    expect(reboot.status).toBe('accepted');
    expect(reboot).not.toHaveProperty('stationKey');
    for (const s of ['Rejected', 'UnknownComponent', 'UnknownVariable', 'NotSupportedAttributeType']) {
      expect(v201Outcome(setVariables(s), 'rotate-password')).toMatchObject({ status: 'rejected', stationKey: 'drop' });
    }
  });

  it('1.6 rotation: the same from ChangeConfiguration', () => {
    expect(v16Outcome({ status: 'Accepted' }, 'rotate-password')).toMatchObject({ status: 'accepted', stationKey: 'promote' });
    expect(v16Outcome({ status: 'RebootRequired' }, 'rotate-password')).not.toHaveProperty('stationKey');
    expect(v16Outcome({ status: 'NotSupported' }, 'rotate-password')).toMatchObject({ status: 'rejected', stationKey: 'drop' });
  });

  it('no certificates installed is an answer; a refused install or delete is a rejection', () => {
    expect(v201Outcome({ status: 'NotFound' }, 'get-installed-certificate-ids').status).toBe('accepted');
    expect(v16Outcome({ status: 'NotFound' }, 'get-installed-certificate-ids').status).toBe('accepted');
    expect(v201Outcome({ status: 'NotFound' }, 'delete-certificate').status).toBe('rejected');
    expect(v201Outcome({ status: 'Failed' }, 'install-certificate').status).toBe('rejected');
    expect(v16Outcome({ status: 'Rejected' }, 'certificate-signed').status).toBe('rejected');
  });
});
