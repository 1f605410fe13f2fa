import type { Command, CommandKind, CommandOutcome, CommandParams, CommandRepository, CommandStatus, CommandTargets, NewCommand } from '../../domain/commands/index.js';
import type { SqlConnection } from './database.js';
import type { AfterCommit } from './outbox.writer.js';

interface CommandRow {
  id: string;
  station_id: string;
  kind: string;
  params: CommandParams | string;
  status: string;
  remote_start_id: number;
  requested_by: string;
  response: unknown;
  error: string | null;
  session_id: string | null;
  created_at: Date | string;
  expires_at: Date | string;
  sent_at: Date | string | null;
  completed_at: Date | string | null;
}

const COLUMNS = 'id, station_id, kind, params, status, remote_start_id, requested_by, response, error, session_id, created_at, expires_at, sent_at, completed_at';
const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

function fromRow(r: CommandRow): Command {
  return {
    id: r.id,
    stationId: r.station_id,
    kind: r.kind as CommandKind,
    params: json(r.params),
    status: r.status as CommandStatus,
    remoteStartId: Number(r.remote_start_id),
    requestedBy: r.requested_by,
    response: r.response === null || r.response === undefined ? null : json(r.response),
    error: r.error,
    sessionId: r.session_id,
    createdAt: new Date(r.created_at),
    expiresAt: new Date(r.expires_at),
    sentAt: date(r.sent_at),
    completedAt: date(r.completed_at),
  };
}

/** Appended to a CTE `done` of finished commands: their command.answered events. */
const ANSWERED_EVENTS = `INSERT INTO outbox_events (kind, event_key, subject, payload, occurred_at)
  SELECT 'command.answered', 'command.answered:' || id, id,
         jsonb_build_object('commandId', id, 'stationId', station_id, 'kind', kind, 'status', status), completed_at
  FROM done ON CONFLICT (event_key) DO NOTHING`;

/** Commands in plain SQL; claimNext hands each pending command to exactly one sender. */
export class SqlCommandRepository implements CommandRepository, CommandTargets {
  constructor(
    private readonly sql: SqlConnection,
    private readonly afterCommit: AfterCommit = async () => {},
  ) {}

