/**
 * Charging profiles in version-neutral terms (src/ocpp translates them: 1.6 csChargingProfiles with
 * ChargePointMaxProfile, 2.0.1 chargingProfile with ChargingStationMaxProfile and a list of
 * schedules), and the arithmetic between watts and amperes. No imports: commands and the load
 * balancer both use it.
 */

export const CHARGING_PROFILE_PURPOSES = ['ChargingStationMaxProfile', 'TxDefaultProfile', 'TxProfile'] as const;
export type ChargingProfilePurpose = (typeof CHARGING_PROFILE_PURPOSES)[number];

export const CHARGING_PROFILE_KINDS = ['Absolute', 'Recurring', 'Relative'] as const;
export type ChargingProfileKind = (typeof CHARGING_PROFILE_KINDS)[number];

export const CHARGING_RATE_UNITS = ['W', 'A'] as const;
export type ChargingRateUnit = (typeof CHARGING_RATE_UNITS)[number];

/** Who set a limit the station reports (2.0.1 ChargingLimitSourceEnumType), and EV for the vehicle's own maximum. */
export const CHARGING_LIMIT_SOURCES = ['EMS', 'Other', 'SO', 'CSO', 'EV'] as const;
export type ChargingLimitSource = (typeof CHARGING_LIMIT_SOURCES)[number];

export interface ChargingSchedulePeriod {
  /** Seconds from the schedule's start. */
  readonly startPeriod: number;
  /** In the schedule's unit: W, or A per phase. */
  readonly limit: number;
  readonly numberPhases?: number | undefined;
}

export interface ChargingSchedule {
  readonly rateUnit: ChargingRateUnit;
  readonly startSchedule?: string | undefined;
  /** Seconds. */
  readonly duration?: number | undefined;
  readonly minRate?: number | undefined;
  readonly periods: readonly ChargingSchedulePeriod[];
}

export interface ChargingProfile {
  readonly id: number;
  readonly stackLevel: number;
  readonly purpose: ChargingProfilePurpose;
  readonly kind: ChargingProfileKind;
  readonly recurrencyKind?: 'Daily' | 'Weekly' | undefined;
  readonly validFrom?: string | undefined;
  readonly validTo?: string | undefined;
  /** TxProfile: the transaction as the station knows it. */
  readonly transactionId?: string | undefined;
  readonly schedule: ChargingSchedule;
}

/** Phase-to-neutral voltage of the grid in China (GB/T 156): amperes per phase × 220 V × phases = watts. */
export const NOMINAL_PHASE_VOLTAGE = 220;
/** The least current an AC EV charges at (IEC 61851-1 / GB/T 18487.1): below it, it pauses. */
export const AC_MIN_CURRENT_A = 6;
/** The platform's own TxProfiles go at this stack level. */
export const PLATFORM_STACK_LEVEL = 1;

export const wattsFromAmps = (amps: number, phases: number): number => Math.floor(amps * NOMINAL_PHASE_VOLTAGE * phases);

/** Amperes per phase for at most `watts`, down to 0.1 A (what both versions' limits carry). */
export const ampsFromWatts = (watts: number, phases: number): number => Math.floor((watts * 10) / (NOMINAL_PHASE_VOLTAGE * phases)) / 10;

/** A schedule period's limit in watts (A periods: over their numberPhases, by default `phases`). */
export const periodWatts = (unit: ChargingRateUnit, p: ChargingSchedulePeriod, phases: number): number =>
  unit === 'W' ? Math.floor(p.limit) : wattsFromAmps(p.limit, p.numberPhases ?? phases);

/**
 * The lowest limit (W) a schedule imposes from `now` on: a station's external limit is respected
 * in full even before a lower period begins (the platform re-plans on events, not on the clock).
 * Null when the schedule is over or has no period left.
 */
export function lowestLimitFrom(schedule: ChargingSchedule, now: Date, phases: number): number | null {
  const start = schedule.startSchedule ? Date.parse(schedule.startSchedule) : now.getTime();
  const elapsed = (now.getTime() - start) / 1000;
  if (schedule.duration !== undefined && elapsed >= schedule.duration) return null;
  const periods = [...schedule.periods].sort((a, b) => a.startPeriod - b.startPeriod);
  // The period in force now and every later one.
  const current = periods.reduce((at, p, i) => (p.startPeriod <= elapsed ? i : at), 0);
  const ahead = periods.slice(current);
  if (ahead.length === 0) return null;
  return Math.min(...ahead.map((p) => periodWatts(schedule.rateUnit, p, phases)));
}
