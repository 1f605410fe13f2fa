import type { StationEventQueries, StationEventView } from '../../domain/stations/index.js';
import type { SqlConnection } from './database.js';

/** The station_events table, read newest first by id (ids only grow). */
export class SqlStationEventQueries implements StationEventQueries {
  constructor(private readonly sql: SqlConnection) {}

  async list(stationId: string, filter: { kind?: string | undefined; before?: string | undefined; limit: number }): Promise<StationEventView[]> {
    const before = filter.before !== undefined && /^\d{1,19}$/.test(filter.before) ? filter.before : null;
    const rows = await this.sql.query<{ id: string | number; kind: string; payload: unknown; occurred_at: Date | string; received_at: Date | string }>(
      `SELECT id, kind, payload, occurred_at, received_at FROM station_events
       WHERE station_id = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::bigint IS NULL OR id < $3)
       ORDER BY id DESC LIMIT $4`,
      [stationId, filter.kind ?? null, before, filter.limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      kind: r.kind,
      payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as unknown) : r.payload,
      occurredAt: new Date(r.occurred_at).toISOString(),
      receivedAt: new Date(r.received_at).toISOString(),
    }));
  }
}