  async create(c: NewCommand): Promise<Command> {
    const [row] = await this.sql.query<CommandRow>(
      `INSERT INTO commands (id, station_id, kind, params, requested_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [c.id, c.stationId, c.kind, JSON.stringify(c.params), c.requestedBy, c.expiresAt],
    );
    return fromRow(row!);
  }

  async get(id: string): Promise<Command | null> {
    const [row] = await this.sql.query<CommandRow>(`SELECT ${COLUMNS} FROM commands WHERE id = $1`, [id]);
    return row ? fromRow(row) : null;
  }

  async claimNext(stationId: string, now: Date, kinds?: readonly CommandKind[]): Promise<Command | null> {
    const [row] = await this.sql.query<CommandRow>(
      `UPDATE commands SET status = 'sent', sent_at = $2, updated_at = $2
       WHERE id = (SELECT id FROM commands WHERE station_id = $1 AND status = 'pending' AND expires_at > $2 AND ($3::text[] IS NULL OR kind = ANY($3))
                   ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [stationId, now, kinds ? [...kinds] : null],
    );
    return row ? fromRow(row) : null;
  }

  /**
   * The answer, and in the same statement its command.answered event and, for a key rotation,
   * what the answer means for the station's key (only the key this command sent is touched).
   */
  async complete(id: string, outcome: CommandOutcome, at: Date): Promise<void> {
    const stationKey = 'stationKey' in outcome ? (outcome.stationKey ?? null) : null;
    await this.sql.query(
      `WITH done AS (
         UPDATE commands SET status = $2, response = $3, error = $4, completed_at = $5, updated_at = $5 WHERE id = $1 AND status = 'sent'
         RETURNING id, station_id, kind, status, completed_at),
       key_effect AS (
         UPDATE stations s SET
           password_hash = CASE WHEN $6::text = 'promote' THEN s.pending_password_hash ELSE s.password_hash END,
           pending_password_hash = NULL, pending_password_command_id = NULL, updated_at = $5
         FROM done WHERE $6::text IS NOT NULL AND done.kind = 'rotate-password' AND s.id = done.station_id AND s.pending_password_command_id = done.id)
       ${ANSWERED_EVENTS}`,
      [id, outcome.status, outcome.response === undefined ? null : JSON.stringify(outcome.response), 'error' in outcome ? outcome.error : null, at, stationKey],
    );
    // Whoever reads the answer next sees what follows from it (a reservation made or ended).
    await this.afterCommit();
  }

  async expire(now: Date): Promise<number> {
    const rows = await this.sql.query(
      `WITH done AS (
         UPDATE commands SET status = 'timed-out', error = CASE WHEN status = 'pending' THEN 'the station did not connect before the command expired' ELSE 'no answer before the command expired' END,
           completed_at = $1, updated_at = $1
         WHERE status IN ('pending', 'sent') AND expires_at <= $1 RETURNING id, station_id, kind, status, completed_at)
       ${ANSWERED_EVENTS}
       RETURNING subject`,
      [now],
    );
    return rows.length;
  }

  async stationsAwaitingStart(stationIds: readonly string[]): Promise<ReadonlySet<string>> {
    if (stationIds.length === 0) return new Set();
    const rows = await this.sql.query<{ station_id: string }>(
      `SELECT DISTINCT station_id FROM commands
       WHERE station_id = ANY($1::text[]) AND kind = 'start' AND status IN ('pending', 'sent', 'accepted') AND session_id IS NULL
         AND created_at > now() - interval '1 hour'`,
      [[...stationIds]],
    );
    return new Set(rows.map((r) => r.station_id));
  }

  async linkSession(match: { stationId: string; remoteStartId?: number | undefined; evseId?: number | undefined; idToken?: string | undefined }, sessionId: string): Promise<void> {
    if (match.remoteStartId !== undefined) {
      await this.sql.query(`UPDATE commands SET session_id = $3, updated_at = now() WHERE remote_start_id = $1 AND station_id = $2 AND kind = 'start' AND session_id IS NULL`, [match.remoteStartId, match.stationId, sessionId]);
      return;
    }
    if (match.idToken === undefined) return;
    // 1.6 has no remoteStartId: the newest accepted remote start of this token (and EVSE) without a session.
    await this.sql.query(
      `UPDATE commands SET session_id = $4, updated_at = now() WHERE id = (
         SELECT id FROM commands WHERE station_id = $1 AND kind = 'start' AND status = 'accepted' AND session_id IS NULL
           AND params->>'idToken' = $2 AND ($3::int IS NULL OR params->>'evseId' IS NULL OR (params->>'evseId')::int = $3)
           AND created_at > now() - interval '1 hour'
         ORDER BY seq DESC LIMIT 1)`,
      [match.stationId, match.idToken, match.evseId ?? null, sessionId],
    );
  }

  async station(stationId: string): Promise<{ operatorId: string; city: string | null; evses: ReadonlyMap<number, readonly number[]> } | null> {
    const rows = await this.sql.query<{ operator_id: string; city: string | null; evse_no: number | null; connector_no: number | null }>(
      `SELECT s.operator_id, l.city, c.evse_no, c.connector_no FROM stations s
       LEFT JOIN locations l ON l.id = s.location_id LEFT JOIN connectors c ON c.station_id = s.id AND c.retired_at IS NULL WHERE s.id = $1`,
      [stationId],
    );
    if (rows.length === 0) return null;
    const evses = new Map<number, number[]>();
    for (const r of rows) if (r.evse_no !== null && r.connector_no !== null) evses.set(r.evse_no, [...(evses.get(r.evse_no) ?? []), r.connector_no]);
    return { operatorId: rows[0]!.operator_id, city: rows[0]!.city, evses };
  }

  async activeSession(sessionId: string): Promise<{ stationId: string; transactionId: string; idToken: string | null; evseNo: number | null } | null> {
    const [row] = await this.sql.query<{ station_id: string; transaction_id: string; id_token: string | null; evse_no: number | null }>(
      `SELECT station_id, transaction_id, id_token, evse_no FROM charging_sessions WHERE id = $1 AND status = 'ACTIVE'`,
      [sessionId],
    );
    return row ? { stationId: row.station_id, transactionId: row.transaction_id, idToken: row.id_token, evseNo: row.evse_no } : null;
  }

  async itemsPerMessage(stationId: string, instance: string): Promise<number | null> {
    const [row] = await this.sql.query<{ value: string | null }>(
      `SELECT value FROM station_variables WHERE station_id = $1 AND component = 'DeviceDataCtrlr' AND variable = 'ItemsPerMessage' AND variable_instance = $2 AND attribute_type = 'Actual'`,
      [stationId, instance],
    );
    const n = Number(row?.value);
    return Number.isInteger(n) && n > 0 ? n : null;
  }

  async token(uid: string): Promise<{ operatorId: string; type: string; groupId: string | null } | null> {
    const [row] = await this.sql.query<{ operator_id: string; type: string; group_id: string | null }>('SELECT operator_id, type, group_id FROM id_tokens WHERE uid = $1', [uid]);
    return row ? { operatorId: row.operator_id, type: row.type, groupId: row.group_id } : null;
  }
}
