import { Decimal } from 'decimal.js';
import { AppError } from '../../shared/errors.js';
import { unitPrice, type Currency } from '../../shared/money.js';
import { TARIFF_TIERS, type IdleFee, type PricedPeriod, type TariffTier, type TariffVersion } from '../pricing/pricing.model.js';

export { TARIFF_TIERS, type IdleFee, type TariffTier, type TariffVersion } from '../pricing/pricing.model.js';

/** One part of the day: from `startsAt` (HH:MM, Asia/Shanghai) until the next period starts. */
export type TariffPeriod = PricedPeriod;

/** DC fast charging is priced apart from AC in China: a tariff may be for one kind of connector. */
export const POWER_TYPES = ['AC', 'DC'] as const;
export type PowerType = (typeof POWER_TYPES)[number];

/**
 * What an operator charges. Where it applies: the operator's default (locationId null) or one
 * location, for all its connectors or only its AC or DC ones (powerType). Its prices live in
 * versions; a change makes a new version and sessions are priced with the versions valid while
 * they charged.
 */
export interface Tariff {
  readonly id: string;
  readonly operatorId: string;
  readonly locationId: string | null;
  readonly powerType: PowerType | null;
  readonly name: string;
  readonly currency: Currency;
  /** Ascending by version (and so by validFrom); never overlapping. */
  readonly versions: readonly TariffVersion[];
}

/** What drivers are told with a location: the day's periods with their price per kWh, and the range. */
export interface TariffSummary {
  readonly tariffId: string;
  readonly currency: Currency;
  /** Energy price plus service fee, per kWh, as exact decimal strings. */
  readonly minPricePerKwh: string;
  readonly maxPricePerKwh: string;
  readonly periods: {
    readonly startsAt: string;
    readonly endsAt: string;
    readonly energyPricePerKwh: string;
    readonly serviceFeePerKwh: string;
    readonly pricePerKwh: string;
  }[];
}

export interface TariffPeriodInput {
  readonly startsAt: string;
  readonly energyPricePerKwh: string;
  readonly serviceFeePerKwh: string;
  readonly tier?: TariffTier | undefined;
}

export interface IdleFeeInput {
  readonly perMinute: string;
  readonly graceMinutes: number;
  readonly dailyCap?: string | null | undefined;
}

/** A version as the API gives it. */
export interface TariffVersionInput {
  readonly validFrom?: Date | undefined;
  readonly validTo?: Date | null | undefined;
  readonly periods: readonly TariffPeriodInput[];
  readonly idleFee?: IdleFeeInput | null | undefined;
  readonly sessionFee?: string | null | undefined;
}

/** A time of day HH:MM (the HTTP schema uses the same pattern). */
export const TIME_OF_DAY_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';
/** Up to 6 integer digits and 4 decimals, not negative: what numeric(12,4) holds. */
export const PRICE_PATTERN = '^\\d{1,6}(\\.\\d{1,4})?$';
/** An amount of money: up to 8 integer digits and 2 decimals, not negative. */
export const AMOUNT_PATTERN = '^\\d{1,8}(\\.\\d{1,2})?$';
const HHMM = new RegExp(TIME_OF_DAY_PATTERN);
const PRICE = new RegExp(PRICE_PATTERN);
const AMOUNT = new RegExp(AMOUNT_PATTERN);
const MAX_PERIODS = 48;
const MAX_GRACE_MINUTES = 24 * 60;

const invalid = (field: string, message: string): never => {
  throw new AppError('VALIDATION_FAILED', message, { field });
};

/**
 * Periods as the API gives them, checked: times of day HH:MM in increasing order, each once, the
 * first at 00:00 (so every minute of the day has a price), prices exact decimals ≥ 0 with at most
 * 4 places, tiers from the Chinese labels.
 */
export function tariffPeriods(input: readonly TariffPeriodInput[], field = 'periods'): TariffPeriod[] {
  if (input.length === 0 || input.length > MAX_PERIODS) invalid(field, `a tariff has 1–${MAX_PERIODS} periods`);
  return input.map((p, i) => {
    const at = `${field}.${i}`;
    if (!HHMM.test(p.startsAt)) invalid(`${at}.startsAt`, `startsAt ${JSON.stringify(p.startsAt)} is not a time of day HH:MM`);
    const previous = input[i - 1];
    if (previous && previous.startsAt === p.startsAt) invalid(`${at}.startsAt`, `two periods start at ${p.startsAt}`);
    if (previous && previous.startsAt > p.startsAt) invalid(`${at}.startsAt`, `periods must be in order of their start: ${p.startsAt} comes after ${previous.startsAt}`);
    if (i === 0 && p.startsAt !== '00:00') invalid(`${at}.startsAt`, 'the first period must start at 00:00');
    if (!PRICE.test(p.energyPricePerKwh)) invalid(`${at}.energyPricePerKwh`, `price ${JSON.stringify(p.energyPricePerKwh)} is not a decimal ≥ 0 with at most 4 decimals`);
    if (!PRICE.test(p.serviceFeePerKwh)) invalid(`${at}.serviceFeePerKwh`, `price ${JSON.stringify(p.serviceFeePerKwh)} is not a decimal ≥ 0 with at most 4 decimals`);
    if (p.tier !== undefined && !(TARIFF_TIERS as readonly string[]).includes(p.tier)) invalid(`${at}.tier`, `tier must be one of ${TARIFF_TIERS.join(', ')}`);
    return { startsAt: p.startsAt, energyPrice: unitPrice(p.energyPricePerKwh), serviceFee: unitPrice(p.serviceFeePerKwh), tier: p.tier ?? null };
  });
}

