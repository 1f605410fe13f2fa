import { Decimal } from 'decimal.js';
import { TARIFF_TIERS, type TariffTier } from '../pricing/pricing.model.js';

/** Sums of CDRs of one (city, operator), split by whether another operator's customers charged. */
export interface ReportRow {
  readonly city: string | null;
  readonly cpoId: string;
  /** The paying provider is not the station's operator. */
  readonly roaming: boolean;
  readonly sessions: number;
  readonly energyWh: number;
  readonly revenue: Decimal;
}

/** Energy of (city, operator) in one tariff tier (null: periods without a tier label). */
export interface TierRow {
  readonly city: string | null;
  readonly cpoId: string;
  readonly tier: TariffTier | null;
  readonly energyWh: number;
}

export interface ReportFigures {
  readonly sessions: number;
  readonly energyKwh: string;
  readonly revenue: string;
  /** Charged by other operators' customers. */
  readonly roamingSessions: number;
  readonly roamingEnergyKwh: string;
  readonly roamingRevenue: string;
  /** roaming kWh ÷ kWh, 4 decimals (null without energy). */
  readonly roamingEnergyShare: string | null;
  readonly energyKwhByTier: Record<TariffTier | 'untiered', string>;
  /** (valley + deep-valley) kWh ÷ kWh, 4 decimals: the national vehicle-grid pilots' measure. */
  readonly valleyShare: string | null;
}

export interface CityReport {
  readonly totals: ReportFigures;
  readonly cities: (ReportFigures & { readonly city: string; readonly operators: (ReportFigures & { readonly operatorId: string })[] })[];
}

interface Acc {
  sessions: number;
  wh: number;
  revenue: Decimal;
  roamingSessions: number;
  roamingWh: number;
  roamingRevenue: Decimal;
  tiers: Map<TariffTier | 'untiered', number>;
}

const acc = (): Acc => ({ sessions: 0, wh: 0, revenue: new Decimal(0), roamingSessions: 0, roamingWh: 0, roamingRevenue: new Decimal(0), tiers: new Map() });
const kwh = (wh: number): string => new Decimal(wh).div(1000).toFixed(3);
const share = (part: number, whole: number): string | null => (whole === 0 ? null : new Decimal(part).div(whole).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4));

function figures(a: Acc): ReportFigures {
  const byTier = Object.fromEntries([...TARIFF_TIERS, 'untiered' as const].map((t) => [t, kwh(a.tiers.get(t) ?? 0)])) as ReportFigures['energyKwhByTier'];
  const valleyWh = (a.tiers.get('valley') ?? 0) + (a.tiers.get('deep-valley') ?? 0);
  return {
    sessions: a.sessions,
    energyKwh: kwh(a.wh),
    revenue: a.revenue.toFixed(2),
    roamingSessions: a.roamingSessions,
    roamingEnergyKwh: kwh(a.roamingWh),
    roamingRevenue: a.roamingRevenue.toFixed(2),
    roamingEnergyShare: share(a.roamingWh, a.wh),
    energyKwhByTier: byTier,
    valleyShare: share(valleyWh, a.wh),
  };
}

/** The three cities' view: per city and per operator, and in all (cities and operators by name). */
export function cityReport(rows: readonly ReportRow[], tiers: readonly TierRow[]): CityReport {
  const total = acc();
  const cities = new Map<string, { acc: Acc; operators: Map<string, Acc> }>();
  const at = (city: string | null, cpoId: string): Acc[] => {
    const name = city ?? 'unknown';
    let c = cities.get(name);
    if (!c) cities.set(name, (c = { acc: acc(), operators: new Map() }));
    let o = c.operators.get(cpoId);
    if (!o) c.operators.set(cpoId, (o = acc()));
    return [total, c.acc, o];
  };
  for (const r of rows) {
    for (const a of at(r.city, r.cpoId)) {
      a.sessions += r.sessions;
      a.wh += r.energyWh;
      a.revenue = a.revenue.plus(r.revenue);
      if (r.roaming) {
        a.roamingSessions += r.sessions;
        a.roamingWh += r.energyWh;
        a.roamingRevenue = a.roamingRevenue.plus(r.revenue);
      }
    }
  }
  for (const t of tiers) for (const a of at(t.city, t.cpoId)) a.tiers.set(t.tier ?? 'untiered', (a.tiers.get(t.tier ?? 'untiered') ?? 0) + t.energyWh);
  return {
    totals: figures(total),
    cities: [...cities]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([city, c]) => ({
        city,
        ...figures(c.acc),
        operators: [...c.operators].sort(([a], [b]) => (a < b ? -1 : 1)).map(([operatorId, o]) => ({ operatorId, ...figures(o) })),
      })),
  };
}

/** Where the report's sums come from (the store). */
export interface ReportSource {
  cityRows(from: string, to: string): Promise<{ rows: ReportRow[]; tiers: TierRow[] }>;
}
