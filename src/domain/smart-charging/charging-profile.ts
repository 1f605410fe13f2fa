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

/** What is wrong with a profile an operator sends (the schema checks types; this, the rules between fields). */
export function chargingProfileProblem(p: ChargingProfile, evseId: number): { field: string; message: string } | null {
  const periods = p.schedule.periods;
  if (periods.length === 0) return { field: 'chargingProfile.schedule.periods', message: 'a schedule needs at least one period' };
  if (periods[0]!.startPeriod !== 0) return { field: 'chargingProfile.schedule.periods', message: 'the first period starts at 0' };
  if (periods.some((x, i) => i > 0 && x.startPeriod <= periods[i - 1]!.startPeriod)) {
    return { field: 'chargingProfile.schedule.periods', message: 'periods start in increasing order' };
  }
  const tenths = (x: number) => Math.abs(Math.round(x * 10) - x * 10) < 1e-6;
  if (!periods.every((x) => tenths(x.limit)) || (p.schedule.minRate !== undefined && !tenths(p.schedule.minRate))) {
    return { field: 'chargingProfile.schedule.periods', message: 'limits go in steps of 0.1' };
  }
  if (p.purpose === 'TxProfile' && evseId === 0) return { field: 'evseId', message: 'a TxProfile is for one EVSE (evseId > 0)' };
  if (p.purpose === 'ChargingStationMaxProfile' && evseId !== 0) return { field: 'evseId', message: 'a ChargingStationMaxProfile is for the whole station (evseId 0)' };
  if (p.kind === 'Recurring' && (!p.recurrencyKind || !p.schedule.startSchedule)) {
    return { field: 'chargingProfile.recurrencyKind', message: 'a Recurring profile needs recurrencyKind and schedule.startSchedule' };
  }
  if (p.kind === 'Absolute' && !p.schedule.startSchedule) return { field: 'chargingProfile.schedule.startSchedule', message: 'an Absolute profile needs startSchedule' };
  if (p.validFrom && p.validTo && Date.parse(p.validFrom) >= Date.parse(p.validTo)) return { field: 'chargingProfile.validTo', message: 'validTo must be after validFrom' };
  return null;
}

/** What an EV tells of itself (ISO 15118 via 2.0.1 NotifyEVChargingNeeds), in neutral terms. */
export interface EvChargingNeeds {
  readonly dc?: { readonly maxPowerW?: number | undefined; readonly maxCurrentA: number; readonly maxVoltageV: number } | undefined;
  readonly ac?: { readonly maxCurrentA: number; readonly phases: number } | undefined;
}

/** The most the EV takes (W): DC its maximum power, or current × voltage; AC current per phase × 220 V × phases. */
export function evMaxPowerW(needs: EvChargingNeeds): number | null {
  if (needs.dc) return Math.floor(needs.dc.maxPowerW ?? needs.dc.maxCurrentA * needs.dc.maxVoltageV);
  if (needs.ac) return wattsFromAmps(needs.ac.maxCurrentA, needs.ac.phases);
  return null;
}
