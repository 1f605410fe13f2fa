import type { ReconciliationRepository, SilentSession } from '../../domain/reconciliation/index.js';
import type { SqlConnection } from './database.js';

interface SilentRow {
  id: string;
  station_id: string;
  transaction_id: string;
  ocpp_version: string;
  evse_no: number | null;
  last_at: Date | string;
  heard_at: Date | string;
  news: string | number;
  wh: string | null;
  probe_command_id: string | null;
  probed_at: Date | string | null;
  answered_at: Date | string | null;
  outcome: string | null;
  news_at_probe: number | null;
}

const date = (d: Date | string | null): Date | null => (d === null ? null : new Date(d));

const silent = (r: SilentRow): SilentSession => ({
  sessionId: r.id,
  stationId: r.station_id,
  transactionId: r.transaction_id,
  ocppVersion: r.ocpp_version === '1.6' ? '1.6' : '2.0.1',
  evseNo: r.evse_no,
  lastActivityAt: new Date(r.last_at),
  heardAt: new Date(r.heard_at),
  lastRegisterWh: r.wh === null ? null : Math.round(Number(r.wh)),
  news: Number(r.news),
  probe:
    r.probe_command_id && r.probed_at
      ? { commandId: r.probe_command_id, probedAt: new Date(r.probed_at), answeredAt: date(r.answered_at), outcome: r.outcome, newsAtProbe: Number(r.news_at_probe ?? 0) }
      : null,
});

/**
 * A session's last news in station time (its start, last event or reading, as the stale sweep reads
 * them), when the platform last heard of it (that, or the last event received or change stored: a
 * station whose clock is behind is not silent), and its last register reading.
 */
const SESSION_NEWS = `
  FROM charging_sessions s
  CROSS JOIN LATERAL (SELECT GREATEST(s.started_at,
      (SELECT max(occurred_at) FROM transaction_events WHERE session_id = s.id),
      (SELECT max(sampled_at) FROM meter_samples WHERE session_id = s.id)) AS last_at) a
  CROSS JOIN LATERAL (SELECT GREATEST(a.last_at, s.updated_at, (SELECT max(received_at) FROM transaction_events WHERE session_id = s.id)) AS heard_at) h
  LEFT JOIN LATERAL (SELECT value FROM meter_samples WHERE session_id = s.id AND measurand = 'Energy.Active.Import.Register' AND phase = '' AND unit = 'Wh'
                     ORDER BY sampled_at DESC LIMIT 1) r ON true
  LEFT JOIN session_reconciliations p ON p.session_id = s.id`;

/** How many events and readings of the session arrived: computed for the rows returned only (it reads them all). */
const NEWS = '((SELECT count(*) FROM transaction_events WHERE session_id = s.id) + (SELECT count(*) FROM meter_samples WHERE session_id = s.id))';

/** Reconciliation in SQL. */
export class SqlReconciliationRepository implements ReconciliationRepository {
  constructor(private readonly sql: SqlConnection) {}

  async silent(before: Date, limit: number): Promise<SilentSession[]> {
    const rows = await this.sql.query<SilentRow>(
      `SELECT s.id, s.station_id, s.transaction_id, s.ocpp_version, s.evse_no, a.last_at, h.heard_at, ${NEWS} AS news, r.value::text AS wh,
              p.probe_command_id, p.probed_at, p.answered_at, p.outcome, p.news_at_probe
       ${SESSION_NEWS}
       WHERE s.status = 'ACTIVE' AND h.heard_at < $1
       ORDER BY h.heard_at LIMIT $2`,
      [before, limit],
    );
    return rows.map(silent);
  }

  async probeSent(sessionId: string, commandId: string, newsAtProbe: number, at: Date): Promise<void> {
    await this.sql.query(
      `INSERT INTO session_reconciliations (session_id, probe_command_id, probed_at, news_at_probe, updated_at) VALUES ($1, $2, $3, $4, $3)
       ON CONFLICT (session_id) DO UPDATE SET probe_command_id = $2, probed_at = $3, news_at_probe = $4, answered_at = NULL, outcome = NULL, updated_at = $3`,
      [sessionId, commandId, at, newsAtProbe],
    );
  }

  async probeAnswered(commandId: string, outcome: string, at: Date): Promise<SilentSession | null> {
    const [done] = await this.sql.query<{ session_id: string }>(
      `UPDATE session_reconciliations SET answered_at = $3, outcome = $2, updated_at = $3 WHERE probe_command_id = $1 AND answered_at IS NULL RETURNING session_id`,
      [commandId, outcome, at],
    );
    if (!done) return null;
    const rows = await this.sql.query<SilentRow>(
      `SELECT s.id, s.station_id, s.transaction_id, s.ocpp_version, s.evse_no, a.last_at, h.heard_at, ${NEWS} AS news, r.value::text AS wh,
              p.probe_command_id, p.probed_at, p.answered_at, p.outcome, p.news_at_probe
       ${SESSION_NEWS}
       WHERE s.id = $1`,
      [done.session_id],
    );
    return rows[0] ? silent(rows[0]) : null;
  }

  async seqNos(sessionId: string): Promise<number[]> {
    return (await this.sql.query<{ seq_no: number }>('SELECT seq_no FROM transaction_events WHERE session_id = $1', [sessionId])).map((r) => Number(r.seq_no));
  }

  async withGaps(limit: number): Promise<string[]> {
    return (await this.sql.query<{ session_id: string }>('SELECT session_id FROM session_reconciliations WHERE cardinality(seq_no_gaps) > 0 ORDER BY gaps_checked_at LIMIT $1', [limit])).map(
      (r) => r.session_id,
    );
  }

  async recordGaps(sessionId: string, gaps: readonly number[], at: Date): Promise<void> {
    // No row for a session without gaps and without a probe: most sessions never need one.
    await this.sql.query(
      gaps.length > 0
        ? `INSERT INTO session_reconciliations (session_id, seq_no_gaps, gaps_checked_at, updated_at) VALUES ($1, $2::int[], $3, $3)
           ON CONFLICT (session_id) DO UPDATE SET seq_no_gaps = $2::int[], gaps_checked_at = $3, updated_at = $3`
        : `UPDATE session_reconciliations SET seq_no_gaps = $2::int[], gaps_checked_at = $3, updated_at = $3 WHERE session_id = $1`,
      [sessionId, [...gaps], at],
    );
  }

  async gapsOf(sessionId: string): Promise<{ seqNoGaps: number[]; probe: { probedAt: Date; answeredAt: Date | null; outcome: string | null } | null } | null> {
    const [r] = await this.sql.query<{ seq_no_gaps: number[] | null; probed_at: Date | string | null; answered_at: Date | string | null; outcome: string | null }>(
      'SELECT seq_no_gaps, probed_at, answered_at, outcome FROM session_reconciliations WHERE session_id = $1',
      [sessionId],
    );
    if (!r) return null;
    return {
      seqNoGaps: (r.seq_no_gaps ?? []).map(Number),
      probe: r.probed_at === null ? null : { probedAt: new Date(r.probed_at), answeredAt: date(r.answered_at), outcome: r.outcome },
    };
  }
}
