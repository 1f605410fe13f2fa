import type {
  AttributeType,
  AttributeUpdate,
  BootReportState,
  ComponentRef,
  DeviceModelFilter,
  DeviceModelStore,
  DeviceVariable,
  Mutability,
  ReportedVariable,
  StoredAttribute,
  VariableCharacteristics,
  VariableRef,
} from '../../domain/device-model/index.js';
import type { OcppVersion, RegistrationStatus } from '../../domain/stations/index.js';
import type { SqlConnection } from './database.js';

/** The key columns of a variable, in the table's order; absent parts are '' or 0. */
const keyOf = (c: ComponentRef, v: VariableRef) => [c.name, c.instance ?? '', c.evseId ?? 0, c.connectorId ?? 0, v.name, v.instance ?? ''] as const;
const KEY_COLUMNS = 'component, component_instance, evse_no, connector_no, variable, variable_instance';
const KEY_TYPES = '$2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[]';

interface AttributeRow {
  component: string;
  component_instance: string;
  evse_no: number;
  connector_no: number;
  variable: string;
  variable_instance: string;
  attribute_type: string;
  value: string | null;
  mutability: string | null;
  persistent: boolean | null;
  constant: boolean | null;
  pending_value: string | null;
  updated_at: Date | string;
  unit: string | null;
  data_type: string | null;
  min_limit: number | string | null;
  max_limit: number | string | null;
  values_list: string | null;
  supports_monitoring: boolean | null;
}

/** Columns of many rows, for unnest(): one array per column. */
function columns<T>(rows: readonly T[], pick: (r: T) => readonly unknown[]): unknown[][] {
  const out: unknown[][] = [];
  for (const r of rows) pick(r).forEach((v, i) => (out[i] ??= []).push(v));
  return out;
}

const num = (v: number | string | null): number | undefined => (v === null ? undefined : Number(v));
const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** Device models in plain SQL: one row per attribute (station_variables), one per variable's characteristics. */
export class SqlDeviceModelStore implements DeviceModelStore {
  constructor(private readonly sql: SqlConnection) {}

  async recordReport(stationId: string, variables: readonly ReportedVariable[], at: Date): Promise<void> {
    // A report may name a variable twice: the last one counts (ON CONFLICT may not touch a row twice).
    const attrs = new Map<string, readonly unknown[]>();
    const chars = new Map<string, readonly unknown[]>();
    for (const v of variables) {
      const key = keyOf(v.component, v.variable);
      for (const a of v.attributes) {
        attrs.set(JSON.stringify([...key, a.type]), [...key, a.type, a.value ?? null, a.mutability ?? null, a.persistent ?? null, a.constant ?? null]);
      }
      const c = v.characteristics;
      if (c) chars.set(JSON.stringify(key), [...key, c.unit ?? null, c.dataType, c.minLimit ?? null, c.maxLimit ?? null, c.valuesList ?? null, c.supportsMonitoring]);
    }
    await this.sql.transaction(async (tx) => {
      if (attrs.size > 0) {
        await tx.query(
          `INSERT INTO station_variables (station_id, ${KEY_COLUMNS}, attribute_type, value, mutability, persistent, constant, pending_value, updated_at)
           SELECT $1, k.*, NULL, $13 FROM unnest(${KEY_TYPES}, $8::text[], $9::text[], $10::text[], $11::boolean[], $12::boolean[]) AS k
           ON CONFLICT (station_id, ${KEY_COLUMNS}, attribute_type) DO UPDATE SET value = EXCLUDED.value,
             mutability = COALESCE(EXCLUDED.mutability, station_variables.mutability),
             persistent = COALESCE(EXCLUDED.persistent, station_variables.persistent),
             constant = COALESCE(EXCLUDED.constant, station_variables.constant),
             pending_value = NULL, updated_at = EXCLUDED.updated_at`,
          [stationId, ...columns([...attrs.values()], (r) => r), at],
        );
      }
      if (chars.size > 0) {
        await tx.query(
          `INSERT INTO station_variable_characteristics (station_id, ${KEY_COLUMNS}, unit, data_type, min_limit, max_limit, values_list, supports_monitoring, updated_at)
           SELECT $1, k.*, $14 FROM unnest(${KEY_TYPES}, $8::text[], $9::text[], $10::float8[], $11::float8[], $12::text[], $13::boolean[]) AS k
           ON CONFLICT (station_id, ${KEY_COLUMNS}) DO UPDATE SET unit = EXCLUDED.unit, data_type = EXCLUDED.data_type, min_limit = EXCLUDED.min_limit,
             max_limit = EXCLUDED.max_limit, values_list = EXCLUDED.values_list, supports_monitoring = EXCLUDED.supports_monitoring, updated_at = EXCLUDED.updated_at`,
          [stationId, ...columns([...chars.values()], (r) => r), at],
        );
      }
    });
  }

