import type { ChargingSchedule } from '../../domain/smart-charging/charging-profile.js';
import type { Params } from '../context.js';

/** A 2.0.1 ChargingScheduleType in the platform's terms. */
export const scheduleFrom201 = (s: Params): ChargingSchedule => ({
  rateUnit: s.chargingRateUnit,
  startSchedule: s.startSchedule,
  duration: s.duration,
  minRate: s.minChargingRate,
  periods: (s.chargingSchedulePeriod as Params[]).map((p) => ({ startPeriod: p.startPeriod, limit: p.limit, numberPhases: p.numberPhases })),
});
