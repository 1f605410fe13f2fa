import { UNASSIGNED_OPERATOR_ID } from '../../domain/catalog/catalog.model.js';
import type { ConnectorStatus } from '../../domain/stations/connector-status.js';
import type {
  BootInfo,
  ConnectorSpec,
  ConnectorStatusReport,
  RegistrationStatus,
  SecurityProfile,
  StationCredentials,
  StationEventRecord,
  StationRepository,
  StationVariable,
} from '../../domain/stations/index.js';
import { isSecurityProfile } from '../../domain/stations/index.js';
import { connectorKey, evseKey } from '../../shared/ids.js';
import { randomUUID } from 'node:crypto';
import { domainEvent, type DomainEvent } from '../../domain/events/index.js';
import { writeStatusRows } from './connector-status.writer.js';
import { appendEvents, writeEventsInBatch } from './outbox.writer.js';
import type { Sql, SqlConnection } from './database.js';
import type { GroupCommit } from './group-commit.js';

const LAST_SEEN_FLUSH_MS = 5_000;

interface CredentialsRow {
  id: string;
  operator_id: string;
  password_hash: string | null;
  pending_password_hash: string | null;
  security_profile: number;
  registration_status: string;
  location_id: string | null;
  city: string | null;
  lat: number | null;
  lng: number | null;
}
const CREDENTIALS_SQL = `SELECT s.id, s.operator_id, s.password_hash, s.pending_password_hash, s.security_profile, s.registration_status,
    l.id AS location_id, l.city, l.lat, l.lng
  FROM stations s LEFT JOIN locations l ON l.id = s.location_id WHERE s.id = $1`;
const credentials = (r: CredentialsRow): StationCredentials => ({
  id: r.id,
  operatorId: r.operator_id,
  passwordHash: r.password_hash,
  pendingPasswordHash: r.pending_password_hash,
  securityProfile: isSecurityProfile(Number(r.security_profile)) ? (Number(r.security_profile) as SecurityProfile) : 1,
  registrationStatus: r.registration_status as RegistrationStatus,
  location: r.location_id && r.city !== null && r.lat !== null && r.lng !== null ? { id: r.location_id, city: r.city, lat: Number(r.lat), lng: Number(r.lng) } : null,
});

/** Station writes as stations report them, in plain SQL inside the group commit. */
export class SqlStationRepository implements StationRepository {
  #lastSeen = new Map<string, Date>();
  #timer: NodeJS.Timeout;

  constructor(
    private readonly sql: SqlConnection,
    private readonly gc: GroupCommit,
  ) {
    this.#timer = setInterval(() => void this.flushLastSeen().catch(() => {}), LAST_SEEN_FLUSH_MS);
    this.#timer.unref();
  }

  async getCredentials(stationId: string): Promise<StationCredentials | null> {
    const [row] = await this.sql.query<CredentialsRow>(CREDENTIALS_SQL, [stationId]);
    return row ? credentials(row) : null;
  }

  registerPending(stationId: string, passwordHash: string, at: Date): Promise<StationCredentials> {
    return this.gc.run(async (tx) => {
      await tx.query(
        `INSERT INTO operators (id, name, roles, updated_at) VALUES ($1, 'Unassigned (self-registered stations)', ARRAY['CPO'], $2)
         ON CONFLICT DO NOTHING`,
        [UNASSIGNED_OPERATOR_ID, at],
      );
      await tx.query(
        `INSERT INTO stations (id, operator_id, password_hash, registration_status, updated_at) VALUES ($1, $2, $3, 'Pending', $4)
         ON CONFLICT DO NOTHING`,
        [stationId, UNASSIGNED_OPERATOR_ID, passwordHash, at],
      );
      const [row] = await tx.query<CredentialsRow>(CREDENTIALS_SQL, [stationId]);
      if (!row) throw new Error(`station ${stationId} vanished`);
      return credentials(row);
    });
  }

  async setPendingPassword(stationId: string, passwordHash: string, commandId: string): Promise<void> {
    await this.sql.query('UPDATE stations SET pending_password_hash = $2, pending_password_command_id = $3, updated_at = now() WHERE id = $1', [stationId, passwordHash, commandId]);
  }

  async promotePendingPassword(stationId: string, pendingHash: string): Promise<void> {
    await this.sql.query(
      `UPDATE stations SET password_hash = pending_password_hash, pending_password_hash = NULL, pending_password_command_id = NULL, updated_at = now()
       WHERE id = $1 AND pending_password_hash = $2`,
      [stationId, pendingHash],
    );
  }

  recordBoot(stationId: string, boot: BootInfo, at: Date, event?: DomainEvent): Promise<RegistrationStatus | null> {
    return this.gc.run(async (tx) => {
      const [row] = await tx.query<{ registration_status: string }>(
        `UPDATE stations SET ocpp_version = $2, vendor = $3, model = $4, serial_number = $5, firmware_version = $6,
           last_boot_at = $7, last_seen_at = GREATEST(last_seen_at, $7), updated_at = $7
         WHERE id = $1
         RETURNING registration_status`,
        [stationId, boot.ocppVersion, boot.vendor, boot.model, boot.serialNumber ?? null, boot.firmwareVersion ?? null, at],
      );
      if (row && event) await appendEvents(tx, [event]);
      return (row?.registration_status as RegistrationStatus | undefined) ?? null;
    });
  }

