import type { DomainEvent } from '../../domain/events/index.js';
import type {
  ChargingLimitSource,
  GridLimit,
  ProfileStatus,
  ReportedLimit,
  SessionLoad,
  SiteLoad,
  SmartChargingRepository,
} from '../../domain/smart-charging/index.js';
import type { SqlConnection } from './database.js';
import { appendEvents, type AfterCommit } from './outbox.writer.js';

interface GridLimitRow {
  location_id: string;
  max_power_w: number;
  phases: number;
  updated_at: Date | string;
}

interface SessionRow {
  id: string;
  station_id: string;
  evse_no: number | null;
  transaction_id: string;
  ocpp_version: string;
  ocpp_tx_no: number;
  started_at: Date | string;
  evse_max_w: number | null;
  ac: boolean;
  reported_w: number | null;
  priority: number | null;
  sent_w: number | null;
  command_id: string | null;
  profile_status: string | null;
  sent_at: Date | string | null;
  accepted_w: number | null;
  answered_at: Date | string | null;
  reading_at_answer: Date | string | null;
  measured_w: string | null;
  measured_at: Date | string | null;
}

interface LimitRow {
  station_id: string;
  evse_no: number;
  source: string;
  limit_w: number | null;
  grid_critical: boolean;
  reported_at: Date | string;
}

const date = (d: Date | string | null): Date | null => (d === null ? null : new Date(d));
const num = (n: number | string | null): number | null => (n === null ? null : Number(n));

const gridLimit = (r: GridLimitRow): GridLimit => ({ locationId: r.location_id, maxPowerW: Number(r.max_power_w), phases: Number(r.phases) === 1 ? 1 : 3, updatedAt: new Date(r.updated_at) });

const limit = (r: LimitRow): ReportedLimit => ({
  stationId: r.station_id,
  evseNo: Number(r.evse_no),
  source: r.source as ChargingLimitSource,
  limitW: num(r.limit_w),
  gridCritical: r.grid_critical,
  reportedAt: new Date(r.reported_at),
});

const AC_STANDARDS = `('GBT_AC', 'TYPE2', 'TYPE1')`;

/**
 * The running sessions of one location with all their sharing depends on: EVSE maximum, AC or DC,
 * limits reported for the EVSE, priority and profile state, and the latest power reading (the
 * Power.Active.Import total, or the sum of its phases; without one, the power between the last two
 * energy register readings, timed at the first of them).
 */
const SITE_SESSIONS = `
  SELECT cs.id, cs.station_id, cs.evse_no, cs.transaction_id, cs.ocpp_version, cs.ocpp_tx_no, cs.started_at,
         e.max_power_w AS evse_max_w,
         EXISTS (SELECT 1 FROM connectors c WHERE c.station_id = cs.station_id AND c.evse_no = cs.evse_no AND c.standard IN ${AC_STANDARDS}) AS ac,
         (SELECT min(l.limit_w) FROM station_charging_limits l WHERE l.station_id = cs.station_id AND l.evse_no = cs.evse_no) AS reported_w,
         sl.priority, sl.sent_w, sl.command_id, sl.profile_status, sl.sent_at, sl.accepted_w, sl.answered_at, sl.reading_at_answer,
         COALESCE(p.w, r.w)::text AS measured_w, CASE WHEN p.w IS NOT NULL THEN p.at ELSE r.at END AS measured_at
  FROM stations s
  JOIN charging_sessions cs ON cs.station_id = s.id AND cs.status = 'ACTIVE'
  LEFT JOIN evses e ON e.station_id = cs.station_id AND e.evse_no = cs.evse_no
  LEFT JOIN session_loads sl ON sl.session_id = cs.id
  LEFT JOIN LATERAL (
    SELECT t.sampled_at AS at,
           COALESCE(max(m.value) FILTER (WHERE m.phase = ''), sum(m.value) FILTER (WHERE m.phase IN ('L1', 'L2', 'L3', 'L1-N', 'L2-N', 'L3-N'))) AS w
    FROM (SELECT sampled_at FROM meter_samples
          WHERE session_id = cs.id AND measurand = 'Power.Active.Import' AND unit = 'W' ORDER BY sampled_at DESC LIMIT 1) t
    JOIN meter_samples m ON m.session_id = cs.id AND m.sampled_at = t.sampled_at AND m.measurand = 'Power.Active.Import' AND m.unit = 'W'
    GROUP BY t.sampled_at
  ) p ON true
  LEFT JOIN LATERAL (
    SELECT min(two.sampled_at) AS at,
           (max(two.value) - min(two.value)) * 3600 / NULLIF(extract(epoch FROM max(two.sampled_at) - min(two.sampled_at)), 0) AS w
    FROM (SELECT sampled_at, value FROM meter_samples
          WHERE session_id = cs.id AND measurand = 'Energy.Active.Import.Register' AND unit = 'Wh' AND phase = '' ORDER BY sampled_at DESC LIMIT 2) two
  ) r ON true
  WHERE s.location_id = $1
  ORDER BY cs.started_at, cs.id`;

