import type { PartnerStationQueries } from '../../domain/partners/index.js';
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

  async connectorEnergy(stationIds: readonly string[], from: Date, to: Date): Promise<{ stationId: string; evseNo: number; connectorNo: number; energyWh: number }[]> {
    if (stationIds.length === 0) return [];
    const rows = await this.sql.query<{ station_id: string; evse_no: number; connector_no: number; wh: string | number }>(
      `SELECT station_id, evse_no, connector_no, COALESCE(SUM(energy_wh), 0) AS wh FROM charging_sessions
       WHERE station_id = ANY($1::text[]) AND started_at >= $2 AND started_at < $3 AND evse_no IS NOT NULL
       GROUP BY station_id, evse_no, connector_no ORDER BY station_id, evse_no, connector_no`,
      [[...stationIds], from, to],
    );
    return rows.map((r) => ({ stationId: r.station_id, evseNo: r.evse_no, connectorNo: r.connector_no ?? 1, energyWh: Number(r.wh) }));
  }
}
