import type {
  CampaignFilter,
  CampaignStation,
  CampaignStationChange,
  CampaignStationState,
  FirmwareCampaign,
  FirmwareCampaignRepository,
  NewCampaign,
} from '../../domain/firmware/index.js';
import type { SqlConnection } from './database.js';

interface CampaignRow {
  id: string;
  requested_by: string;
  location: string;
  retrieve_at: Date | string;
  install_at: Date | string | null;
  signature: string | null;
  signing_certificate: string | null;
  expected_version: string | null;
  max_concurrent: number;
  status: string;
  created_at: Date | string;
  finished_at: Date | string | null;
}

interface StationRow {
  campaign_id: string;
  station_id: string;
  state: string;
  command_id: string;
  request_id: number;
  from_version: string | null;
  to_version: string | null;
  firmware_status: string | null;
  error: string | null;
  started_at: Date | string | null;
  updated_at: Date | string;
  finished_at: Date | string | null;
}

const date = (d: Date | string | null): Date | null => (d === null ? null : new Date(d));

const campaign = (r: CampaignRow): FirmwareCampaign => ({
  id: r.id,
  requestedBy: r.requested_by,
  location: r.location,
  retrieveAt: new Date(r.retrieve_at),
  installAt: date(r.install_at),
  signature: r.signature,
  signingCertificate: r.signing_certificate,
  expectedVersion: r.expected_version,
  maxConcurrent: Number(r.max_concurrent),
  status: r.status === 'done' ? 'done' : 'running',
  createdAt: new Date(r.created_at),
  finishedAt: date(r.finished_at),
});

const station = (r: StationRow): CampaignStation => ({
  campaignId: r.campaign_id,
  stationId: r.station_id,
  state: r.state as CampaignStationState,
  commandId: r.command_id,
  requestId: Number(r.request_id),
  fromVersion: r.from_version,
  toVersion: r.to_version,
  firmwareStatus: r.firmware_status,
  error: r.error,
  startedAt: date(r.started_at),
  updatedAt: new Date(r.updated_at),
  finishedAt: date(r.finished_at),
});

const IN_FLIGHT_SQL = `('sent', 'updating', 'installed')`;

/** Firmware campaigns in SQL; a campaign's advance runs under a row lock on it (one node at a time). */
export class SqlFirmwareCampaignRepository implements FirmwareCampaignRepository {
  constructor(private readonly sql: SqlConnection) {}

  async stationOperators(stationIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const rows = await this.sql.query<{ id: string; operator_id: string }>('SELECT id, operator_id FROM stations WHERE id = ANY($1::text[])', [[...stationIds]]);
    return new Map(rows.map((r) => [r.id, r.operator_id]));
  }