interface StationRow {
  id: string;
  max_power_w: number | null;
  reported_w: number | null;
  evses: number;
  evse_max_w: number | null;
  ac: boolean;
  sent_w: number | null;
  command_id: string | null;
  profile_status: string | null;
  accepted_w: number | null;
  answered_at: Date | string | null;
}

/** The stations of one location: maximum, limits reported for the whole station, EVSEs, AC or DC, the platform's default profile. */
const SITE_STATIONS = `
  SELECT s.id, s.max_power_w,
         (SELECT min(l.limit_w) FROM station_charging_limits l WHERE l.station_id = s.id AND l.evse_no = 0) AS reported_w,
         (SELECT count(*) FROM evses e WHERE e.station_id = s.id)::int AS evses,
         (SELECT max(e.max_power_w) FROM evses e WHERE e.station_id = s.id) AS evse_max_w,
         (EXISTS (SELECT 1 FROM connectors c WHERE c.station_id = s.id)
          AND NOT EXISTS (SELECT 1 FROM connectors c WHERE c.station_id = s.id AND c.standard NOT IN ${AC_STANDARDS})) AS ac,
         d.sent_w, d.command_id, d.profile_status, d.accepted_w, d.answered_at
  FROM stations s LEFT JOIN station_default_profiles d ON d.station_id = s.id
  WHERE s.location_id = $1 ORDER BY s.id`;

/** Smart charging in plain SQL (PostgreSQL and PGlite). */
export class SqlSmartChargingRepository implements SmartChargingRepository {
  constructor(
    private readonly sql: SqlConnection,
    /** Operators' writes wait until this node's consumers have seen them (the load balancer reacts before the answer). */
    private readonly afterCommit: AfterCommit = async () => {},
  ) {}

  async locationOperator(locationId: string): Promise<string | null> {
    const [row] = await this.sql.query<{ operator_id: string }>('SELECT operator_id FROM locations WHERE id = $1', [locationId]);
    return row?.operator_id ?? null;
  }

  async gridLimit(locationId: string): Promise<GridLimit | null> {
    const [row] = await this.sql.query<GridLimitRow>('SELECT location_id, max_power_w, phases, updated_at FROM grid_limits WHERE location_id = $1', [locationId]);
    return row ? gridLimit(row) : null;
  }

  async setGridLimit(l: Omit<GridLimit, 'updatedAt'>, event: DomainEvent): Promise<GridLimit> {
    const row = await this.sql.transaction(async (tx) => {
      const [saved] = await tx.query<GridLimitRow>(
        `INSERT INTO grid_limits (location_id, max_power_w, phases) VALUES ($1, $2, $3)
         ON CONFLICT (location_id) DO UPDATE SET max_power_w = EXCLUDED.max_power_w, phases = EXCLUDED.phases, updated_at = now()
         RETURNING location_id, max_power_w, phases, updated_at`,
        [l.locationId, l.maxPowerW, l.phases],
      );
      await appendEvents(tx, [event]);
      return saved!;
    });
    await this.afterCommit();
    return gridLimit(row);
  }

