import type { PartnerCatalogLinks, PartnerConnectorLink } from '../../domain/roaming/index.js';
import type { SqlConnection } from './database.js';

interface Row {
  partner_id: string;
  partner_connector_id: string;
  location_id: string;
  station_id: string;
  evse_no: number;
  connector_no: number;
}

const fromRow = (r: Row): PartnerConnectorLink => ({
  partnerId: r.partner_id,
  partnerConnectorId: r.partner_connector_id,
  locationId: r.location_id,
  stationId: r.station_id,
  evseNo: r.evse_no,
  connectorNo: r.connector_no,
});

/** The driver side's links into the catalog, in plain SQL. */
export class SqlPartnerCatalogLinks implements PartnerCatalogLinks {
  constructor(private readonly sql: SqlConnection) {}

  async save(links: readonly PartnerConnectorLink[]): Promise<void> {
    if (links.length === 0) return;
    await this.sql.query(
      `INSERT INTO roaming_connectors (partner_id, partner_connector_id, location_id, station_id, evse_no, connector_no)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[])
       ON CONFLICT (partner_id, partner_connector_id) DO UPDATE SET location_id = EXCLUDED.location_id, station_id = EXCLUDED.station_id,
         evse_no = EXCLUDED.evse_no, connector_no = EXCLUDED.connector_no`,
      [links.map((l) => l.partnerId), links.map((l) => l.partnerConnectorId), links.map((l) => l.locationId), links.map((l) => l.stationId), links.map((l) => l.evseNo), links.map((l) => l.connectorNo)],
    );
  }

  async forgetStation(partnerId: string, stationId: string): Promise<void> {
    await this.sql.query(`DELETE FROM roaming_connectors WHERE partner_id = $1 AND station_id = $2`, [partnerId, stationId]);
  }

  async ofStation(partnerId: string, stationId: string): Promise<PartnerConnectorLink[]> {
    return (await this.sql.query<Row>(`SELECT * FROM roaming_connectors WHERE partner_id = $1 AND station_id = $2 ORDER BY evse_no, connector_no`, [partnerId, stationId])).map(fromRow);
  }

  async byPartnerConnector(partnerId: string, partnerConnectorId: string): Promise<PartnerConnectorLink | null> {
    const [row] = await this.sql.query<Row>(`SELECT * FROM roaming_connectors WHERE partner_id = $1 AND partner_connector_id = $2`, [partnerId, partnerConnectorId]);
    return row ? fromRow(row) : null;
  }

  async byConnector(stationId: string, evseNo: number, connectorNo: number): Promise<PartnerConnectorLink | null> {
    const [row] = await this.sql.query<Row>(`SELECT * FROM roaming_connectors WHERE station_id = $1 AND evse_no = $2 AND connector_no = $3 LIMIT 1`, [stationId, evseNo, connectorNo]);
    return row ? fromRow(row) : null;
  }

  async locationsOf(partnerId: string): Promise<string[]> {
    return (await this.sql.query<{ location_id: string }>(`SELECT DISTINCT location_id FROM roaming_connectors WHERE partner_id = $1 ORDER BY location_id`, [partnerId])).map((r) => r.location_id);
  }

  async lastSync(partnerId: string): Promise<Date | null> {
    const [row] = await this.sql.query<{ last_station_sync: Date | string }>(`SELECT last_station_sync FROM roaming_sync_state WHERE partner_id = $1`, [partnerId]);
    return row ? new Date(row.last_station_sync) : null;
  }

  async setLastSync(partnerId: string, at: Date): Promise<void> {
    await this.sql.query(
      `INSERT INTO roaming_sync_state (partner_id, last_station_sync) VALUES ($1, $2) ON CONFLICT (partner_id) DO UPDATE SET last_station_sync = EXCLUDED.last_station_sync`,
      [partnerId, at],
    );
  }
}
