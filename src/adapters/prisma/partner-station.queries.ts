import type { PartnerStationQueries } from '../../domain/partners/index.js';
import { energyWithin } from '../../domain/sessions/index.js';
import type { SqlConnection } from './database.js';

/** Read-only queries for roaming partners' questions about our stations, in plain SQL. */
export class SqlPartnerStationQueries implements PartnerStationQueries {
  constructor(private readonly sql: SqlConnection) {}

  async locationsChangedSince(operatorIds: readonly string[], since: Date): Promise<Set<string>> {
    const rows = await this.sql.query<{ id: string }>(
      `SELECT l.id FROM locations l
       WHERE l.operator_id = ANY($1::text[]) AND (
         l.updated_at >= $2
         OR EXISTS (SELECT 1 FROM stations s WHERE s.location_id = l.id AND s.updated_at >= $2)
         OR EXISTS (SELECT 1 FROM tariffs t WHERE t.operator_id = l.operator_id AND (t.location_id = l.id OR t.location_id IS NULL) AND t.updated_at >= $2))`,
      [[...operatorIds], since],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Energy delivered within [from, to) per connector: sessions overlapping the period, each
   * counted by energyWithin (meter readings where the store has them, else pro-rated by time).
   * Only sessions crossing a boundary need their register samples.
   */
  async connectorEnergy(stationIds: readonly string[], from: Date, to: Date): Promise<{ stationId: string; evseNo: number; connectorNo: number; energyWh: number }[]> {
    if (stationIds.length === 0) return [];
    const sessions = await this.sql.query<SessionRow>(
      `SELECT id, station_id, evse_no, connector_no, started_at, stopped_at, meter_start_wh, meter_stop_wh, energy_wh FROM charging_sessions
       WHERE station_id = ANY($1::text[]) AND evse_no IS NOT NULL AND started_at < $3 AND (stopped_at IS NULL OR stopped_at > $2)`,
      [[...stationIds], from, to],
    );
    const crossing = sessions.filter((r) => new Date(r.started_at) < from || r.stopped_at === null || new Date(r.stopped_at) > to).map((r) => r.id);
    const readings = new Map<string, { at: Date; wh: number }[]>();
    if (crossing.length > 0) {
      const samples = await this.sql.query<{ session_id: string; sampled_at: Date | string; value: string | number }>(
        `SELECT session_id, sampled_at, value FROM meter_samples
         WHERE session_id = ANY($1::text[]) AND measurand = 'Energy.Active.Import.Register' AND phase = '' AND unit = 'Wh'`,
        [crossing],
      );
      for (const m of samples) readings.set(m.session_id, [...(readings.get(m.session_id) ?? []), { at: new Date(m.sampled_at), wh: Number(m.value) }]);
    }
    const sums = new Map<string, { stationId: string; evseNo: number; connectorNo: number; energyWh: number }>();
    for (const r of sessions) {
      const num = (v: string | number | null) => (v === null ? null : Number(v));
      const wh = energyWithin(
        { startedAt: new Date(r.started_at), stoppedAt: r.stopped_at === null ? null : new Date(r.stopped_at), meterStartWh: num(r.meter_start_wh), meterStopWh: num(r.meter_stop_wh), energyWh: num(r.energy_wh), readings: readings.get(r.id) ?? [] },
        from,
        to,
      );
      // A session from before the period that delivered nothing in it (one left open, say) is no row.
      if (wh === 0 && new Date(r.started_at) < from) continue;
      const connectorNo = r.connector_no ?? 1;
      const key = `${r.station_id}|${r.evse_no}|${connectorNo}`;
      const sum = sums.get(key) ?? { stationId: r.station_id, evseNo: r.evse_no, connectorNo, energyWh: 0 };
      sums.set(key, { ...sum, energyWh: sum.energyWh + wh });
    }
    return [...sums.values()].sort((a, b) => a.stationId.localeCompare(b.stationId) || a.evseNo - b.evseNo || a.connectorNo - b.connectorNo);
  }
}

interface SessionRow {
  id: string;
  station_id: string;
  evse_no: number;
  connector_no: number | null;
  started_at: Date | string;
  stopped_at: Date | string | null;
  meter_start_wh: string | number | null;
  meter_stop_wh: string | number | null;
  energy_wh: string | number | null;
}
