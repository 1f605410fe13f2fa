import { Decimal } from 'decimal.js';
import { minutesOf, shanghaiMidnight, shanghaiMinuteOfDay } from '../../shared/shanghai-time.js';
import type { CdrLine, CdrTotals, EnergyReading, PricedPeriod, PricingResult, PricingSession, TariffVersion } from './pricing.model.js';

/**
 * The price of a charging session (CNY): a pure function of the tariff's versions, the session
 * and its energy readings. Energy lines are cut at every local (Asia/Shanghai, fixed UTC+8) period
 * start, local midnight and tariff-version change inside the session; each line's Wh come from
 * the meter curve (or from time when there is no reading inside the session) and sum exactly to
 * the session's energy. Every amount is decimal.js, rounded half-up to 0.01 once per line.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const ZERO = new Decimal(0);
const round2 = (d: Decimal): Decimal => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const iso = (ms: number): string => new Date(ms).toISOString();

const covers = (v: TariffVersion, t: number): boolean =>
  v.validFrom.getTime() <= t && (v.validTo === null || t < v.validTo.getTime());

function versionAtMs(versions: readonly TariffVersion[], t: number): TariffVersion | undefined {
  let found: TariffVersion | undefined;
  for (const v of versions) {
    if (!covers(v, t)) continue;
    // Versions never overlap; should they, the newest wins, so the answer does not depend on order.
    if (
      found === undefined ||
      v.validFrom.getTime() > found.validFrom.getTime() ||
      (v.validFrom.getTime() === found.validFrom.getTime() && v.version > found.version)
    ) {
      found = v;
    }
  }
  return found;
}

/** The version valid at `at` (validFrom ≤ at < validTo), if any. */
export const versionAt = (versions: readonly TariffVersion[], at: Date): TariffVersion | undefined => versionAtMs(versions, at.getTime());

/** A version's periods by minute of the day; `starts` always holds 0 (local midnight cuts a line too). */
interface PeriodTable {
  readonly source: readonly PricedPeriod[];
  readonly minutes: readonly number[];
  readonly periods: readonly PricedPeriod[];
  readonly starts: readonly number[];
}

/** Versions are immutable values: their tables are kept while the version object lives. */
const tableCache = new WeakMap<TariffVersion, PeriodTable>();

function periodTable(v: TariffVersion): PeriodTable {
  const cached = tableCache.get(v);
  if (cached !== undefined && cached.source === v.periods) return cached;
  const pairs = v.periods.map((p) => ({ m: minutesOf(p.startsAt), p })).sort((a, b) => a.m - b.m);
  const minutes = pairs.map((x) => x.m);
  const starts = minutes[0] === 0 ? minutes : [0, ...minutes];
  const table = { source: v.periods, minutes, periods: pairs.map((x) => x.p), starts };
  tableCache.set(v, table);
  return table;
}

/** The period holding minute-of-day `m`: the last to start at or before it (before the first: the day's last). */
function periodAtMinute(t: PeriodTable, m: number): PricedPeriod {
  let i = t.minutes.length - 1;
  while (i > 0 && (t.minutes[i] as number) > m) i--;
  if ((t.minutes[i] as number) > m) i = t.minutes.length - 1;
  return t.periods[i] as PricedPeriod;
}

/** The first part of [s, e] (closed) that no version covers, as a reason; undefined when all is covered. */
function uncovered(versions: readonly TariffVersion[], s: number, e: number): string | undefined {
  let t = s;
  for (;;) {
    const v = versionAtMs(versions, t);
    if (v === undefined) {
      let next = Infinity;
      for (const w of versions) {
        const from = w.validFrom.getTime();
        if (from > t && from < next) next = from;
      }
      const to = Math.min(next, e);
      return to > t ? `no tariff version valid from ${iso(t)} to ${iso(to)}` : `no tariff version valid at ${iso(t)}`;
    }
    if (v.validTo === null || v.validTo.getTime() > e) return undefined;
    t = v.validTo.getTime();
  }
}

const zeroTotals = (energyWh: number): CdrTotals => ({
  energyWh,
  energyAmount: ZERO,
  serviceAmount: ZERO,
  idleAmount: ZERO,
  sessionFeeAmount: ZERO,
  total: ZERO,
});