  recordConnectorStatus(r: ConnectorStatusReport): Promise<void> {
    return this.gc.bulk(writeStatusRows, [
      {
        stationId: r.stationId,
        evseNo: r.evseNo,
        connectorNo: r.connectorNo,
        status: r.status,
        ocppStatus: r.ocppStatus,
        errorCode: r.errorCode ?? null,
        info: r.info ?? null,
        occurredAt: r.occurredAt,
        history: true,
      },
    ]);
  }

  setConnectorStatus(stationId: string, evseNo: number, connectorNo: number, status: ConnectorStatus, at: Date): Promise<void> {
    return this.gc.bulk(writeStatusRows, [
      { stationId, evseNo, connectorNo, status, ocppStatus: null, errorCode: null, info: null, occurredAt: at, history: false },
    ]);
  }

  /** Connector standards and EVSE power from a report: the catalog changed (drivers' answers show them). */
  upsertConnectorSpecs(stationId: string, specs: readonly ConnectorSpec[]): Promise<void> {
    return this.gc.run(async (tx) => {
      for (const s of specs) await upsertSpec(tx, stationId, s);
      tx.bulk(writeEventsInBatch, [domainEvent('catalog.changed', `station:${stationId}:${randomUUID()}`, stationId, { entity: 'station', id: stationId }, new Date())]);
    });
  }

  recordVariables(stationId: string, variables: readonly StationVariable[], at: Date): Promise<void> {
    // One row per key: a report that names a variable twice keeps the last value.
    const rows = new Map<string, StationVariable>();
    for (const v of variables) {
      rows.set(JSON.stringify([v.component, v.componentInstance ?? '', v.evseNo ?? 0, v.connectorNo ?? 0, v.variable, v.variableInstance ?? '', v.attributeType]), v);
    }
    const list = [...rows.values()];
    return this.gc.run(async (tx) => {
      if (list.length === 0) return;
      await tx.query(
        `INSERT INTO station_variables (station_id, component, component_instance, evse_no, connector_no, variable, variable_instance, attribute_type, value, updated_at)
         SELECT $1, * , $10 FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[])
         ON CONFLICT (station_id, component, component_instance, evse_no, connector_no, variable, variable_instance, attribute_type)
         DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
        [
          stationId,
          list.map((v) => v.component),
          list.map((v) => v.componentInstance ?? ''),
          list.map((v) => v.evseNo ?? 0),
          list.map((v) => v.connectorNo ?? 0),
          list.map((v) => v.variable),
          list.map((v) => v.variableInstance ?? ''),
          list.map((v) => v.attributeType),
          list.map((v) => v.value ?? null),
          at,
        ],
      );
    });
  }

  recordEvent(e: StationEventRecord): Promise<boolean> {
    return this.gc.run(async (tx) => {
      const rows = await tx.query(
        `INSERT INTO station_events (station_id, kind, dedupe_key, payload, occurred_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING id`,
        [e.stationId, e.kind, e.dedupeKey, JSON.stringify(e.payload ?? null), e.occurredAt],
      );
      return rows.length === 1;
    });
  }

  setFirmwareStatus(stationId: string, status: string, event?: DomainEvent): Promise<void> {
    return this.gc.run(async (tx) => {
      const rows = await tx.query('UPDATE stations SET firmware_status = $2, updated_at = now() WHERE id = $1 RETURNING id', [stationId, status]);
      if (rows.length > 0 && event) await appendEvents(tx, [event]);
    });
  }

  setDiagnosticsStatus(stationId: string, status: string): Promise<void> {
    return this.gc.run(async (tx) => {
      await tx.query('UPDATE stations SET diagnostics_status = $2, updated_at = now() WHERE id = $1', [stationId, status]);
    });
  }

  touch(stationId: string, at: Date): void {
    this.#lastSeen.set(stationId, at);
  }

  async flushLastSeen(): Promise<void> {
    if (this.#lastSeen.size === 0) return;
    const batch = this.#lastSeen;
    this.#lastSeen = new Map();
    const ids = [...batch.keys()];
    await this.sql.query(
      `UPDATE stations s SET last_seen_at = u.t FROM unnest($1::text[], $2::timestamptz[]) AS u(id, t)
       WHERE s.id = u.id AND (s.last_seen_at IS NULL OR s.last_seen_at < u.t)`,
      [ids, ids.map((id) => batch.get(id)?.toISOString() ?? null)],
    );
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flushLastSeen();
  }
}

async function upsertSpec(tx: Sql, stationId: string, s: ConnectorSpec): Promise<void> {
  const evseId = evseKey(stationId, s.evseNo);
  await tx.query(
    `INSERT INTO evses (id, station_id, evse_no, max_power_w) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET max_power_w = COALESCE(EXCLUDED.max_power_w, evses.max_power_w)`,
    [evseId, stationId, s.evseNo, s.maxPowerW ?? null],
  );
  await tx.query(
    `INSERT INTO connectors (id, evse_id, station_id, evse_no, connector_no, standard, max_power_w)
     VALUES ($1, $2, $3, $4, $5, COALESCE($6, 'UNKNOWN'), $7)
     ON CONFLICT (id) DO UPDATE SET standard = COALESCE($6, connectors.standard), max_power_w = COALESCE($7, connectors.max_power_w)`,
    [connectorKey(stationId, s.evseNo, s.connectorNo), evseId, stationId, s.evseNo, s.connectorNo, s.standard ?? null, s.maxPowerW ?? null],
  );
}