  async matchingStations(f: CampaignFilter, limit: number): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(
      `SELECT s.id FROM stations s LEFT JOIN locations l ON l.id = s.location_id
       WHERE ($1::text IS NULL OR s.operator_id = $1) AND ($2::text IS NULL OR l.city = $2) AND ($3::text IS NULL OR s.vendor = $3)
         AND ($4::text IS NULL OR s.model = $4) AND ($5::text IS NULL OR s.firmware_version = $5)
       ORDER BY s.id LIMIT $6`,
      [f.operatorId ?? null, f.city ?? null, f.vendor ?? null, f.model ?? null, f.firmwareVersion ?? null, limit],
    );
    return rows.map((r) => r.id);
  }

  async create(c: NewCampaign, at: Date): Promise<FirmwareCampaign> {
    return this.sql.transaction(async (tx) => {
      const [row] = await tx.query<CampaignRow>(
        `INSERT INTO firmware_campaigns (id, requested_by, location, retrieve_at, install_at, signature, signing_certificate, expected_version, max_concurrent, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [c.id, c.requestedBy, c.location, c.retrieveAt, c.installAt, c.signature, c.signingCertificate, c.expectedVersion, c.maxConcurrent, at],
      );
      await tx.query(
        `INSERT INTO firmware_campaign_stations (campaign_id, station_id, command_id, request_id, updated_at)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[]), (SELECT $5::timestamptz) t`,
        [c.id, c.stations.map((s) => s.stationId), c.stations.map((s) => s.commandId), c.stations.map((s) => s.requestId), at],
      );
      return campaign(row!);
    });
  }

  async get(id: string): Promise<FirmwareCampaign | null> {
    const [row] = await this.sql.query<CampaignRow>('SELECT * FROM firmware_campaigns WHERE id = $1', [id]);
    return row ? campaign(row) : null;
  }

  async list(f: { requestedBy?: string | undefined; limit: number }): Promise<FirmwareCampaign[]> {
    const rows = await this.sql.query<CampaignRow>(
      'SELECT * FROM firmware_campaigns WHERE ($1::text IS NULL OR requested_by = $1) ORDER BY created_at DESC, id LIMIT $2',
      [f.requestedBy ?? null, f.limit],
    );
    return rows.map(campaign);
  }

  async stations(campaignId: string): Promise<CampaignStation[]> {
    return (await this.sql.query<StationRow>('SELECT * FROM firmware_campaign_stations WHERE campaign_id = $1 ORDER BY station_id', [campaignId])).map(station);
  }

  async sent(campaignId: string): Promise<CampaignStation[]> {
    return (await this.sql.query<StationRow>(`SELECT * FROM firmware_campaign_stations WHERE campaign_id = $1 AND state = 'sent' ORDER BY station_id`, [campaignId])).map(station);
  }

  async running(): Promise<string[]> {
    return (await this.sql.query<{ id: string }>(`SELECT id FROM firmware_campaigns WHERE status = 'running' ORDER BY created_at`)).map((r) => r.id);
  }

  async advance(campaignId: string, at: Date, staleBefore: Date): Promise<{ started: CampaignStation[]; done: boolean }> {
    return this.sql.transaction(async (tx) => {
      const [c] = await tx.query<CampaignRow>(`SELECT * FROM firmware_campaigns WHERE id = $1 AND status = 'running' FOR UPDATE`, [campaignId]);
      if (!c) return { started: [], done: true };
      await tx.query(
        `UPDATE firmware_campaign_stations SET state = 'failed', error = 'timed out', finished_at = $3, updated_at = $3
         WHERE campaign_id = $1 AND state IN ${IN_FLIGHT_SQL} AND started_at < $2`,
        [campaignId, staleBefore, at],
      );
      const started = await tx.query<StationRow>(
        `WITH next AS (
           SELECT station_id FROM firmware_campaign_stations
           WHERE campaign_id = $1 AND state = 'queued'
           ORDER BY station_id
           LIMIT GREATEST(0, $2::int - (SELECT count(*) FROM firmware_campaign_stations WHERE campaign_id = $1 AND state IN ${IN_FLIGHT_SQL}))::int
         )
         UPDATE firmware_campaign_stations f
         SET state = 'sent', started_at = $3, updated_at = $3, from_version = (SELECT s.firmware_version FROM stations s WHERE s.id = f.station_id)
         FROM next WHERE f.campaign_id = $1 AND f.station_id = next.station_id
         RETURNING f.*`,
        [campaignId, Number(c.max_concurrent), at],
      );
      const [left] = await tx.query<{ n: string }>(
        `SELECT count(*) AS n FROM firmware_campaign_stations WHERE campaign_id = $1 AND state IN ('queued', 'sent', 'updating', 'installed')`,
        [campaignId],
      );
      const done = Number(left!.n) === 0;
      if (done) await tx.query(`UPDATE firmware_campaigns SET status = 'done', finished_at = $2 WHERE id = $1`, [campaignId, at]);
      return { started: started.map(station), done };
    });
  }

  async cancel(campaignId: string, at: Date): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      const [c] = await tx.query(`SELECT id FROM firmware_campaigns WHERE id = $1 AND status = 'running' FOR UPDATE`, [campaignId]);
      if (!c) return false;
      await tx.query(
        `UPDATE firmware_campaign_stations SET state = 'cancelled', finished_at = $2, updated_at = $2 WHERE campaign_id = $1 AND state = 'queued'`,
        [campaignId, at],
      );
      return true;
    });
  }

  async inFlightOf(stationId: string): Promise<CampaignStation[]> {
    return (
      await this.sql.query<StationRow>(
        `SELECT f.* FROM firmware_campaign_stations f JOIN firmware_campaigns c ON c.id = f.campaign_id
         WHERE f.station_id = $1 AND f.state IN ${IN_FLIGHT_SQL} AND c.status = 'running'`,
        [stationId],
      )
    ).map(station);
  }

  async byCommand(commandId: string): Promise<CampaignStation | null> {
    const [row] = await this.sql.query<StationRow>('SELECT * FROM firmware_campaign_stations WHERE command_id = $1', [commandId]);
    return row ? station(row) : null;
  }

  async update(campaignId: string, stationId: string, change: CampaignStationChange, at: Date): Promise<void> {
    const final = change.state === 'done' || change.state === 'failed';
    await this.sql.query(
      `UPDATE firmware_campaign_stations
       SET state = COALESCE($3, state), firmware_status = COALESCE($4, firmware_status), to_version = COALESCE($5, to_version),
           error = COALESCE($6, error), updated_at = $7, finished_at = CASE WHEN $8::boolean THEN $7 ELSE finished_at END
       WHERE campaign_id = $1 AND station_id = $2`,
      [campaignId, stationId, change.state ?? null, change.firmwareStatus ?? null, change.toVersion ?? null, change.error ?? null, at, final],
    );
  }
}
