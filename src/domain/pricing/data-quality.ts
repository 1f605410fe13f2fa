import { Decimal } from 'decimal.js';
import { QUALITY_REASONS, type EnergyReading, type QualityFinding, type QualityReason } from './pricing.model.js';

/**
 * Why a session's data cannot be trusted as it is: each finding holds the CDR for review before
 * it may be settled. Pure; `now` is passed in. Findings come in the order of QUALITY_REASONS,
 * each reason at most once.
 */
export interface QualityInput {
  readonly startedAt: Date;
  readonly stoppedAt: Date;
  readonly meterStartWh: number | null;
  readonly meterStopWh: number | null;
  /** Every energy-register reading linked to the session, whenever it was taken. */
  readonly readings: readonly EnergyReading[];
  readonly maxPowerW: number | null;
  readonly authStatus: string | null;
  readonly now: Date;
}

/** How far outside the session a reading may lie (clock skew, the last sample just after stop). */
export const SAMPLE_SLACK_MS = 60_000;
/** How far ahead of the platform's clock a timestamp may be. */
export const FUTURE_SLACK_MS = 5 * 60_000;
/** A reading this long before the start belongs to some other session (or to a wrong clock). */
export const READING_MAX_AGE_MS = 24 * 3_600_000;
/** Stations whose clock was never set report times from before this. */
export const EARLIEST_PLAUSIBLE = new Date('2010-01-01T00:00:00.000Z');
/** Energy may exceed max power × duration by 5 % plus 10 Wh (meter resolution, rounding) before it is flagged. */
const POWER_TOLERANCE_PERCENT = 105;
const POWER_SLACK_WH = 10;
const HOUR_MS = 3_600_000;

const iso = (d: Date | number): string => new Date(d).toISOString();

export function checkQuality(input: QualityInput): QualityFinding[] {
  const found = new Map<QualityReason, string>();
  const flag = (reason: QualityReason, detail: string): void => {
    if (!found.has(reason)) found.set(reason, detail);
  };
  const start = input.startedAt.getTime();
  const stop = input.stoppedAt.getTime();
  const { meterStartWh: meterStart, meterStopWh: meterStop } = input;
  const readings = [...input.readings].sort((a, b) => a.at.getTime() - b.at.getTime() || a.wh - b.wh);

  if (stop < start) flag('STOP_BEFORE_START', `stopped at ${iso(stop)}, before it started at ${iso(start)}`);

  if (meterStart !== null && meterStop !== null && meterStop < meterStart) {
    flag('METER_BACKWARDS', `meter stop ${meterStop} Wh is below meter start ${meterStart} Wh`);
  }
  let highest: EnergyReading | undefined;
  for (const r of readings) {
    if (highest !== undefined && r.wh < highest.wh) {
      flag('METER_BACKWARDS', `reading ${r.wh} Wh at ${iso(r.at)} is below ${highest.wh} Wh read earlier at ${iso(highest.at)}`);
    }
    if (highest === undefined || r.wh > highest.wh) highest = r;
    const t = r.at.getTime();
    if (t >= start && t <= stop) {
      if (meterStart !== null && r.wh < meterStart) flag('METER_BACKWARDS', `reading ${r.wh} Wh at ${iso(r.at)} is below meter start ${meterStart} Wh`);
      if (meterStop !== null && r.wh > meterStop) flag('METER_BACKWARDS', `reading ${r.wh} Wh at ${iso(r.at)} is above meter stop ${meterStop} Wh`);
    }
  }

  for (const r of readings) {
    const t = r.at.getTime();
    if (t < start - SAMPLE_SLACK_MS || t > stop + SAMPLE_SLACK_MS) {
      flag('SAMPLE_OUTSIDE_SESSION', `reading at ${iso(t)} lies outside the session ${iso(start)} – ${iso(stop)}`);
      break;
    }
  }

  const latest = input.now.getTime() + FUTURE_SLACK_MS;
  const future = [
    { what: 'start', t: start },
    { what: 'stop', t: stop },
    ...readings.map((r) => ({ what: 'reading', t: r.at.getTime() })),
  ].find((x) => x.t > latest);
  if (future !== undefined) flag('TIMESTAMP_IN_FUTURE', `${future.what} at ${iso(future.t)} is later than now (${iso(input.now)}) + 5 min`);

  if (start < EARLIEST_PLAUSIBLE.getTime()) flag('TIMESTAMP_TOO_OLD', `started at ${iso(start)}, before ${iso(EARLIEST_PLAUSIBLE)}: the station's clock is not set`);
  const stale = readings.find((r) => r.at.getTime() < start - READING_MAX_AGE_MS);
  if (stale !== undefined) flag('TIMESTAMP_TOO_OLD', `reading at ${iso(stale.at)} is more than 24 h before the start ${iso(start)}`);

  if (input.maxPowerW !== null && meterStart !== null && meterStop !== null) {
    // energy > maxPowerW × duration_h × 1.05 + 10, compared in integers scaled by 100 × 1 h in ms: no float at the edge.
    const energy = new Decimal(meterStop).minus(meterStart);
    const durationMs = Math.max(0, stop - start);
    const scaledEnergy = energy.times(HOUR_MS * 100);
    const scaledLimit = new Decimal(input.maxPowerW).times(durationMs).times(POWER_TOLERANCE_PERCENT).plus(POWER_SLACK_WH * HOUR_MS * 100);
    if (scaledEnergy.greaterThan(scaledLimit)) {
      const limitWh = scaledLimit.dividedBy(HOUR_MS * 100).toDecimalPlaces(0, Decimal.ROUND_DOWN);
      const hours = new Decimal(durationMs).dividedBy(HOUR_MS).toDecimalPlaces(3, Decimal.ROUND_HALF_UP);
      flag('ENERGY_EXCEEDS_POWER', `${energy.toString()} Wh in ${hours.toString()} h is more than ${input.maxPowerW} W allows (${limitWh.toString()} Wh)`);
    }
  }

  if (input.authStatus !== null && input.authStatus !== 'Accepted') flag('NOT_AUTHORIZED', `authorization status is ${input.authStatus}, not Accepted`);

  return QUALITY_REASONS.flatMap((reason) => {
    const detail = found.get(reason);
    return detail === undefined ? [] : [{ reason, detail }];
  });
}
