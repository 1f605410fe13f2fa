import type {
  ChargingSession,
  MeterSample,
  SessionChange,
  SessionRepository,
  Start16Input,
  TxEventMeta,
} from '../../domain/sessions/index.js';
import type { Sql, SqlConnection } from './database.js';
import { sessionStarted } from '../../domain/sessions/index.js';
import type { BulkWriter, GroupCommit } from './group-commit.js';
import { writeEventsInBatch } from './outbox.writer.js';
import { sampleRows, sessionFromSql, type SessionSqlRow } from './session.mapper.js';

const CACHE_LIMIT = 200_000;

const SESSION_COLUMNS = `id, station_id, operator_id, ocpp_version, transaction_id, evse_no, connector_no, id_token, auth_status,
  status, started_at, stopped_at, meter_start_wh, meter_stop_wh, energy_wh, stop_reason, last_seq_no, offline, provider_id, agreement_id`;

/**
 * Sessions on the hot path, in plain SQL inside the group commit: a 1.6 start is one statement,
 * a 2.0.1 TransactionEvent two, meter values one INSERT per batch for all stations.
 */
export class SqlSessionRepository implements SessionRepository {
  /** (station, transactionId) → session id; sessions never change ids, so the cache cannot go stale. */
  #ids = new Map<string, string>();
  /** Last committed state of active sessions whose station talks to this node. */
  #state = new Map<string, ChargingSession>();

  constructor(
    private readonly sql: SqlConnection,
    private readonly gc: GroupCommit,
  ) {}

  start16(input: Start16Input): Promise<{ session: ChargingSession; ocppTxNo: number; created: boolean }> {
    return this.gc.run(async (tx) => {
      // The sequence hands out the 1.6 transactionId; a replay finds the row by its start key.
      const inserted = await tx.query<SessionSqlRow & { ocpp_tx_no: number }>(
        `INSERT INTO charging_sessions (id, ocpp_tx_no, transaction_id, start_key, station_id, operator_id, ocpp_version,
           evse_no, connector_no, id_token, auth_status, status, started_at, meter_start_wh, provider_id, agreement_id, updated_at)
         SELECT $1, n.v, n.v::text, $2, $3, $4, '1.6', $5, 1, $6, $7, 'ACTIVE', $8, $9, $10, $11, now()
         FROM (SELECT nextval('charging_sessions_ocpp_tx_no_seq')::int AS v) n
         ON CONFLICT (start_key) DO NOTHING
         RETURNING ocpp_tx_no, ${SESSION_COLUMNS}`,
        [input.id, input.startKey, input.stationId, input.operatorId, input.connectorNo, input.idToken, input.authStatus, input.startedAt, input.meterStartWh, input.providerId, input.agreementId],
      );
      const row =
        inserted[0] ??
        (await tx.query<SessionSqlRow & { ocpp_tx_no: number }>(`SELECT ocpp_tx_no, ${SESSION_COLUMNS} FROM charging_sessions WHERE start_key = $1`, [input.startKey]))[0];
      if (!row) throw new Error(`session with start key ${input.startKey} vanished`);
      const session = sessionFromSql(row);
      if (inserted.length > 0) tx.bulk(writeEventsInBatch, [sessionStarted(session, { reservationId: input.reservationId })]);
      this.#remember(session.stationId, session.transactionId, session.id);
      return { session, ocppTxNo: Number(row.ocpp_tx_no), created: inserted.length > 0 };
    });
  }

  async update(
    stationId: string,
    transactionId: string,
    decide: (current: ChargingSession | null, duplicate: boolean) => SessionChange,
    event?: TxEventMeta,
  ): Promise<ChargingSession | null> {
    const key = `${stationId}\u0000${transactionId}`;
    const fast = event ? await this.#noOpEvent(key, stationId, decide, event) : undefined;
    if (fast) return fast;
    const saved = await this.gc.run(async (tx) => {
      const [row] = await tx.query<SessionSqlRow & { seen: boolean }>(
        `SELECT ${SESSION_COLUMNS.replace(/(\w+)/g, 's.$1')}, (e.seq_no IS NOT NULL) AS seen
         FROM charging_sessions s
         LEFT JOIN transaction_events e ON e.session_id = s.id AND e.seq_no = $3
         WHERE s.station_id = $1 AND s.transaction_id = $2
         FOR UPDATE OF s`,
        [stationId, transactionId, event?.seqNo ?? null],
      );
      const current = row ? sessionFromSql(row) : null;
      const change = decide(current, row?.seen === true);
      if (change.kind === 'none') return current;
      const s = change.session;
      if (current && event && sameExceptSeqNo(current, s)) tx.bulk(writeEventRows, [{ sessionId: s.id, ...event }]);
      else await saveSession(tx, s, event);
      if (change.samples.length > 0) tx.bulk(writeSampleRows, sampleRows(stationId, s.evseNo ?? 0, s.id, change.samples));
      if (change.events.length > 0) tx.bulk(writeEventsInBatch, change.events);
      return s;
    });
    // Only committed state is cached.
    if (saved) {
      this.#remember(stationId, transactionId, saved.id);
      this.#rememberState(key, saved);
    }
    return saved;
  }

