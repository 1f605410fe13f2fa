import type { Decimal } from 'decimal.js';

/** Tier labels as Chinese time-of-use tariffs print them (尖, 峰, 平, 谷, 深谷). */
export const TARIFF_TIERS = ['sharp', 'peak', 'flat', 'valley', 'deep-valley'] as const;
export type TariffTier = (typeof TARIFF_TIERS)[number];

/** One part of the day: from `startsAt` (HH:MM, Asia/Shanghai) until the next period starts. */
export interface PricedPeriod {
  readonly startsAt: string;
  /** CNY per kWh, 4 decimals: the electricity itself. */
  readonly energyPrice: Decimal;
  /** CNY per kWh, 4 decimals: the operator's service fee. */
  readonly serviceFee: Decimal;
  readonly tier: TariffTier | null;
}

/** Occupancy fee: per minute once charging has ended and the grace period has passed. */
export interface IdleFee {
  /** CNY per whole minute, 4 decimals. */
  readonly perMinute: Decimal;
  readonly graceMinutes: number;
  /** Most idle fee charged per session and calendar day (Asia/Shanghai), or null for no cap. */
  readonly dailyCap: Decimal | null;
}

/**
 * One version of a tariff, valid in [validFrom, validTo) (validTo null: until further notice).
 * Versions of one tariff never overlap.
 */
export interface TariffVersion {
  readonly tariffId: string;
  readonly version: number;
  readonly validFrom: Date;
  readonly validTo: Date | null;
  /** Sorted by startsAt; the first starts at 00:00. */
  readonly periods: readonly PricedPeriod[];
  readonly idleFee: IdleFee | null;
  /** CNY per session, or null. */
  readonly sessionFee: Decimal | null;
}

/** What pricing needs to know of a session. Energy is in whole Wh, absolute meter readings. */
export interface PricingSession {
  readonly startedAt: Date;
  /** The end (for a live cost estimate of a running session: the time of the latest reading). */
  readonly stoppedAt: Date;
  readonly meterStartWh: number;
  readonly meterStopWh: number;
  /** When charging ended and idle time began (null: at stoppedAt, i.e. no idle time). */
  readonly chargingEndedAt: Date | null;
}

/** An energy register reading (absolute, Wh) taken during the session. */
export interface EnergyReading {
  readonly at: Date;
  readonly wh: number;
}

export type CdrLineKind = 'energy' | 'idle' | 'session';

/**
 * One line of a CDR. Energy lines are split at every period boundary, midnight (Asia/Shanghai)
 * and tariff-version change; amounts are rounded half-up to 0.01 once, here.
 */
export interface CdrLine {
  readonly kind: CdrLineKind;
  readonly startsAt: Date;
  readonly endsAt: Date;
  /** Energy lines: Wh in this line; 0 for idle and session lines. */
  readonly wh: number;
  /** Idle lines: whole minutes charged; 0 otherwise. */
  readonly minutes: number;
  readonly tier: TariffTier | null;
  readonly tariffId: string;
  readonly tariffVersion: number;
  /** Energy lines: CNY per kWh (4 decimals); idle lines: CNY per minute; session lines: the fee. */
  readonly energyPrice: Decimal;
  readonly serviceFee: Decimal;
  /** Rounded to 0.01. Energy lines: electricity part; 0 otherwise. */
  readonly energyAmount: Decimal;
  /** Rounded to 0.01. Energy lines: service part; 0 otherwise. */
  readonly serviceAmount: Decimal;
  /** Rounded to 0.01. Idle lines: idle fee; session lines: session fee; energy lines: 0. */
  readonly feeAmount: Decimal;
  /** energyAmount + serviceAmount + feeAmount. */
  readonly amount: Decimal;
  /**
   * Energy lines: how the line's Wh were found: 'meter' (interpolated between the readings around
   * its boundaries) or 'time' (no readings between start and stop: split in proportion to time).
   */
  readonly splitBy: 'meter' | 'time' | null;
}

export interface CdrTotals {
  readonly energyWh: number;
  readonly energyAmount: Decimal;
  readonly serviceAmount: Decimal;
  readonly idleAmount: Decimal;
  readonly sessionFeeAmount: Decimal;
  readonly total: Decimal;
}

export type PricingResult =
  | { readonly status: 'priced'; readonly lines: readonly CdrLine[]; readonly totals: CdrTotals }
  /** No tariff version covers part of the session: never a price of 0. */
  | { readonly status: 'unpriced'; readonly reason: string; readonly lines: readonly []; readonly totals: CdrTotals };

/** Why a CDR is held for review before it may be settled. */
export const QUALITY_REASONS = [
  'METER_BACKWARDS',
  'SAMPLE_OUTSIDE_SESSION',
  'TIMESTAMP_IN_FUTURE',
  'TIMESTAMP_TOO_OLD',
  'STOP_BEFORE_START',
  'ENERGY_EXCEEDS_POWER',
  'NOT_AUTHORIZED',
] as const;
export type QualityReason = (typeof QUALITY_REASONS)[number];

export interface QualityFinding {
  readonly reason: QualityReason;
  readonly detail: string;
}