  async deleteGridLimit(locationId: string, event: DomainEvent): Promise<boolean> {
    const deleted = await this.sql.transaction(async (tx) => {
      const rows = await tx.query('DELETE FROM grid_limits WHERE location_id = $1 RETURNING location_id', [locationId]);
      if (rows.length > 0) await appendEvents(tx, [event]);
      return rows.length > 0;
    });
    if (deleted) await this.afterCommit();
    return deleted;
  }

  async managedLocations(stationIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    if (stationIds.length === 0) return new Map();
    const rows = await this.sql.query<{ id: string; location_id: string }>(
      'SELECT s.id, s.location_id FROM stations s JOIN grid_limits g ON g.location_id = s.location_id WHERE s.id = ANY($1::text[])',
      [stationIds],
    );
    return new Map(rows.map((r) => [r.id, r.location_id]));
  }

  async siteLoad(locationId: string): Promise<SiteLoad | null> {
    const [head] = await this.sql.query<GridLimitRow & { operator_id: string }>(
      `SELECT g.location_id, g.max_power_w, g.phases, g.updated_at, l.operator_id FROM grid_limits g JOIN locations l ON l.id = g.location_id WHERE g.location_id = $1`,
      [locationId],
    );
    if (!head) return null;
    const stations = await this.sql.query<StationRow>(SITE_STATIONS, [locationId]);
    const sessions = await this.sql.query<SessionRow>(SITE_SESSIONS, [locationId]);
    return {
      locationId,
      operatorId: head.operator_id,
      limit: gridLimit(head),
      stations: stations.map((s) => ({
        stationId: s.id,
        maxW: num(s.max_power_w),
        reportedLimitW: num(s.reported_w),
        evses: Number(s.evses),
        ac: s.ac,
        evseMaxW: num(s.evse_max_w),
        defaultProfile:
          s.command_id === null
            ? null
            : { sentW: Number(s.sent_w), commandId: s.command_id, status: s.profile_status as ProfileStatus, acceptedW: num(s.accepted_w), answeredAt: date(s.answered_at) },
      })),
      sessions: sessions.map(
        (r): SessionLoad => ({
          sessionId: r.id,
          stationId: r.station_id,
          evseNo: num(r.evse_no),
          transactionId: r.transaction_id,
          ocppVersion: r.ocpp_version === '1.6' ? '1.6' : '2.0.1',
          profileId: Number(r.ocpp_tx_no),
          startedAt: new Date(r.started_at),
          evseMaxW: num(r.evse_max_w),
          ac: r.ac,
          priority: num(r.priority) ?? 1,
          reportedLimitW: num(r.reported_w),
          measuredW: r.measured_w === null ? null : Math.max(0, Math.round(Number(r.measured_w))),
          measuredAt: date(r.measured_at),
          profile: {
            sentW: num(r.sent_w),
            commandId: r.command_id,
            status: r.profile_status as ProfileStatus | null,
            sentAt: date(r.sent_at),
            acceptedW: num(r.accepted_w),
            answeredAt: date(r.answered_at),
            readingAtAnswer: date(r.reading_at_answer),
          },
        }),
      ),
    };
  }

  async runningSession(sessionId: string): Promise<{ stationId: string; operatorId: string; evseNo: number | null } | null> {
    const [row] = await this.sql.query<{ station_id: string; operator_id: string; evse_no: number | null }>(
      `SELECT station_id, operator_id, evse_no FROM charging_sessions WHERE id = $1 AND status = 'ACTIVE'`,
      [sessionId],
    );
    return row ? { stationId: row.station_id, operatorId: row.operator_id, evseNo: num(row.evse_no) } : null;
  }

