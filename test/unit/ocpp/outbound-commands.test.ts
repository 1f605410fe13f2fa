import { describe, expect, it } from 'vitest';
import { ocppValidators, pendingCommand } from '../../helpers/ocpp-commands.js';
import { ID_TOKEN_TYPES } from '../../../src/domain/authorization/index.js';
import { CONNECTOR_TYPES, type Command, type CommandParams } from '../../../src/domain/commands/index.js';
import { v16Call } from '../../../src/ocpp/v16/commands.js';
import { v201Call } from '../../../src/ocpp/v201/commands.js';

const validators = ocppValidators;

const command = (kind: Command['kind'], params: CommandParams): Command => pendingCommand(kind, params, 'admin');

const reserve: CommandParams = { evseId: 1, idToken: 'CARD-1', idTokenType: 'ISO15693', groupId: 'FLEET-1', reservationExpiresAt: '2030-01-01T00:00:00.000Z', reservationId: 42, connectorType: 'cCCS2' };

const enumOf = (action: string, definition: string): unknown => {
  const schemas = require('ocpp-rpc/lib/schemas/ocpp2_0_1.json') as { $id: string; definitions: Record<string, { enum: string[] }> }[];
  return schemas.find((s) => s.$id === `urn:${action}.req`)?.definitions[definition]?.enum;
};

describe('commands as each version sends them', () => {
  it('2.0.1: the token with its registered type and its group, a reservation its connectorType; every payload valid', () => {
    const start = v201Call(command('start', { evseId: 2, idToken: 'CARD-1', idTokenType: 'KeyCode', groupId: 'FLEET-1' }));
    expect(start).toEqual({
      action: 'RequestStartTransaction',
      payload: { idToken: { idToken: 'CARD-1', type: 'KeyCode' }, groupIdToken: { idToken: 'FLEET-1', type: 'Central' }, remoteStartId: 7, evseId: 2 },
    });
    const reserveNow = v201Call(command('reserve', reserve));
    expect(reserveNow.payload).toMatchObject({ id: 42, idToken: { idToken: 'CARD-1', type: 'ISO15693' }, groupIdToken: { idToken: 'FLEET-1', type: 'Central' }, evseId: 1, connectorType: 'cCCS2' });
    expect(v201Call(command('reserve', { ...reserve, connectorType: undefined })).payload).not.toHaveProperty('connectorType');
    // A token without a group has no groupIdToken.
    expect(v201Call(command('start', { idToken: 'CARD-2', idTokenType: 'eMAID' })).payload).not.toHaveProperty('groupIdToken');
    for (const c of [start, reserveNow]) expect(() => validators.v201.validate(`urn:${c.action}.req`, c.payload)).not.toThrow();
  });

  it('the API and domain lists are the 2.0.1 schema enumerations', () => {
    expect([...ID_TOKEN_TYPES].sort()).toEqual([...(enumOf('ReserveNow', 'IdTokenEnumType') as string[])].sort());
    expect([...CONNECTOR_TYPES].sort()).toEqual([...(enumOf('ReserveNow', 'ConnectorEnumType') as string[])].sort());
  });

  it('2.0.1: a command stored before token types were kept goes out as Central, as it would have then', () => {
    expect(v201Call(command('start', { idToken: 'OLD-1' })).payload).toMatchObject({ idToken: { idToken: 'OLD-1', type: 'Central' } });
  });

  it('1.6: only the idTag, and ReserveNow the group as parentIdTag; every payload valid', () => {
    const start = v16Call(command('start', { evseId: 2, idToken: 'CARD-1', idTokenType: 'KeyCode', groupId: 'FLEET-1' }));
    expect(start).toEqual({ action: 'RemoteStartTransaction', payload: { idTag: 'CARD-1', connectorId: 2 } });
    const reserveNow = v16Call(command('reserve', reserve));
    // No connectorType in 1.6.
    expect(reserveNow.payload).toEqual({ connectorId: 1, expiryDate: '2030-01-01T00:00:00.000Z', idTag: 'CARD-1', reservationId: 42, parentIdTag: 'FLEET-1' });
    for (const c of [start, reserveNow]) expect(() => validators.v16.validate(`urn:${c.action}.req`, c.payload)).not.toThrow();
  });
});
