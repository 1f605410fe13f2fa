import { Decimal } from 'decimal.js';
import { AppError } from '../../shared/errors.js';
import { unitPrice, type Currency } from '../../shared/money.js';

/** One part of the day: from `startsAt` (HH:MM, Asia/Shanghai) until the next period starts. */
export interface TariffPeriod {
  readonly startsAt: string;
  /** CNY per kWh, 4 decimals: the electricity itself. */
  readonly energyPrice: Decimal;
  /** CNY per kWh, 4 decimals: the operator's service fee (charged on top in China). */
  readonly serviceFee: Decimal;
}

/** What an operator charges; a location's own tariff wins over the operator's default (locationId null). */
export interface Tariff {
  readonly id: string;
  readonly operatorId: string;
  readonly locationId: string | null;
  readonly name: string;
  readonly currency: Currency;
  /** Sorted by startsAt; the first starts at 00:00. */
  readonly periods: readonly TariffPeriod[];
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
}

/** A time of day HH:MM (the HTTP schema uses the same pattern). */
export const TIME_OF_DAY_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';
/** Up to 6 integer digits and 4 decimals, not negative: what numeric(12,4) holds. */
export const PRICE_PATTERN = '^\\d{1,6}(\\.\\d{1,4})?$';
const HHMM = new RegExp(TIME_OF_DAY_PATTERN);
const PRICE = new RegExp(PRICE_PATTERN);
const MAX_PERIODS = 48;

/**
 * Periods as the API gives them, checked and put in order: times of day HH:MM, each once, the
 * first at 00:00 (so every minute of the day has a price), prices exact decimals ≥ 0.
 */
export function tariffPeriods(input: readonly TariffPeriodInput[]): TariffPeriod[] {
  const fail = (message: string): never => {
    throw new AppError('VALIDATION_FAILED', message, { field: 'periods' });
  };
  if (input.length === 0 || input.length > MAX_PERIODS) fail(`a tariff has 1–${MAX_PERIODS} periods`);
  const seen = new Set<string>();
  const periods = input.map((p) => {
    if (!HHMM.test(p.startsAt)) fail(`startsAt ${JSON.stringify(p.startsAt)} is not a time of day HH:MM`);
    if (seen.has(p.startsAt)) fail(`two periods start at ${p.startsAt}`);
    seen.add(p.startsAt);
    for (const v of [p.energyPricePerKwh, p.serviceFeePerKwh]) if (!PRICE.test(v)) fail(`price ${JSON.stringify(v)} is not a decimal ≥ 0 with at most 4 decimals`);
    return { startsAt: p.startsAt, energyPrice: unitPrice(p.energyPricePerKwh), serviceFee: unitPrice(p.serviceFeePerKwh) };
  });
  periods.sort((a, b) => (a.startsAt < b.startsAt ? -1 : 1));
  if (periods[0]?.startsAt !== '00:00') fail('the first period must start at 00:00');
  return periods;
}

export function summarizeTariff(t: Tariff): TariffSummary {
  const periods = t.periods.map((p, i) => ({
    startsAt: p.startsAt,
    endsAt: t.periods[i + 1]?.startsAt ?? '24:00',
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
 * The tariff that applies at a location: its own, else its operator's default; where several
 * could apply, the smallest id (so every node picks the same one).
 */
export function tariffFor(location: { id: string; operatorId: string }, tariffs: readonly Tariff[]): Tariff | undefined {
  let own: Tariff | undefined;
  let fallback: Tariff | undefined;
  for (const t of tariffs) {
    if (t.locationId === location.id) {
      if (!own || t.id < own.id) own = t;
    } else if (t.locationId === null && t.operatorId === location.operatorId) {
      if (!fallback || t.id < fallback.id) fallback = t;
    }
  }
  return own ?? fallback;
}
