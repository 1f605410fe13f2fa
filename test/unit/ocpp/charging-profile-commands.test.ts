import { describe, expect, it } from 'vitest';
import { ocppValidators, pendingCommand } from '../../helpers/ocpp-commands.js';
import type { Command, CommandParams } from '../../../src/domain/commands/index.js';
import type { ChargingProfile } from '../../../src/domain/smart-charging/index.js';
import { v16Call, v16Outcome } from '../../../src/ocpp/v16/commands.js';
import { v201Call, v201Outcome } from '../../../src/ocpp/v201/commands.js';

const validators = ocppValidators;

const command = (kind: Command['kind'], params: CommandParams): Command => pendingCommand(kind, params);

const txProfile: ChargingProfile = {
  id: 42,
  stackLevel: 1,
  purpose: 'TxProfile',
  kind: 'Relative',
  schedule: { rateUnit: 'A', periods: [{ startPeriod: 0, limit: 31.8, numberPhases: 1 }] },
};
const stationMax: ChargingProfile = {
  id: 7,
  stackLevel: 0,
  purpose: 'ChargingStationMaxProfile',
  kind: 'Recurring',
  recurrencyKind: 'Daily',
  validFrom: '2026-03-01T00:00:00.000Z',
  schedule: { rateUnit: 'W', startSchedule: '2026-03-01T10:00:00.000Z', duration: 86_400, minRate: 1_000, periods: [{ startPeriod: 0, limit: 100_000 }, { startPeriod: 3_600, limit: 50_000.5 }] },
};