  /**
   * Most 2.0.1 events are periodic Updated events that add nothing to the session. Decided on the
   * last committed state this node saw, they need no read: their event row and meter values join
   * the batch's bulk INSERTs. Sound even if that state is stale: a session only gains information
   * (fields go from unknown to known, ACTIVE to COMPLETED, the start only moves earlier), so an
   * event that adds nothing to an older state adds nothing to a newer one; anything else takes the
   * locked path. Replays are harmless: both INSERTs skip rows they already have.
   */
  async #noOpEvent(
    key: string,
    stationId: string,
    decide: (current: ChargingSession | null, duplicate: boolean) => SessionChange,
    event: TxEventMeta,
  ): Promise<ChargingSession | undefined> {
    const cached = this.#state.get(key);
    if (!cached) return undefined;
    const change = decide(cached, false);
    if (change.kind !== 'save' || change.events.length > 0 || !sameExceptSeqNo(cached, change.session)) return undefined;
    await this.gc.run(async (tx) => {
      tx.bulk(writeEventRows, [{ sessionId: cached.id, ...event }]);
      if (change.samples.length > 0) tx.bulk(writeSampleRows, sampleRows(stationId, cached.evseNo ?? 0, cached.id, change.samples));
    });
    return cached;
  }

  #rememberState(key: string, s: ChargingSession): void {
    if (s.status === 'COMPLETED') {
      this.#state.delete(key);
      return;
    }
    if (this.#state.size >= CACHE_LIMIT) this.#state.clear();
    this.#state.set(key, s);
  }

  async stale(before: Date, limit: number): Promise<{ stationId: string; transactionId: string; lastActivityAt: Date; lastRegisterWh: number | null }[]> {
    const rows = await this.sql.query<{ station_id: string; transaction_id: string; last_at: Date | string; wh: string | null }>(
      `SELECT s.station_id, s.transaction_id, a.last_at, r.value::text AS wh
       FROM charging_sessions s
       CROSS JOIN LATERAL (SELECT GREATEST(s.started_at,
           (SELECT max(occurred_at) FROM transaction_events WHERE session_id = s.id),
           (SELECT max(sampled_at) FROM meter_samples WHERE session_id = s.id)) AS last_at) a
       LEFT JOIN LATERAL (SELECT value FROM meter_samples WHERE session_id = s.id AND measurand = 'Energy.Active.Import.Register' AND phase = '' AND unit = 'Wh'
                          ORDER BY sampled_at DESC LIMIT 1) r ON true
       WHERE s.status = 'ACTIVE' AND a.last_at < $1
       ORDER BY a.last_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => ({ stationId: r.station_id, transactionId: r.transaction_id, lastActivityAt: new Date(r.last_at), lastRegisterWh: r.wh === null ? null : Math.round(Number(r.wh)) }));
  }

  /** The hot path (MeterValues): rows from many stations are merged into one INSERT per batch. */
  async addSamples(stationId: string, evseNo: number, transactionId: string | null, samples: readonly MeterSample[]): Promise<void> {
    // The session was committed before the station learnt its transactionId, so a plain read finds it.
    const sessionId = transactionId === null ? null : await this.#sessionId(stationId, transactionId);
    await this.gc.bulk(writeSampleRows, sampleRows(stationId, evseNo, sessionId, samples));
  }

  async #sessionId(stationId: string, transactionId: string): Promise<string | null> {
    const key = `${stationId}\u0000${transactionId}`;
    const cached = this.#ids.get(key);
    if (cached) return cached;
    const [row] = await this.sql.query<{ id: string }>('SELECT id FROM charging_sessions WHERE station_id = $1 AND transaction_id = $2', [stationId, transactionId]);
    if (row) this.#remember(stationId, transactionId, row.id);
    return row?.id ?? null;
  }

  #remember(stationId: string, transactionId: string, id: string): void {
    if (this.#ids.size >= CACHE_LIMIT) this.#ids.clear();
    this.#ids.set(`${stationId}\u0000${transactionId}`, id);
  }
}

/**
 * Most 2.0.1 events (periodic Updated) change nothing on the session but its last seqNo: then only
 * the event row is written, and last_seq_no keeps the highest seqNo that changed the session.
 */
function sameExceptSeqNo(a: ChargingSession, b: ChargingSession): boolean {
  return (Object.keys(a) as (keyof ChargingSession)[]).every(
    (k) => k === 'lastSeqNo' || (a[k] instanceof Date ? (a[k] as Date).getTime() === (b[k] as Date | null)?.getTime() : a[k] === b[k]),
  );
}

type EventRow = TxEventMeta & { sessionId: string };

/** Transaction event rows of a whole batch in one INSERT; a replayed (session, seqNo) is skipped. */
const writeEventRows: BulkWriter<EventRow> = {
  singleStatement: true,
  async write(tx, rows) {
    await tx.query(
      `INSERT INTO transaction_events (session_id, seq_no, event_type, trigger_reason, occurred_at, offline, charging_state)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::timestamptz[], $6::boolean[], $7::text[])
       ON CONFLICT DO NOTHING`,
      [
        rows.map((r) => r.sessionId),
        rows.map((r) => r.seqNo),
        rows.map((r) => r.eventType),
        rows.map((r) => r.triggerReason),
        rows.map((r) => r.occurredAt.toISOString()),
        rows.map((r) => r.offline),
        rows.map((r) => r.chargingState ?? null),
      ],
    );
  },
};

/** Insert or update the session and, in the same statement, record the 2.0.1 event. */
async function saveSession(tx: Sql, s: ChargingSession, event: TxEventMeta | undefined): Promise<void> {
  const params: unknown[] = [
    s.id, s.stationId, s.operatorId, s.ocppVersion, s.transactionId, s.evseNo, s.connectorNo, s.idToken, s.authStatus, s.status,
    s.startedAt, s.stoppedAt, s.meterStartWh, s.meterStopWh, s.energyWh, s.stopReason, s.lastSeqNo, s.offline, s.providerId, s.agreementId,
  ];
  const upsert = `INSERT INTO charging_sessions (${SESSION_COLUMNS}, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, now())
    ON CONFLICT (id) DO UPDATE SET
      evse_no = EXCLUDED.evse_no, connector_no = EXCLUDED.connector_no, id_token = EXCLUDED.id_token,
      auth_status = EXCLUDED.auth_status, status = EXCLUDED.status, started_at = EXCLUDED.started_at,
      stopped_at = EXCLUDED.stopped_at, meter_start_wh = EXCLUDED.meter_start_wh, meter_stop_wh = EXCLUDED.meter_stop_wh,
      energy_wh = EXCLUDED.energy_wh, stop_reason = EXCLUDED.stop_reason, last_seq_no = EXCLUDED.last_seq_no,
      offline = EXCLUDED.offline, provider_id = EXCLUDED.provider_id, agreement_id = EXCLUDED.agreement_id, updated_at = now()
    RETURNING id`;
  if (!event) {
    await tx.query(upsert, params);
    return;
  }
  await tx.query(
    `WITH saved AS (${upsert})
     INSERT INTO transaction_events (session_id, seq_no, event_type, trigger_reason, occurred_at, offline, charging_state)
     SELECT id, $21, $22, $23, $24, $25, $26 FROM saved
     ON CONFLICT DO NOTHING`,
    [...params, event.seqNo, event.eventType, event.triggerReason, event.occurredAt, event.offline, event.chargingState ?? null],
  );
}

type SampleRow = ReturnType<typeof sampleRows>[number];

/** One INSERT for any number of rows (arrays + unnest keep it a single, fixed-shape statement). */
const writeSampleRows: BulkWriter<SampleRow> = { singleStatement: true, write: insertSampleRows };

/**
 * The samples, and in the same statement a session.energy event for each session that gained new
 * readings: at most one per session and minute of reading time (what roaming pushes and live cost
 * need, without an outbox row per meter value). A replayed reading is skipped by the first
 * INSERT, so it emits nothing.
 */
async function insertSampleRows(tx: Sql, rows: readonly SampleRow[]): Promise<void> {
  await tx.query(
    `WITH added AS (
       INSERT INTO meter_samples (station_id, session_id, evse_no, sampled_at, measurand, phase, location, context, value, unit, signed)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::numeric[], $10::text[], $11::boolean[])
       ON CONFLICT DO NOTHING
       RETURNING station_id, session_id, sampled_at, measurand, phase, value)
     INSERT INTO outbox_events (kind, event_key, subject, payload, occurred_at)
     SELECT 'session.energy', 'session.energy:' || session_id || ':' || to_char(date_trunc('minute', max(sampled_at)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"'), session_id,
            jsonb_build_object('sessionId', session_id, 'stationId', min(station_id), 'at', to_char(max(sampled_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'registerWh', (max(value) FILTER (WHERE measurand = 'Energy.Active.Import.Register' AND phase = ''))::text),
            max(sampled_at)
     FROM added WHERE session_id IS NOT NULL GROUP BY session_id
     ON CONFLICT (event_key) DO NOTHING`,
    [
      rows.map((r) => r.stationId),
      rows.map((r) => r.sessionId),
      rows.map((r) => r.evseNo),
      rows.map((r) => r.sampledAt.toISOString()),
      rows.map((r) => r.measurand),
      rows.map((r) => r.phase),
      rows.map((r) => r.location),
      rows.map((r) => r.context),
      rows.map((r) => r.value),
      rows.map((r) => r.unit),
      rows.map((r) => r.signed),
    ],
  );
}
