import { connectorKey, evseKey } from '../../shared/ids.js';
import type { Sql } from './database.js';
import type { BulkWriter } from './group-commit.js';

/** One connector status change, as the bulk writer stores it. */
export interface StatusRow {
  stationId: string;
  evseNo: number;
  connectorNo: number;
  status: string;
  /** null for a status derived by us (e.g. from a 2.0.1 chargingState): keeps the station's last word. */
  ocppStatus: string | null;
  errorCode: string | null;
  info: string | null;
  occurredAt: Date;
  /** false: live status only, no history row. */
  history: boolean;
}

/**
 * Writes a whole batch of status changes in three statements: history rows, missing EVSEs, and
 * the connectors' live status. Within a batch the newest report per connector wins (the station's
 * later message wins a tie), and a replayed older report never overwrites a newer stored one.
 */
export const writeStatusRows: BulkWriter<StatusRow> = { singleStatement: false, write: writeStatuses };

async function writeStatuses(tx: Sql, rows: readonly StatusRow[]): Promise<void> {
  const history = rows.filter((r) => r.history && r.ocppStatus !== null);
  if (history.length > 0) {
    await tx.query(
    `INSERT INTO connector_status_history (station_id, evse_no, connector_no, status, ocpp_status, error_code, info, occurred_at)
       SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
       ON CONFLICT DO NOTHING`,
    [history.map((r) => r.stationId),
      history.map((r) => r.evseNo),
      history.map((r) => r.connectorNo),
      history.map((r) => r.status),
      history.map((r) => r.ocppStatus),
      history.map((r) => r.errorCode),
      history.map((r) => r.info),
      history.map((r) => r.occurredAt.toISOString())],
  );
  }
  // EVSE 0 / connector 0 is the station itself: history only.
  const latest = new Map<string, StatusRow>();
  for (const r of rows) {
    if (r.evseNo <= 0 || r.connectorNo <= 0) continue;
    const key = connectorKey(r.stationId, r.evseNo, r.connectorNo);
    const seen = latest.get(key);
    if (!seen || seen.occurredAt.getTime() <= r.occurredAt.getTime()) latest.set(key, r);
  }
  if (latest.size === 0) return;
  const live = [...latest.entries()];
  await tx.query(
    `INSERT INTO evses (id, station_id, evse_no)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
     ON CONFLICT DO NOTHING`,
    [live.map(([, r]) => evseKey(r.stationId, r.evseNo)),
    live.map(([, r]) => r.stationId),
    live.map(([, r]) => r.evseNo)],
  );
  // The connectors' stored status (newest report wins), and in the same statement a
  // connector.status event for each one whose status changed (not for the same status again: a
  // 2.0.1 station repeats its chargingState with every meter value), plus catalog.changed for a
  // connector seen for the first time (drivers' answers on every node must show it at once).
  // `before` reads the rows as they were: every part of one statement sees the same snapshot.
  await tx.query(
    `WITH before AS (SELECT id, status FROM connectors WHERE id = ANY($1::text[])),
     up AS (
       INSERT INTO connectors (id, evse_id, station_id, evse_no, connector_no, status, ocpp_status, error_code, status_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
       ON CONFLICT (id) DO UPDATE SET
         status = EXCLUDED.status,
         ocpp_status = COALESCE(EXCLUDED.ocpp_status, connectors.ocpp_status),
         error_code = CASE WHEN EXCLUDED.ocpp_status IS NULL THEN connectors.error_code ELSE EXCLUDED.error_code END,
         status_at = EXCLUDED.status_at
       WHERE connectors.status_at IS NULL OR connectors.status_at <= EXCLUDED.status_at
       RETURNING id, station_id, evse_no, connector_no, status, ocpp_status, status_at, (xmax = 0) AS inserted),
     changed AS (SELECT up.* FROM up LEFT JOIN before b ON b.id = up.id WHERE b.id IS NULL OR b.status IS DISTINCT FROM up.status)
     INSERT INTO outbox_events (kind, event_key, subject, payload, occurred_at)
     SELECT 'connector.status', 'connector.status:' || id || ':' || status || ':' || status_at::text, station_id,
            jsonb_build_object('stationId', station_id, 'evseNo', evse_no, 'connectorNo', connector_no, 'status', status,
              'ocppStatus', ocpp_status, 'at', to_char(status_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
            status_at
     FROM changed
     UNION ALL
     SELECT 'catalog.changed', 'catalog.changed:connector:' || id || ':' || status_at::text, station_id,
            jsonb_build_object('entity', 'connector', 'id', id), status_at
     FROM up WHERE inserted
     ON CONFLICT (event_key) DO NOTHING`,
    [live.map(([k]) => k),
    live.map(([, r]) => evseKey(r.stationId, r.evseNo)),
    live.map(([, r]) => r.stationId),
    live.map(([, r]) => r.evseNo),
    live.map(([, r]) => r.connectorNo),
    live.map(([, r]) => r.status),
    live.map(([, r]) => r.ocppStatus),
    live.map(([, r]) => r.errorCode),
    live.map(([, r]) => r.occurredAt.toISOString())],
  );
}