const unpriced = (reason: string, energyWh: number): PricingResult => ({ status: 'unpriced', reason, lines: [], totals: zeroTotals(energyWh) });

/** round_half_up(w0 + (w1 − w0)·(b − t0)/(t1 − t0)) in exact integers (ms × Wh exceeds 2^53). */
function interpolate(t0: number, w0: number, t1: number, w1: number, b: number): number {
  const dw = BigInt(w1 - w0);
  const dt = BigInt(t1 - t0);
  return w0 + Number((2n * dw * BigInt(b - t0) + dt) / (2n * dt));
}

export function price(versions: readonly TariffVersion[], session: PricingSession, readings: readonly EnergyReading[]): PricingResult {
  const s = session.startedAt.getTime();
  const e = Math.max(s, session.stoppedAt.getTime()); // a stop before the start: zero-length at the start
  const startWh = Math.round(session.meterStartWh);
  const stopWh = Math.max(startWh, Math.round(session.meterStopWh));
  const totalWh = stopWh - startWh;

  if (versions.length === 0) return unpriced(`no tariff version valid from ${iso(s)} to ${iso(e)} (the tariff has no versions)`, totalWh);
  const gap = uncovered(versions, s, e);
  if (gap !== undefined) return unpriced(gap, totalWh);

  // Segments: [s, e] cut at every version change, then at each local day's period starts of the version valid then.
  const cuts: number[] = [];
  for (const v of versions) {
    const from = v.validFrom.getTime();
    if (from > s && from < e) cuts.push(from);
    if (v.validTo !== null) {
      const to = v.validTo.getTime();
      if (to > s && to < e) cuts.push(to);
    }
  }
  cuts.sort((x, y) => x - y);
  const ends = cuts.filter((c, i) => i === 0 || c !== cuts[i - 1]);
  ends.push(e); // each end lies after the previous; for a zero-length session the one segment is [s, s]

  const segStart: number[] = [];
  const segVersion: TariffVersion[] = [];
  const segPeriod: PricedPeriod[] = [];
  let a = s;
  for (const z of ends) {
    const v = versionAtMs(versions, a) as TariffVersion; // covered: checked above
    if (v.periods.length === 0) return unpriced(`tariff ${v.tariffId} version ${v.version} has no periods`, totalWh);
    const table = periodTable(v);
    segStart.push(a);
    segVersion.push(v);
    segPeriod.push(periodAtMinute(table, shanghaiMinuteOfDay(new Date(a))));
    for (let midnight = shanghaiMidnight(new Date(a)).getTime(); midnight < z; midnight += DAY_MS) {
      for (const m of table.starts) {
        const b = midnight + m * MINUTE_MS;
        if (b <= a) continue;
        if (b >= z) break;
        segStart.push(b);
        segVersion.push(v);
        segPeriod.push(periodAtMinute(table, m));
      }
    }
    a = z;
  }

  // The energy curve: readings strictly inside (others are data quality's business), clamped into
  // [startWh, stopWh] and made non-decreasing; two at one instant count as the higher.
  const inside: { t: number; wh: number }[] = [];
  for (const r of readings) {
    const t = r.at.getTime();
    if (t > s && t < e && Number.isFinite(r.wh)) inside.push({ t, wh: Math.min(stopWh, Math.max(startWh, Math.round(r.wh))) });
  }
  inside.sort((x, y) => x.t - y.t || x.wh - y.wh);
  const ct: number[] = [s];
  const cw: number[] = [startWh];
  for (const p of inside) {
    const last = ct.length - 1;
    const wh = Math.max(cw[last] as number, p.wh);
    if (p.t === ct[last]) cw[last] = wh;
    else {
      ct.push(p.t);
      cw.push(wh);
    }
  }
  ct.push(e);
  cw.push(stopWh);
  const splitBy = inside.length > 0 ? 'meter' : 'time';

  const lines: CdrLine[] = [];
  let energyAmount = ZERO;
  let serviceAmount = ZERO;
  let k = 0;
  let prevWh = startWh;
  let energyWh = 0;
  const n = segStart.length;
  for (let i = 0; i < n; i++) {
    const from = segStart[i] as number;
    const to = i + 1 < n ? (segStart[i + 1] as number) : e;
    let endWh: number;
    if (i + 1 === n) endWh = stopWh;
    else {
      while ((ct[k + 1] as number) <= to) k++;
      endWh = ct[k] === to ? (cw[k] as number) : interpolate(ct[k] as number, cw[k] as number, ct[k + 1] as number, cw[k + 1] as number, to);
    }
    const wh = endWh - prevWh;
    prevWh = endWh;
    if (wh <= 0) continue;
    energyWh += wh;
    const p = segPeriod[i] as PricedPeriod;
    const v = segVersion[i] as TariffVersion;
    const kwh = new Decimal(wh).dividedBy(1000); // exact
    const eAmount = round2(p.energyPrice.times(kwh));
    const sAmount = round2(p.serviceFee.times(kwh));
    energyAmount = energyAmount.plus(eAmount);
    serviceAmount = serviceAmount.plus(sAmount);
    lines.push({
      kind: 'energy',
      startsAt: new Date(from),
      endsAt: new Date(to),
      wh,
      minutes: 0,
      tier: p.tier,
      tariffId: v.tariffId,
      tariffVersion: v.version,
      energyPrice: p.energyPrice,
      serviceFee: p.serviceFee,
      energyAmount: eAmount,
      serviceAmount: sAmount,
      feeAmount: ZERO,
      amount: eAmount.plus(sAmount),
      splitBy,
    });
  }

  // Idle fee: whole minutes from the end of charging plus grace, counted per local day, each day capped.
  let idleAmount = ZERO;
  const endedRaw = session.chargingEndedAt === null ? e : session.chargingEndedAt.getTime();
  const ended = Math.max(s, endedRaw);
  const idleVersion = ended <= e ? versionAtMs(versions, ended) : undefined;
  const idle = idleVersion?.idleFee ?? null;
  if (idleVersion !== undefined && idle !== null) {
    const begin = ended + idle.graceMinutes * MINUTE_MS;
    const minutes = begin < e ? Math.floor((e - begin) / MINUTE_MS) : 0;
    const cap = idle.dailyCap === null ? null : round2(idle.dailyCap);
    let m = 0;
    while (m < minutes) {
      const first = begin + m * MINUTE_MS;
      const nextMidnight = shanghaiMidnight(new Date(first)).getTime() + DAY_MS;
      const end = Math.min(minutes, Math.ceil((nextMidnight - begin) / MINUTE_MS));
      const count = end - m;
      const charged = round2(idle.perMinute.times(count));
      const fee = cap !== null && charged.greaterThan(cap) ? cap : charged;
      idleAmount = idleAmount.plus(fee);
      lines.push({
        kind: 'idle',
        startsAt: new Date(first),
        endsAt: new Date(begin + end * MINUTE_MS),
        wh: 0,
        minutes: count,
        tier: null,
        tariffId: idleVersion.tariffId,
        tariffVersion: idleVersion.version,
        energyPrice: idle.perMinute,
        serviceFee: ZERO,
        energyAmount: ZERO,
        serviceAmount: ZERO,
        feeAmount: fee,
        amount: fee,
        splitBy: null,
      });
      m = end;
    }
  }

  // Session fee: the version valid at the start.
  let sessionFeeAmount = ZERO;
  const first = versionAtMs(versions, s) as TariffVersion;
  if (first.sessionFee !== null && first.sessionFee.greaterThan(0)) {
    sessionFeeAmount = round2(first.sessionFee);
    lines.push({
      kind: 'session',
      startsAt: new Date(s),
      endsAt: new Date(s),
      wh: 0,
      minutes: 0,
      tier: null,
      tariffId: first.tariffId,
      tariffVersion: first.version,
      energyPrice: first.sessionFee,
      serviceFee: ZERO,
      energyAmount: ZERO,
      serviceAmount: ZERO,
      feeAmount: sessionFeeAmount,
      amount: sessionFeeAmount,
      splitBy: null,
    });
  }

  return {
    status: 'priced',
    lines,
    totals: {
      energyWh,
      energyAmount,
      serviceAmount,
      idleAmount,
      sessionFeeAmount,
      total: energyAmount.plus(serviceAmount).plus(idleAmount).plus(sessionFeeAmount),
    },
  };
}
