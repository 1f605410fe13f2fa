import type { ConnectorStatus } from '../../domain/stations/connector-status.js';
import type {
  BootInfo,
  ConnectorSpec,
  ConnectorStatusReport,
  RegistrationStatus,
  StationCredentials,
  StationEventRecord,
  StationRepository,
  StationVariable,
} from '../../domain/stations/index.js';
import { UNASSIGNED_OPERATOR_ID } from '../../domain/catalog/catalog.model.js';
import { connectorKey, evseKey } from '../../shared/ids.js';
import type { PrismaClient } from './generated/client.js';
import { writeStatusRows } from './connector-status.writer.js';
import type { GroupCommit, Tx } from './group-commit.js';

const LAST_SEEN_FLUSH_MS = 5_000;

export class PrismaStationRepository implements StationRepository {
  #lastSeen = new Map<string, Date>();
  #timer: NodeJS.Timeout;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly gc: GroupCommit,
  ) {
    this.#timer = setInterval(() => void this.flushLastSeen().catch(() => {}), LAST_SEEN_FLUSH_MS);
    this.#timer.unref();
  }

  async getCredentials(stationId: string): Promise<StationCredentials | null> {
    const row = await this.prisma.station.findUnique({
      where: { id: stationId },
      select: { id: true, operatorId: true, passwordHash: true, registrationStatus: true },
    });
    return row ? { ...row, registrationStatus: row.registrationStatus as RegistrationStatus } : null;
  }

  registerPending(stationId: string, passwordHash: string): Promise<StationCredentials> {
    return this.gc.run(async (tx) => {
      await tx.operator.upsert({
        where: { id: UNASSIGNED_OPERATOR_ID },
        create: { id: UNASSIGNED_OPERATOR_ID, name: 'Unassigned (self-registered stations)', roles: ['CPO'] },
        update: {},
      });
      const row = await tx.station.upsert({
        where: { id: stationId },
        create: { id: stationId, operatorId: UNASSIGNED_OPERATOR_ID, passwordHash, registrationStatus: 'Pending' },
        update: {},
      });
      return { id: row.id, operatorId: row.operatorId, passwordHash: row.passwordHash, registrationStatus: row.registrationStatus as RegistrationStatus };
    });
  }

  recordBoot(stationId: string, boot: BootInfo, at: Date): Promise<RegistrationStatus | null> {
    return this.gc.run(async (tx) => {
      const rows = await tx.$queryRaw<{ registration_status: string }[]>`
        UPDATE stations SET ocpp_version = ${boot.ocppVersion}, vendor = ${boot.vendor}, model = ${boot.model},
          serial_number = ${boot.serialNumber ?? null}, firmware_version = ${boot.firmwareVersion ?? null},
          last_boot_at = ${at}, last_seen_at = GREATEST(last_seen_at, ${at}), updated_at = ${at}
        WHERE id = ${stationId}
        RETURNING registration_status`;
      return (rows[0]?.registration_status as RegistrationStatus | undefined) ?? null;
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

  upsertConnectorSpecs(stationId: string, specs: readonly ConnectorSpec[]): Promise<void> {
    return this.gc.run(async (tx) => {
      for (const s of specs) {
        await ensureEvse(tx, stationId, s.evseNo);
        const data = {
          ...(s.standard ? { standard: s.standard } : {}),
          ...(s.maxPowerW ? { maxPowerW: s.maxPowerW } : {}),
        };
        await tx.connector.upsert({
          where: { id: connectorKey(stationId, s.evseNo, s.connectorNo) },
          create: {
            id: connectorKey(stationId, s.evseNo, s.connectorNo),
            evseId: evseKey(stationId, s.evseNo),
            stationId,
            evseNo: s.evseNo,
            connectorNo: s.connectorNo,
            ...data,
          },
          update: data,
        });
        if (s.maxPowerW) await tx.evse.update({ where: { id: evseKey(stationId, s.evseNo) }, data: { maxPowerW: s.maxPowerW } });
      }
    });
  }

  recordVariables(stationId: string, variables: readonly StationVariable[], at: Date): Promise<void> {
    return this.gc.run(async (tx) => {
      for (const v of variables) {
        const key = {
          stationId,
          component: v.component,
          componentInst: v.componentInstance ?? '',
          evseNo: v.evseNo ?? 0,
          connectorNo: v.connectorNo ?? 0,
          variable: v.variable,
          variableInst: v.variableInstance ?? '',
          attributeType: v.attributeType,
        };
        await tx.stationVariable.upsert({
          where: { stationId_component_componentInst_evseNo_connectorNo_variable_variableInst_attributeType: key },
          create: { ...key, value: v.value ?? null, updatedAt: at },
          update: { value: v.value ?? null, updatedAt: at },
        });
      }
    });
  }

  recordEvent(e: StationEventRecord): Promise<boolean> {
    return this.gc.run(async (tx) => {
      const res = await tx.stationEvent.createMany({
        data: [{ stationId: e.stationId, kind: e.kind, dedupeKey: e.dedupeKey, payload: e.payload as object, occurredAt: e.occurredAt }],
        skipDuplicates: true,
      });
      return res.count === 1;
    });
  }

  setFirmwareStatus(stationId: string, status: string): Promise<void> {
    return this.gc.run(async (tx) => {
      await tx.station.update({ where: { id: stationId }, data: { firmwareStatus: status } });
    });
  }

  setDiagnosticsStatus(stationId: string, status: string): Promise<void> {
    return this.gc.run(async (tx) => {
      await tx.station.update({ where: { id: stationId }, data: { diagnosticsStatus: status } });
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
    const times = ids.map((id) => batch.get(id)?.toISOString() ?? null);
    await this.prisma.$executeRawUnsafe(
      `UPDATE stations s SET last_seen_at = u.t FROM unnest($1::text[], $2::timestamptz[]) AS u(id, t)
       WHERE s.id = u.id AND (s.last_seen_at IS NULL OR s.last_seen_at < u.t)`,
      ids,
      times,
    );
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flushLastSeen();
  }
}

async function ensureEvse(tx: Tx, stationId: string, evseNo: number): Promise<void> {
  await tx.evse.createMany({ data: [{ id: evseKey(stationId, evseNo), stationId, evseNo }], skipDuplicates: true });
}
