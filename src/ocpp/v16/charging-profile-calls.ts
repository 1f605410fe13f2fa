import type { Command } from '../../domain/commands/index.js';
import type { ChargingProfile, ChargingProfilePurpose } from '../../domain/smart-charging/charging-profile.js';
import type { OutboundCall } from '../commands/outbound-call.js';

/** 1.6 calls the station-wide maximum ChargePointMaxProfile. */
const purpose16 = (p: ChargingProfilePurpose): string => (p === 'ChargingStationMaxProfile' ? 'ChargePointMaxProfile' : p);

const defined = <T extends Record<string, unknown>>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * 1.6 csChargingProfiles: one schedule; a TxProfile's transactionId is the integer the platform issued
 * (none in RemoteStartTransaction, whose TxProfile is for the transaction it starts).
 */
export function csChargingProfiles(cp: ChargingProfile, transactionId: string | undefined) {
  const s = cp.schedule;
  return defined({
    chargingProfileId: cp.id,
    transactionId: cp.purpose === 'TxProfile' && transactionId !== undefined ? Number(transactionId) : undefined,
    stackLevel: cp.stackLevel,
    chargingProfilePurpose: purpose16(cp.purpose),
    chargingProfileKind: cp.kind,
    recurrencyKind: cp.recurrencyKind,
    validFrom: cp.validFrom,
    validTo: cp.validTo,
    chargingSchedule: defined({
      duration: s.duration,
      startSchedule: s.startSchedule,
      chargingRateUnit: s.rateUnit,
      chargingSchedulePeriod: s.periods.map((p) => defined({ startPeriod: p.startPeriod, limit: p.limit, numberPhases: p.numberPhases })),
      minChargingRate: s.minRate,
    }),
  });
}

/** Smart charging (1.6 Smart Charging profile): a connector n is EVSE n, connectorId 0 the charge point. */
export function v16ChargingProfileCall(c: Command): OutboundCall {
  const p = c.params;
  switch (c.kind) {
    case 'set-charging-profile':
      return { action: 'SetChargingProfile', payload: { connectorId: p.evseId ?? 0, csChargingProfiles: csChargingProfiles(p.chargingProfile!, p.transactionId ?? p.chargingProfile!.transactionId) } };
    case 'clear-charging-profile':
      return {
        action: 'ClearChargingProfile',
        payload: defined({
          id: p.chargingProfileId,
          connectorId: p.evseId,
          chargingProfilePurpose: p.chargingProfilePurpose ? purpose16(p.chargingProfilePurpose) : undefined,
          stackLevel: p.stackLevel,
        }),
      };
    default:
      return { action: 'GetCompositeSchedule', payload: defined({ connectorId: p.evseId ?? 0, duration: p.duration, chargingRateUnit: p.chargingRateUnit }) };
  }
}
