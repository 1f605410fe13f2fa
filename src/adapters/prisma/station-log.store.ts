import type { StationLog, StationLogStatus, StationLogStore, UploadedFile } from '../../domain/station-logs/index.js';
import type { SqlConnection } from './database.js';

interface LogRow {
  id: string;
  station_id: string;
  command_id: string;
  request_id: number;
  status: string;
  station_status: string | null;
  file_name: string | null;
  content_type: string | null;
  size_bytes: number | null;
  requested_at: Date | string;
  uploaded_at: Date | string | null;
}

const COLUMNS = 'id, station_id, command_id, request_id, status, station_status, file_name, content_type, size_bytes, requested_at, uploaded_at';

const fromRow = (r: LogRow): StationLog => ({
  id: r.id,
  stationId: r.station_id,
  commandId: r.command_id,
  requestId: Number(r.request_id),
  status: r.status as StationLogStatus,
  stationStatus: r.station_status,
  fileName: r.file_name,
  contentType: r.content_type,
  sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
  requestedAt: new Date(r.requested_at),
  uploadedAt: r.uploaded_at === null ? null : new Date(r.uploaded_at),
});

/** Log requests and uploaded files in plain SQL (the file in a bytea column: every node serves it). */
export class SqlStationLogStore implements StationLogStore {
  constructor(private readonly sql: SqlConnection) {}

  async issue(log: { id: string; stationId: string; commandId: string; requestId: number; tokenHash: string }, at: Date): Promise<void> {
    await this.sql.query(
      `INSERT INTO station_logs (id, station_id, command_id, request_id, token_hash, requested_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (command_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, updated_at = EXCLUDED.updated_at`,
      [log.id, log.stationId, log.commandId, log.requestId, log.tokenHash, at],
    );
  }

  async expects(tokenHash: string): Promise<boolean> {
    return (await this.sql.query('SELECT 1 FROM station_logs WHERE token_hash = $1 AND content IS NULL', [tokenHash])).length === 1;
  }

  async saveUpload(tokenHash: string, file: UploadedFile, at: Date): Promise<StationLog | null> {
    const [row] = await this.sql.query<LogRow>(
      `UPDATE station_logs SET content = $2, file_name = $3, content_type = $4, size_bytes = $5, status = 'uploaded', uploaded_at = $6, updated_at = $6
       WHERE token_hash = $1 AND content IS NULL RETURNING ${COLUMNS}`,
      [tokenHash, file.content, file.fileName, file.contentType, file.content.length, at],
    );
    return row ? fromRow(row) : null;
  }

  async reportStatus(stationId: string, requestId: number | null, stationStatus: string, status: StationLogStatus | null, at: Date): Promise<void> {
    await this.sql.query(
      `UPDATE station_logs SET station_status = $3,
         status = CASE WHEN $4::text IS NULL OR status = 'uploaded' THEN status ELSE $4 END, updated_at = $5
       WHERE id = (SELECT id FROM station_logs WHERE station_id = $1 AND ($2::int IS NULL OR request_id = $2) ORDER BY requested_at DESC, id DESC LIMIT 1)`,
      [stationId, requestId, stationStatus, status, at],
    );
  }

  async list(stationId: string, limit: number): Promise<StationLog[]> {
    const rows = await this.sql.query<LogRow>(`SELECT ${COLUMNS} FROM station_logs WHERE station_id = $1 ORDER BY requested_at DESC, id DESC LIMIT $2`, [stationId, limit]);
    return rows.map(fromRow);
  }

  async content(stationId: string, logId: string): Promise<(UploadedFile & { log: StationLog }) | null> {
    const [row] = await this.sql.query<LogRow & { content: Buffer | Uint8Array | null }>(
      `SELECT ${COLUMNS}, content FROM station_logs WHERE station_id = $1 AND id = $2 AND content IS NOT NULL`,
      [stationId, logId],
    );
    if (!row?.content) return null;
    return { log: fromRow(row), fileName: row.file_name, contentType: row.content_type, content: Buffer.from(row.content) };
  }
}