  async setPriority(sessionId: string, priority: number, event: DomainEvent): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO session_loads (session_id, priority) VALUES ($1, $2)
         ON CONFLICT (session_id) DO UPDATE SET priority = EXCLUDED.priority, updated_at = now()`,
        [sessionId, priority],
      );
      await appendEvents(tx, [event]);
    });
    await this.afterCommit();
  }

  async recordTargets(targets: readonly { sessionId: string; targetW: number }[]): Promise<void> {
    if (targets.length === 0) return;
    await this.sql.query(
      `INSERT INTO session_loads (session_id, target_w) SELECT * FROM unnest($1::text[], $2::int[])
       ON CONFLICT (session_id) DO UPDATE SET target_w = EXCLUDED.target_w, updated_at = now()
       WHERE session_loads.target_w IS DISTINCT FROM EXCLUDED.target_w`,
      [targets.map((t) => t.sessionId), targets.map((t) => t.targetW)],
    );
  }

  async profileSent(sessionId: string, p: { commandId: string; limitW: number; at: Date }): Promise<void> {
    await this.sql.query(
      `INSERT INTO session_loads (session_id, sent_w, command_id, profile_status, sent_at) VALUES ($1, $2, $3, 'pending', $4)
       ON CONFLICT (session_id) DO UPDATE SET sent_w = EXCLUDED.sent_w, command_id = EXCLUDED.command_id, profile_status = 'pending',
         sent_at = EXCLUDED.sent_at, updated_at = now()`,
      [sessionId, p.limitW, p.commandId, p.at],
    );
  }

  async defaultSent(stationId: string, p: { commandId: string; limitW: number }): Promise<void> {
    await this.sql.query(
      `INSERT INTO station_default_profiles (station_id, sent_w, command_id, profile_status) VALUES ($1, $2, $3, 'pending')
       ON CONFLICT (station_id) DO UPDATE SET sent_w = EXCLUDED.sent_w, command_id = EXCLUDED.command_id, profile_status = 'pending', updated_at = now()`,
      [stationId, p.limitW, p.commandId],
    );
  }

  async defaultedStations(locationId: string): Promise<string[]> {
    const rows = await this.sql.query<{ station_id: string }>(
      'SELECT d.station_id FROM station_default_profiles d JOIN stations s ON s.id = d.station_id WHERE s.location_id = $1 ORDER BY d.station_id',
      [locationId],
    );
    return rows.map((r) => r.station_id);
  }

  async forgetDefaults(stationIds: readonly string[]): Promise<void> {
    if (stationIds.length > 0) await this.sql.query('DELETE FROM station_default_profiles WHERE station_id = ANY($1::text[])', [stationIds]);
  }

  async profileAnswered(commandId: string, status: ProfileStatus, at: Date): Promise<{ stationId: string } | null> {
    const [station] = await this.sql.query<{ station_id: string }>(
      `UPDATE station_default_profiles SET profile_status = $2, answered_at = $3, updated_at = now(),
         accepted_w = CASE WHEN $2 = 'accepted' THEN sent_w ELSE accepted_w END
       WHERE command_id = $1 AND profile_status = 'pending' RETURNING station_id`,
      [commandId, status, at],
    );
    if (station) return { stationId: station.station_id };
    return this.#sessionProfileAnswered(commandId, status, at);
  }

  async #sessionProfileAnswered(commandId: string, status: ProfileStatus, at: Date): Promise<{ stationId: string } | null> {
    // Only the session's current profile, and only once (a replayed answer changes nothing). A raised
    // limit makes the readings so far old news (taken under a lower one); a lowered one does not.
    const [row] = await this.sql.query<{ session_id: string; station_id: string }>(
      `WITH answered AS (
         UPDATE session_loads SET profile_status = $2, answered_at = $3, updated_at = now(),
           accepted_w = CASE WHEN $2 = 'accepted' THEN sent_w ELSE accepted_w END,
           reading_at_answer = CASE WHEN $2 = 'accepted' AND sent_w > COALESCE(accepted_w, 2147483647)
             THEN (SELECT max(m.sampled_at) FROM meter_samples m
                   WHERE m.session_id = session_loads.session_id AND m.measurand IN ('Power.Active.Import', 'Energy.Active.Import.Register'))
             ELSE reading_at_answer END
         WHERE command_id = $1 AND profile_status = 'pending' RETURNING session_id)
       SELECT a.session_id, cs.station_id FROM answered a JOIN charging_sessions cs ON cs.id = a.session_id`,
      [commandId, status, at],
    );
    return row ? { stationId: row.station_id } : null;
  }

  async profiledSessions(locationId: string): Promise<{ sessionId: string; stationId: string; evseNo: number | null; profileId: number }[]> {
    const rows = await this.sql.query<{ session_id: string; station_id: string; evse_no: number | null; ocpp_tx_no: number }>(
      `SELECT sl.session_id, cs.station_id, cs.evse_no, cs.ocpp_tx_no
       FROM session_loads sl JOIN charging_sessions cs ON cs.id = sl.session_id JOIN stations s ON s.id = cs.station_id
       WHERE s.location_id = $1 AND cs.status = 'ACTIVE' AND sl.command_id IS NOT NULL ORDER BY cs.started_at`,
      [locationId],
    );
    return rows.map((r) => ({ sessionId: r.session_id, stationId: r.station_id, evseNo: num(r.evse_no), profileId: Number(r.ocpp_tx_no) }));
  }

  async forgetSessions(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.sql.transaction(async (tx) => {
      await tx.query('DELETE FROM session_loads WHERE session_id = ANY($1::text[])', [sessionIds]);
      // The EV's needs went with it: those its EVSE reported before the platform recorded the end.
      await tx.query(
        `DELETE FROM station_charging_limits l USING charging_sessions cs
         WHERE cs.id = ANY($1::text[]) AND cs.status = 'COMPLETED' AND l.source = 'EV'
           AND l.station_id = cs.station_id AND l.evse_no = cs.evse_no AND l.reported_at <= cs.updated_at`,
        [sessionIds],
      );
    });
  }

  async reportLimit(l: ReportedLimit, event: DomainEvent): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO station_charging_limits (station_id, evse_no, source, limit_w, grid_critical, reported_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (station_id, evse_no, source) DO UPDATE SET limit_w = EXCLUDED.limit_w, grid_critical = EXCLUDED.grid_critical, reported_at = EXCLUDED.reported_at`,
        [l.stationId, l.evseNo, l.source, l.limitW, l.gridCritical, l.reportedAt],
      );
      await appendEvents(tx, [event]);
    });
  }

  async clearLimits(stationId: string, evseNo: number | null, sources: readonly ChargingLimitSource[], event: DomainEvent): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      const rows = await tx.query(
        `DELETE FROM station_charging_limits WHERE station_id = $1 AND ($2::int IS NULL OR evse_no = $2) AND source = ANY($3::text[]) RETURNING source`,
        [stationId, evseNo, sources],
      );
      if (rows.length > 0) await appendEvents(tx, [event]);
      return rows.length > 0;
    });
  }

  async reportedLimits(stationIds: readonly string[]): Promise<ReportedLimit[]> {
    if (stationIds.length === 0) return [];
    const rows = await this.sql.query<LimitRow>(
      `SELECT station_id, evse_no, source, limit_w, grid_critical, reported_at FROM station_charging_limits
       WHERE station_id = ANY($1::text[]) ORDER BY station_id, evse_no, source`,
      [stationIds],
    );
    return rows.map(limit);
  }
}
