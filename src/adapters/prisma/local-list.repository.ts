import type { ListPlace, LocalListEntry, LocalListRepository, LocalListState, LocalListUpdateType } from '../../domain/local-lists/index.js';
import type { SqlConnection } from './database.js';

interface StateRow {
  station_id: string;
  enabled: boolean;
  version: number;
  entries: LocalListEntry[] | string;
  pending_version: number | null;
  pending_update_type: string | null;
  pending_entries: LocalListEntry[] | string | null;
  pending_command_id: string | null;
  full_requested: boolean;
  last_error: string | null;
  synced_at: Date | string | null;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

const state = (r: StateRow): LocalListState => ({
  stationId: r.station_id,
  enabled: r.enabled,
  version: Number(r.version),
  entries: json(r.entries),
  pending:
    r.pending_command_id !== null && r.pending_version !== null
      ? { version: Number(r.pending_version), updateType: r.pending_update_type as LocalListUpdateType, entriesAfter: json(r.pending_entries ?? '[]'), commandId: r.pending_command_id }
      : null,
  fullRequested: r.full_requested,
  lastError: r.last_error,
  syncedAt: r.synced_at === null ? null : new Date(r.synced_at),
});

/** Local lists in SQL; the wanted list is one query over tokens and agreements per operator and city. */
export class SqlLocalListRepository implements LocalListRepository {
  constructor(private readonly sql: SqlConnection) {}

  async place(stationId: string): Promise<ListPlace | null> {
    const [r] = await this.sql.query<{ id: string; operator_id: string; city: string | null }>(
      'SELECT s.id, s.operator_id, l.city FROM stations s LEFT JOIN locations l ON l.id = s.location_id WHERE s.id = $1',
      [stationId],
    );
    return r ? { stationId: r.id, operatorId: r.operator_id, city: r.city } : null;
  }

  async state(stationId: string): Promise<LocalListState | null> {
    const [r] = await this.sql.query<StateRow>('SELECT * FROM station_local_lists WHERE station_id = $1', [stationId]);
    return r ? state(r) : null;
  }

  async pendingFor(commandId: string): Promise<LocalListState | null> {
    const [r] = await this.sql.query<StateRow>('SELECT * FROM station_local_lists WHERE pending_command_id = $1', [commandId]);
    return r ? state(r) : null;
  }

  async setEnabled(stationId: string, enabled: boolean, at: Date): Promise<void> {
    // Enabled again after a pause: the station's list is not known for sure, so a full update follows.
    await this.sql.query(
      `INSERT INTO station_local_lists (station_id, enabled, full_requested, updated_at) VALUES ($1, $2, true, $3)
       ON CONFLICT (station_id) DO UPDATE SET enabled = $2, full_requested = station_local_lists.full_requested OR ($2 AND NOT station_local_lists.enabled), updated_at = $3`,
      [stationId, enabled, at],
    );
  }

  async requestFull(stationId: string, at: Date): Promise<void> {
    await this.sql.query('UPDATE station_local_lists SET full_requested = true, updated_at = $2 WHERE station_id = $1', [stationId, at]);
  }

  async managed(): Promise<{ place: ListPlace; state: LocalListState }[]> {
    const rows = await this.sql.query<StateRow & { operator_id: string; city: string | null }>(
      `SELECT ll.*, s.operator_id, l.city FROM station_local_lists ll JOIN stations s ON s.id = ll.station_id LEFT JOIN locations l ON l.id = s.location_id
       WHERE ll.enabled ORDER BY ll.station_id`,
    );
    return rows.map((r) => ({ place: { stationId: r.station_id, operatorId: r.operator_id, city: r.city }, state: state(r) }));
  }

  async wanted(operatorId: string, city: string | null, at: Date): Promise<LocalListEntry[]> {
    const rows = await this.sql.query<{ uid: string; type: string; status: string; expires_at: Date | string | null; group_id: string | null }>(
      `SELECT t.uid, t.type, t.status, t.expires_at, t.group_id FROM id_tokens t
       WHERE t.operator_id = $1
          OR EXISTS (SELECT 1 FROM agreements a
                     WHERE a.provider_id = t.operator_id AND a.operator_id = $1 AND a.valid_from <= $3 AND (a.valid_to IS NULL OR $3 < a.valid_to)
                       AND (cardinality(a.cities) = 0 OR $2::text = ANY(a.cities)))
       ORDER BY t.uid`,
      [operatorId, city, at],
    );
    return rows.map((r) => {
      const expiresAt = r.expires_at === null ? undefined : new Date(r.expires_at);
      const status = r.status === 'Accepted' && expiresAt && expiresAt <= at ? 'Expired' : r.status;
      return { idToken: r.uid, type: r.type, status, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}), ...(r.group_id ? { groupId: r.group_id } : {}) };
    });
  }

  async markSent(stationId: string, u: { version: number; updateType: LocalListUpdateType; entriesAfter: readonly LocalListEntry[]; commandId: string }, at: Date): Promise<void> {
    await this.sql.query(
      `UPDATE station_local_lists SET pending_version = $2, pending_update_type = $3, pending_entries = $4::jsonb, pending_command_id = $5, full_requested = false, updated_at = $6
       WHERE station_id = $1`,
      [stationId, u.version, u.updateType, JSON.stringify(u.entriesAfter), u.commandId, at],
    );
  }

  async answered(commandId: string, accepted: boolean, error: string | null, at: Date): Promise<string | null> {
    const rows = await this.sql.query<{ station_id: string }>(
      accepted
        ? `UPDATE station_local_lists SET version = pending_version, entries = pending_entries, pending_version = NULL, pending_update_type = NULL,
             pending_entries = NULL, pending_command_id = NULL, last_error = NULL, synced_at = $2, updated_at = $2
           WHERE pending_command_id = $1 RETURNING station_id`
        : `UPDATE station_local_lists SET pending_version = NULL, pending_update_type = NULL, pending_entries = NULL, pending_command_id = NULL,
             full_requested = true, last_error = $3, updated_at = $2
           WHERE pending_command_id = $1 RETURNING station_id`,
      accepted ? [commandId, at] : [commandId, at, error],
    );
    return rows[0]?.station_id ?? null;
  }
}