  async recordUpdates(stationId: string, updates: readonly AttributeUpdate[], at: Date): Promise<void> {
    await this.sql.transaction(async (tx) => {
      for (const u of updates) {
        // Taken now: the value; after a reboot: pending beside the value the station still runs with.
        await tx.query(
          `INSERT INTO station_variables (station_id, ${KEY_COLUMNS}, attribute_type, value, pending_value, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (station_id, ${KEY_COLUMNS}, attribute_type) DO UPDATE SET
             value = CASE WHEN $12 THEN station_variables.value ELSE EXCLUDED.value END,
             pending_value = EXCLUDED.pending_value, updated_at = EXCLUDED.updated_at`,
          [stationId, ...keyOf(u.component, u.variable), u.attributeType, u.pending ? null : u.value, u.pending ? u.value : null, at, u.pending],
        );
      }
    });
  }

  async list(stationId: string, filter: DeviceModelFilter = {}): Promise<DeviceVariable[]> {
    const rows = await this.sql.query<AttributeRow>(
      `SELECT v.component, v.component_instance, v.evse_no, v.connector_no, v.variable, v.variable_instance, v.attribute_type, v.value, v.mutability,
              v.persistent, v.constant, v.pending_value, v.updated_at, c.unit, c.data_type, c.min_limit, c.max_limit, c.values_list, c.supports_monitoring
       FROM station_variables v
       LEFT JOIN station_variable_characteristics c USING (station_id, ${KEY_COLUMNS})
       WHERE v.station_id = $1 AND ($2::text IS NULL OR v.component = $2) AND ($3::text IS NULL OR v.variable = $3)
       ORDER BY v.component, v.component_instance, v.evse_no, v.connector_no, v.variable, v.variable_instance,
         array_position(ARRAY['Actual', 'Target', 'MinSet', 'MaxSet'], v.attribute_type), v.attribute_type`,
      [stationId, filter.component ?? null, filter.variable ?? null],
    );
    const out: DeviceVariable[] = [];
    let last: string | undefined;
    for (const r of rows) {
      const key = JSON.stringify([r.component, r.component_instance, r.evse_no, r.connector_no, r.variable, r.variable_instance]);
      if (key !== last) {
        last = key;
        const characteristics: VariableCharacteristics | null =
          r.data_type === null
            ? null
            : { unit: opt(r.unit), dataType: r.data_type, minLimit: num(r.min_limit), maxLimit: num(r.max_limit), valuesList: opt(r.values_list), supportsMonitoring: r.supports_monitoring === true };
        out.push({
          component: { name: r.component, instance: r.component_instance || undefined, evseId: r.evse_no || undefined, connectorId: r.connector_no || undefined },
          variable: { name: r.variable, instance: r.variable_instance || undefined },
          attributes: [],
          characteristics,
        });
      }
      const attribute: StoredAttribute = {
        type: r.attribute_type as AttributeType,
        value: opt(r.value),
        mutability: opt(r.mutability) as Mutability | undefined,
        persistent: opt(r.persistent),
        constant: opt(r.constant),
        pendingValue: r.pending_value,
        updatedAt: new Date(r.updated_at),
      };
      (out[out.length - 1]!.attributes as StoredAttribute[]).push(attribute);
    }
    return out;
  }

  async isFullReport(stationId: string, requestId: number): Promise<boolean> {
    const rows = await this.sql.query(
      `SELECT 1 FROM commands WHERE station_id = $1 AND kind = 'get-base-report' AND remote_start_id = $2 AND COALESCE(params->>'reportBase', 'FullInventory') = 'FullInventory'`,
      [stationId, requestId],
    );
    return rows.length > 0;
  }

  async pruneBefore(stationId: string, before: Date): Promise<number> {
    return this.sql.transaction(async (tx) => {
      const gone = await tx.query('DELETE FROM station_variables WHERE station_id = $1 AND updated_at < $2 RETURNING variable', [stationId, before]);
      await tx.query('DELETE FROM station_variable_characteristics WHERE station_id = $1 AND updated_at < $2', [stationId, before]);
      return gone.length;
    });
  }

  async bootReportState(stationId: string): Promise<BootReportState | null> {
    const [row] = await this.sql.query<{ operator_id: string; ocpp_version: string | null; report_on_boot: boolean; boot_report_at: Date | string | null }>(
      'SELECT operator_id, ocpp_version, report_on_boot, boot_report_at FROM stations WHERE id = $1',
      [stationId],
    );
    if (!row) return null;
    return {
      operatorId: row.operator_id,
      ocppVersion: row.ocpp_version as OcppVersion | null,
      reportOnBoot: row.report_on_boot,
      bootReportAt: row.boot_report_at === null ? null : new Date(row.boot_report_at),
    };
  }

  async setReportOnBoot(stationId: string, enabled: boolean): Promise<boolean> {
    const rows = await this.sql.query('UPDATE stations SET report_on_boot = $2, updated_at = now() WHERE id = $1 RETURNING id', [stationId, enabled]);
    return rows.length === 1;
  }

  async bootReportDone(stationId: string, at: Date, becomes: RegistrationStatus | null): Promise<void> {
    await this.sql.query(
      `UPDATE stations SET boot_report_at = $2, registration_status = CASE WHEN registration_status = 'Pending' AND $3::text IS NOT NULL THEN $3 ELSE registration_status END,
         updated_at = $2 WHERE id = $1`,
      [stationId, at, becomes],
    );
  }

  async consumeBootReport(stationId: string): Promise<void> {
    await this.sql.query('UPDATE stations SET boot_report_at = NULL, updated_at = now() WHERE id = $1', [stationId]);
  }
}

