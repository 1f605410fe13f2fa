import { Decimal } from 'decimal.js';
import type { TariffTier } from '../../domain/pricing/index.js';
import type { ReportRow, TierRow } from '../../domain/reports/index.js';
import type { Sql } from './database.js';

/** What the cities' report folds: sums of the CDRs that count, settled on days from `from` to `to` (inclusive). */
export async function cityReportRows(sql: Sql, from: string, to: string): Promise<{ rows: ReportRow[]; tiers: TierRow[] }> {
  const [rows, tiers] = await Promise.all([
    sql.query<{ city: string | null; cpo_id: string; roaming: boolean; sessions: string | number; energy_wh: string | number; revenue: string }>(
      `SELECT city, cpo_id, (provider_id <> cpo_id) AS roaming, sum(CASE kind WHEN 'credit' THEN -1 ELSE 1 END) AS sessions,
              sum(energy_wh) AS energy_wh, sum(total)::text AS revenue
       FROM cdrs WHERE status = 'priced' AND settlement_day >= $1 AND settlement_day <= $2
       GROUP BY city, cpo_id, (provider_id <> cpo_id)`,
      [from, to],
    ),
    sql.query<{ city: string | null; cpo_id: string; tier: string | null; energy_wh: string | number }>(
      `SELECT c.city, c.cpo_id, l.tier, sum(l.wh) AS energy_wh
       FROM cdrs c JOIN cdr_lines l ON l.cdr_id = c.id
       WHERE c.status = 'priced' AND c.settlement_day >= $1 AND c.settlement_day <= $2 AND l.kind = 'energy'
       GROUP BY c.city, c.cpo_id, l.tier`,
      [from, to],
    ),
  ]);
  return {
    rows: rows.map((r) => ({ city: r.city, cpoId: r.cpo_id, roaming: r.roaming, sessions: Number(r.sessions), energyWh: Number(r.energy_wh), revenue: new Decimal(r.revenue) })),
    tiers: tiers.map((t) => ({ city: t.city, cpoId: t.cpo_id, tier: (t.tier as TariffTier | null) ?? null, energyWh: Number(t.energy_wh) })),
  };
}
