import type { Command } from '../../domain/commands/index.js';
import type { ChargingProfile } from '../../domain/smart-charging/charging-profile.js';
import type { OutboundCall } from '../commands/outbound-call.js';

const defined = <T extends Record<string, unknown>>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * 2.0.1 ChargingProfileType: a list of schedules (we send one, its id the profile's). No transactionId
 * in RequestStartTransaction, whose TxProfile is for the transaction it starts.
 */
export function chargingProfile201(cp: ChargingProfile, transactionId: string | undefined) {
  const s = cp.schedule;
  return defined({
    id: cp.id,
    stackLevel: cp.stackLevel,
    chargingProfilePurpose: cp.purpose,
    chargingProfileKind: cp.kind,
    recurrencyKind: cp.recurrencyKind,
    validFrom: cp.validFrom,
    validTo: cp.validTo,
    transactionId: cp.purpose === 'TxProfile' ? transactionId : undefined,
    chargingSchedule: [
      defined({
        id: cp.id,
        startSchedule: s.startSchedule,
        duration: s.duration,
        chargingRateUnit: s.rateUnit,
        chargingSchedulePeriod: s.periods.map((p) => defined({ startPeriod: p.startPeriod, limit: p.limit, numberPhases: p.numberPhases })),
        minChargingRate: s.minRate,
      }),
    ],
  });
}

/** Smart charging (2.0.1 block K). */
export function v201ChargingProfileCall(c: Command): OutboundCall {
  const p = c.params;
  switch (c.kind) {
    case 'set-charging-profile':
      return { action: 'SetChargingProfile', payload: { evseId: p.evseId ?? 0, chargingProfile: chargingProfile201(p.chargingProfile!, p.transactionId ?? p.chargingProfile!.transactionId) } };
    case 'clear-charging-profile': {
      const criteria = defined({ evseId: p.evseId, chargingProfilePurpose: p.chargingProfilePurpose, stackLevel: p.stackLevel });
      return { action: 'ClearChargingProfile', payload: defined({ chargingProfileId: p.chargingProfileId, chargingProfileCriteria: Object.keys(criteria).length > 0 ? criteria : undefined }) };
    }
    default:
      return { action: 'GetCompositeSchedule', payload: defined({ duration: p.duration, chargingRateUnit: p.chargingRateUnit, evseId: p.evseId ?? 0 }) };
  }
}