function idleFee(input: IdleFeeInput | null | undefined): IdleFee | null {
  if (!input) return null;
  if (!PRICE.test(input.perMinute)) invalid('idleFee.perMinute', 'perMinute is not a decimal ≥ 0 with at most 4 decimals');
  if (!Number.isInteger(input.graceMinutes) || input.graceMinutes < 0 || input.graceMinutes > MAX_GRACE_MINUTES) invalid('idleFee.graceMinutes', `graceMinutes is a whole number 0–${MAX_GRACE_MINUTES}`);
  if (input.dailyCap != null && !AMOUNT.test(input.dailyCap)) invalid('idleFee.dailyCap', 'dailyCap is an amount ≥ 0 with at most 2 decimals');
  return { perMinute: unitPrice(input.perMinute), graceMinutes: input.graceMinutes, dailyCap: input.dailyCap == null ? null : new Decimal(input.dailyCap) };
}

/** A version checked and built; validFrom defaults to `now`. */
export function tariffVersion(tariffId: string, version: number, input: TariffVersionInput, now: Date): TariffVersion {
  const validFrom = input.validFrom ?? now;
  if (input.validTo && input.validTo.getTime() <= validFrom.getTime()) invalid('validTo', 'validTo must be after validFrom');
  if (input.sessionFee != null && !PRICE.test(input.sessionFee)) invalid('sessionFee', 'sessionFee is a decimal ≥ 0 with at most 4 decimals');
  return {
    tariffId,
    version,
    validFrom,
    validTo: input.validTo ?? null,
    periods: tariffPeriods(input.periods),
    idleFee: idleFee(input.idleFee),
    sessionFee: input.sessionFee == null ? null : unitPrice(input.sessionFee),
  };
}

/**
 * A new version after the existing ones: it must start after the latest one started (versions
 * never overlap, and history is not rewritten) and not in the past (sessions already priced keep
 * their version). The latest version then ends where the new one starts, unless it ended before.
 */
export function appendVersion(existing: readonly TariffVersion[], next: TariffVersion, now: Date): { readonly ended: TariffVersion | undefined } {
  const latest = existing[existing.length - 1];
  if (!latest) return { ended: undefined };
  if (next.validFrom.getTime() <= latest.validFrom.getTime()) {
    invalid('validFrom', `version ${latest.version} is valid from ${latest.validFrom.toISOString()}: a new version must start after it (versions of a tariff never overlap)`);
  }
  // A minute of slack for clocks and round trips.
  if (next.validFrom.getTime() < now.getTime() - 60_000) invalid('validFrom', 'a new version cannot start in the past: sessions already priced keep the version they had');
  const ends = latest.validTo === null || latest.validTo.getTime() > next.validFrom.getTime();
  return { ended: ends ? { ...latest, validTo: next.validFrom } : undefined };
}

/** The latest version may be withdrawn before it takes effect; the one before is open-ended again. */
export function withdrawVersion(existing: readonly TariffVersion[], version: number, now: Date): { readonly reopened: TariffVersion | undefined } {
  const latest = existing[existing.length - 1];
  if (!latest || latest.version !== version) invalid('version', 'only the latest version can be withdrawn');
  if (latest!.validFrom.getTime() <= now.getTime()) invalid('version', 'a version that has taken effect cannot be withdrawn: publish a new one');
  if (existing.length === 1) invalid('version', 'the only version of a tariff cannot be withdrawn: delete the tariff');
  const before = existing[existing.length - 2]!;
  return { reopened: before.validTo?.getTime() === latest!.validFrom.getTime() ? { ...before, validTo: latest!.validTo } : undefined };
}

/** The version in effect at `at`; before the first, the first; after the last ended, the last. */
export function versionFor(t: Tariff, at: Date): TariffVersion {
  const ms = at.getTime();
  let chosen = t.versions[0]!;
  for (const v of t.versions) if (v.validFrom.getTime() <= ms) chosen = v;
  return chosen;
}

export function summarizeTariff(t: Tariff, at: Date): TariffSummary {
  const v = versionFor(t, at);
  const periods = v.periods.map((p, i) => ({
    startsAt: p.startsAt,
    endsAt: v.periods[i + 1]?.startsAt ?? '24:00',
    energyPricePerKwh: p.energyPrice.toFixed(4),
    serviceFeePerKwh: p.serviceFee.toFixed(4),
    total: p.energyPrice.plus(p.serviceFee),
  }));
  const totals = periods.map((p) => p.total);
  return {
    tariffId: t.id,
    currency: t.currency,
    minPricePerKwh: Decimal.min(...totals).toFixed(4),
    maxPricePerKwh: Decimal.max(...totals).toFixed(4),
    periods: periods.map(({ total, ...p }) => ({ ...p, pricePerKwh: total.toFixed(4) })),
  };
}

/**
 * The tariff that applies to a connector of `powerType` at a location (powerType null: the
 * location as a whole). Most specific wins: the location's own for that power type, the
 * location's own for all connectors, the operator's default for that power type, the operator's
 * default. Among equals the smallest id, so every node picks the same.
 */
export function tariffFor(location: { id: string; operatorId: string }, tariffs: readonly Tariff[], powerType: PowerType | null = null): Tariff | undefined {
  let best: Tariff | undefined;
  let bestRank = 0;
  for (const t of tariffs) {
    if (t.operatorId !== location.operatorId) continue;
    if (t.locationId !== null && t.locationId !== location.id) continue;
    if (t.powerType !== null && t.powerType !== powerType) continue;
    const rank = (t.locationId !== null ? 2 : 0) + (t.powerType !== null ? 1 : 0) + 1;
    if (rank > bestRank || (rank === bestRank && best !== undefined && t.id < best.id)) {
      best = t;
      bestRank = rank;
    }
  }
  return best;
}
