import type { NewRoamingCharge, RoamingCharge, RoamingChargePatch, RoamingChargeStore, RoamingSide, ChargeState } from '../../domain/roaming/index.js';
import type { SqlConnection } from './database.js';

interface Row {
  partner_id: string;
  ref: string;
  side: RoamingSide;
  station_id: string;
  evse_no: number;
  connector_no: number;
  partner_connector_id: string;
  id_token: string | null;
  provider_id: string;
  command_id: string | null;
  session_id: string | null;
  state: number;
  started_at: Date | string | null;
  stopped_at: Date | string | null;
  energy_wh: string | number | bigint | null;
  cdr_id: string | null;
  confirm_result: number | null;
  dispute_reason: number | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

const fromRow = (r: Row): RoamingCharge => ({
  partnerId: r.partner_id,
  ref: r.ref,
  side: r.side,
  stationId: r.station_id,
  evseNo: r.evse_no,
  connectorNo: r.connector_no,
  partnerConnectorId: r.partner_connector_id,
  idToken: r.id_token,
  providerId: r.provider_id,
  commandId: r.command_id,
  sessionId: r.session_id,
  state: r.state as ChargeState,
  startedAt: date(r.started_at),
  stoppedAt: date(r.stopped_at),
  energyWh: r.energy_wh === null ? null : Number(r.energy_wh),
  cdrId: r.cdr_id,
  confirmResult: r.confirm_result,
  disputeReason: r.dispute_reason,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

const PATCH_COLUMNS: Record<keyof RoamingChargePatch, string> = {
  commandId: 'command_id',
  sessionId: 'session_id',
  state: 'state',
  startedAt: 'started_at',
  stoppedAt: 'stopped_at',
  energyWh: 'energy_wh',
  cdrId: 'cdr_id',
  confirmResult: 'confirm_result',
  disputeReason: 'dispute_reason',
};

/** Roaming charges in plain SQL. */
export class SqlRoamingChargeStore implements RoamingChargeStore {
  constructor(private readonly sql: SqlConnection) {}

  async create(c: NewRoamingCharge): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO roaming_charges (partner_id, ref, side, station_id, evse_no, connector_no, partner_connector_id, id_token, provider_id, command_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) ON CONFLICT DO NOTHING RETURNING ref`,
      [c.partnerId, c.ref, c.side, c.stationId, c.evseNo, c.connectorNo, c.partnerConnectorId, c.idToken, c.providerId, c.commandId, c.createdAt],
    );
    return rows.length === 1;
  }

  async get(partnerId: string, ref: string): Promise<RoamingCharge | null> {
    const [row] = await this.sql.query<Row>(`SELECT * FROM roaming_charges WHERE partner_id = $1 AND ref = $2`, [partnerId, ref]);
    return row ? fromRow(row) : null;
  }

  async bySession(sessionId: string): Promise<RoamingCharge | null> {
    const [row] = await this.sql.query<Row>(`SELECT * FROM roaming_charges WHERE session_id = $1 LIMIT 1`, [sessionId]);
    return row ? fromRow(row) : null;
  }

  async byCommand(commandId: string): Promise<RoamingCharge | null> {
    const [row] = await this.sql.query<Row>(`SELECT * FROM roaming_charges WHERE command_id = $1 LIMIT 1`, [commandId]);
    return row ? fromRow(row) : null;
  }

  async update(partnerId: string, ref: string, patch: RoamingChargePatch, now: Date): Promise<RoamingCharge | null> {
    const sets: string[] = [];
    const params: unknown[] = [partnerId, ref, now];
    for (const [field, column] of Object.entries(PATCH_COLUMNS) as [keyof RoamingChargePatch, string][]) {
      if (patch[field] === undefined) continue;
      params.push(patch[field]);
      sets.push(`${column} = $${params.length}`);
    }
    const [row] = await this.sql.query<Row>(`UPDATE roaming_charges SET ${[...sets, 'updated_at = $3'].join(', ')} WHERE partner_id = $1 AND ref = $2 RETURNING *`, params);
    return row ? fromRow(row) : null;
  }

  async active(side: RoamingSide, limit: number): Promise<RoamingCharge[]> {
    return (await this.sql.query<Row>(`SELECT * FROM roaming_charges WHERE side = $1 AND state < 4 ORDER BY created_at, ref LIMIT $2`, [side, limit])).map(fromRow);
  }

  async finished(partnerId: string, side: RoamingSide, from: Date, to: Date): Promise<RoamingCharge[]> {
    return (
      await this.sql.query<Row>(
        `SELECT * FROM roaming_charges WHERE partner_id = $1 AND side = $2 AND cdr_id IS NOT NULL AND stopped_at >= $3 AND stopped_at < $4 ORDER BY stopped_at, ref`,
        [partnerId, side, from, to],
      )
    ).map(fromRow);
  }
}
