import type { PricedPeriod, TariffVersion } from '../../../domain/pricing/pricing.model.js';
import { unitPrice } from '../../../shared/money.js';
import { periodStartOf, policyStartOf } from './tcec-time.js';
import type { PolicyInfo } from './tcec-objects.js';
import { DEFAULT_DECIMALS, fromWire, toWire } from './wire-numbers.js';

/** T/CEC allows at most 32 bands a day. */
export const MAX_POLICY_BANDS = 32;

/**
 * A version of our time-of-use tariff as PolicyInfos: one band per period, StartTime HHmmss in
 * Asia/Shanghai, electricity price and service fee per kWh to 4 decimals.
 */
export function policyInfosOf(version: Pick<TariffVersion, 'periods'>, pricePlaces = DEFAULT_DECIMALS.price): PolicyInfo[] {
  if (version.periods.length > MAX_POLICY_BANDS) throw new RangeError(`a T/CEC policy has at most ${MAX_POLICY_BANDS} bands; this tariff has ${version.periods.length}`);
  return version.periods.map((p) => ({
    StartTime: policyStartOf(p.startsAt),
    ElecPrice: toWire(p.energyPrice, pricePlaces),
    SevicePrice: toWire(p.serviceFee, pricePlaces),
  }));
}

/**
 * A partner's PolicyInfos as the periods of a tariff version (for re-pricing its orders): bands in
 * order, the first at 000000, at most 32. Throws a TypeError naming what is wrong.
 */
export function periodsFromPolicyInfos(infos: readonly PolicyInfo[]): PricedPeriod[] {
  if (infos.length === 0 || infos.length > MAX_POLICY_BANDS) throw new TypeError(`PolicyInfos has 1–${MAX_POLICY_BANDS} bands, not ${infos.length}`);
  const periods = infos.map((info, i) => {
    const startsAt = periodStartOf(String(info.StartTime));
    if (!startsAt) throw new TypeError(`PolicyInfos[${i}].StartTime ${JSON.stringify(info.StartTime)} is not HHmm00`);
    return {
      startsAt,
      energyPrice: unitPrice(fromWire(info.ElecPrice, `PolicyInfos[${i}].ElecPrice`)),
      serviceFee: unitPrice(fromWire(info.SevicePrice, `PolicyInfos[${i}].SevicePrice`)),
      tier: null,
    };
  });
  periods.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  if (periods[0]!.startsAt !== '00:00') throw new TypeError('PolicyInfos must have a band starting at 000000');
  if (periods.some((p, i) => i > 0 && p.startsAt === periods[i - 1]!.startsAt)) throw new TypeError('two PolicyInfos bands start at the same time');
  return periods;
}
