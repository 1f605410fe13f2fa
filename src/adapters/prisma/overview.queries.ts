import { Decimal } from 'decimal.js';
import type { OverviewSource, OverviewStation, RevenueRow, SessionFigureRow } from '../../domain/overview/index.js';
import type { Sql } from './database.js';

/** The overview's sums in SQL: one grouped query each, scoped to one operator's stations when asked. */
export class SqlOverviewSource implements OverviewSource {
  constructor(private readonly sql: Sql) {}

  async stations(visibleTo: string | undefined): Promise<OverviewStation[]> {
    const rows = await this.sql.query<{ id: string; operator_id: string; city: string | null; connectors: string | number }>(
      `SELECT s.id, s.operator_id, l.city, (SELECT count(*) FROM connectors c WHERE c.station_id = s.id AND c.retired_at IS NULL) AS connectors
       FROM stations s LEFT JOIN locations l ON l.id = s.location_id
       WHERE $1::text IS NULL OR s.operator_id = $1`,
      [visibleTo ?? null],
    );
    return rows.map((r) => ({ stationId: r.id, operatorId: r.operator_id, city: r.city, connectors: Number(r.connectors) }));
  }

  async sessions(from: Date, to: Date, visibleTo: string | undefined): Promise<SessionFigureRow[]> {
    // Sessions started or ended in the window, or running now: each counted where it belongs.
    const rows = await this.sql.query<{ city: string | null; operator_id: string; started: string | number; active: string | number; energy_wh: string | number | null }>(
      `SELECT l.city, cs.operator_id,
              count(*) FILTER (WHERE cs.started_at >= $1 AND cs.started_at < $2) AS started,
              count(*) FILTER (WHERE cs.status = 'ACTIVE') AS active,
              coalesce(sum(cs.energy_wh) FILTER (WHERE cs.stopped_at >= $1 AND cs.stopped_at < $2), 0) AS energy_wh
       FROM charging_sessions cs
       JOIN stations s ON s.id = cs.station_id
       LEFT JOIN locations l ON l.id = s.location_id
       WHERE (cs.status = 'ACTIVE' OR (cs.started_at >= $1 AND cs.started_at < $2) OR (cs.stopped_at >= $1 AND cs.stopped_at < $2))
         AND ($3::text IS NULL OR cs.operator_id = $3)
       GROUP BY l.city, cs.operator_id`,
      [from, to, visibleTo ?? null],
    );
    return rows.map((r) => ({ city: r.city, operatorId: r.operator_id, started: Number(r.started), active: Number(r.active), energyWh: Number(r.energy_wh ?? 0) }));
  }

  async revenue(fromDay: string, toDay: string, visibleTo: string | undefined): Promise<RevenueRow[]> {
    // The same CDRs as the cities' report (priced; credits cancel their originals).
    const rows = await this.sql.query<{ city: string | null; cpo_id: string; roaming: boolean; energy_wh: string | number; revenue: string }>(
      `SELECT city, cpo_id, (provider_id <> cpo_id) AS roaming, sum(energy_wh) AS energy_wh, sum(total)::text AS revenue
       FROM cdrs
       WHERE status = 'priced' AND settlement_day >= $1 AND settlement_day <= $2 AND ($3::text IS NULL OR cpo_id = $3)
       GROUP BY city, cpo_id, (provider_id <> cpo_id)`,
      [fromDay, toDay, visibleTo ?? null],
    );
    return rows.map((r) => ({ city: r.city, operatorId: r.cpo_id, roaming: r.roaming, energyWh: Number(r.energy_wh), revenue: new Decimal(r.revenue) }));
  }
}