describe('smart-charging commands as each version sends them', () => {
  it('1.6: SetChargingProfile with csChargingProfiles (ChargePointMaxProfile, the integer transactionId), Clear and GetCompositeSchedule; every payload valid', () => {
    const tx = v16Call(command('set-charging-profile', { evseId: 2, sessionId: 'S1', transactionId: '1234', chargingProfile: txProfile }));
    expect(tx).toEqual({
      action: 'SetChargingProfile',
      payload: {
        connectorId: 2,
        csChargingProfiles: {
          chargingProfileId: 42,
          transactionId: 1234,
          stackLevel: 1,
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 31.8, numberPhases: 1 }] },
        },
      },
    });
    const max = v16Call(command('set-charging-profile', { evseId: 0, chargingProfile: stationMax }));
    expect(max.payload).toMatchObject({
      connectorId: 0,
      csChargingProfiles: {
        chargingProfilePurpose: 'ChargePointMaxProfile',
        recurrencyKind: 'Daily',
        validFrom: '2026-03-01T00:00:00.000Z',
        chargingSchedule: { startSchedule: '2026-03-01T10:00:00.000Z', duration: 86_400, minChargingRate: 1_000 },
      },
    });
    expect(max.payload).not.toHaveProperty('csChargingProfiles.transactionId');
    const clear = v16Call(command('clear-charging-profile', { chargingProfileId: 42, evseId: 2, chargingProfilePurpose: 'ChargingStationMaxProfile', stackLevel: 1 }));
    expect(clear).toEqual({ action: 'ClearChargingProfile', payload: { id: 42, connectorId: 2, chargingProfilePurpose: 'ChargePointMaxProfile', stackLevel: 1 } });
    expect(v16Call(command('clear-charging-profile', {})).payload).toEqual({});
    const composite = v16Call(command('get-composite-schedule', { evseId: 0, duration: 3_600, chargingRateUnit: 'W' }));
    expect(composite).toEqual({ action: 'GetCompositeSchedule', payload: { connectorId: 0, duration: 3_600, chargingRateUnit: 'W' } });
    for (const c of [tx, max, clear, composite]) expect(() => validators.v16.validate(`urn:${c.action}.req`, c.payload)).not.toThrow();
  });

  it('2.0.1: SetChargingProfile with a list of one schedule and the station\'s transactionId, Clear by id or criteria, GetCompositeSchedule; every payload valid', () => {
    const tx = v201Call(command('set-charging-profile', { evseId: 1, sessionId: 'S1', transactionId: 'b0f5e0d2-4d3c-4f6e-9a1b-2c3d4e5f6a7b', chargingProfile: txProfile }));
    expect(tx).toEqual({
      action: 'SetChargingProfile',
      payload: {
        evseId: 1,
        chargingProfile: {
          id: 42,
          stackLevel: 1,
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Relative',
          transactionId: 'b0f5e0d2-4d3c-4f6e-9a1b-2c3d4e5f6a7b',
          chargingSchedule: [{ id: 42, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 31.8, numberPhases: 1 }] }],
        },
      },
    });
    const max = v201Call(command('set-charging-profile', { evseId: 0, chargingProfile: stationMax }));
    expect(max.payload).toMatchObject({ evseId: 0, chargingProfile: { chargingProfilePurpose: 'ChargingStationMaxProfile', chargingSchedule: [{ minChargingRate: 1_000, duration: 86_400 }] } });
    const byId = v201Call(command('clear-charging-profile', { chargingProfileId: 42 }));
    expect(byId).toEqual({ action: 'ClearChargingProfile', payload: { chargingProfileId: 42 } });
    const byCriteria = v201Call(command('clear-charging-profile', { evseId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0 }));
    expect(byCriteria.payload).toEqual({ chargingProfileCriteria: { evseId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0 } });
    const composite = v201Call(command('get-composite-schedule', { evseId: 1, duration: 600 }));
    expect(composite).toEqual({ action: 'GetCompositeSchedule', payload: { duration: 600, evseId: 1 } });
    for (const c of [tx, max, byId, byCriteria, composite]) expect(() => validators.v201.validate(`urn:${c.action}.req`, c.payload)).not.toThrow();
  });

  it('start with a TxProfile: RemoteStartTransaction / RequestStartTransaction carry it as SetChargingProfile would, without a transactionId; every payload valid', () => {
    // A transactionId that slipped in is never sent: the transaction does not exist yet.
    const start = (call: typeof v16Call) => call(command('start', { idToken: 'TAG-1', evseId: 2, chargingProfile: { ...txProfile, transactionId: '99' } }));
    const set = (call: typeof v16Call) => call(command('set-charging-profile', { evseId: 2, chargingProfile: txProfile }));
    const v16 = start(v16Call);
    expect(v16).toEqual({ action: 'RemoteStartTransaction', payload: { idTag: 'TAG-1', connectorId: 2, chargingProfile: set(v16Call).payload.csChargingProfiles } });
    expect(v16.payload.chargingProfile).toMatchObject({ chargingProfileId: 42, chargingProfilePurpose: 'TxProfile', chargingSchedule: { chargingRateUnit: 'A' } });
    expect(v16.payload).not.toHaveProperty('chargingProfile.transactionId');
    const v201 = start(v201Call);
    expect(v201).toEqual({
      action: 'RequestStartTransaction',
      payload: { idToken: { idToken: 'TAG-1', type: 'Central' }, remoteStartId: 7, evseId: 2, chargingProfile: set(v201Call).payload.chargingProfile },
    });
    expect(v201.payload.chargingProfile).toMatchObject({ id: 42, chargingProfilePurpose: 'TxProfile', chargingSchedule: [{ id: 42, chargingRateUnit: 'A' }] });
    expect(v201.payload).not.toHaveProperty('chargingProfile.transactionId');
    // Without a profile, nothing is added.
    expect(v16Call(command('start', { idToken: 'TAG-1' })).payload).toEqual({ idTag: 'TAG-1' });
    expect(v201Call(command('start', { idToken: 'TAG-1' })).payload).not.toHaveProperty('chargingProfile');
    expect(() => validators.v16.validate('urn:RemoteStartTransaction.req', v16.payload)).not.toThrow();
    expect(() => validators.v201.validate('urn:RequestStartTransaction.req', v201.payload)).not.toThrow();
  });

  it('answers: Accepted is accepted; NotSupported, Rejected and Unknown (nothing to clear) are rejections', () => {
    expect(v16Outcome({ status: 'Accepted' }).status).toBe('accepted');
    for (const status of ['Rejected', 'NotSupported', 'Unknown']) expect(v16Outcome({ status }).status).toBe('rejected');
    expect(v201Outcome({ status: 'Accepted' }).status).toBe('accepted');
    expect(v201Outcome({ status: 'Unknown' }).status).toBe('rejected');
  });
});
