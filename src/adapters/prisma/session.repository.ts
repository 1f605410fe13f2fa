import type {
  ChargingSession,
  MeterSample,
  SessionChange,
  SessionRepository,
  Start16Input,
  TxEventMeta,
} from '../../domain/sessions/index.js';
import type { PrismaClient } from './generated/client.js';
import type { GroupCommit, Tx } from './group-commit.js';
import { sampleRows, sessionFromRow, sessionToRow } from './session.mapper.js';

const CACHE_LIMIT = 200_000;

export class PrismaSessionRepository implements SessionRepository {
  /** (station, transactionId) → session id; sessions never change ids, so the cache cannot go stale. */
  #ids = new Map<string, string>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly gc: GroupCommit,
  ) {}

  start16(input: Start16Input): Promise<{ session: ChargingSession; ocppTxNo: number; created: boolean }> {
    return this.gc.run(async (tx) => {
      const existing = await tx.chargingSession.findUnique({ where: { startKey: input.startKey } });
      if (existing) return { session: sessionFromRow(existing), ocppTxNo: existing.ocppTxNo, created: false };
      const [next] = await tx.$queryRaw<{ n: number }[]>`SELECT nextval('charging_sessions_ocpp_tx_no_seq')::int AS n`;
      const n = next?.n ?? 0;
      const row = await tx.chargingSession.create({
        data: {
          id: input.id,
          ocppTxNo: n,
          transactionId: String(n),
          startKey: input.startKey,
          stationId: input.stationId,
          operatorId: input.operatorId,
          ocppVersion: '1.6',
          evseNo: input.connectorNo,
          connectorNo: 1,
          idToken: input.idToken,
          authStatus: input.authStatus,
          startedAt: input.startedAt,
          meterStartWh: BigInt(input.meterStartWh),
        },
      });
      this.#remember(input.stationId, row.transactionId, row.id);
      return { session: sessionFromRow(row), ocppTxNo: n, created: true };
    });
  }

  update(
    stationId: string,
    transactionId: string,
    decide: (current: ChargingSession | null, duplicate: boolean) => SessionChange,
    event?: TxEventMeta,
  ): Promise<ChargingSession | null> {
    return this.gc.run(async (tx) => {
      const row = await tx.chargingSession.findUnique({ where: { stationId_transactionId: { stationId, transactionId } } });
      const current = row ? sessionFromRow(row) : null;
      const duplicate =
        row !== null && event !== undefined &&
        (await tx.transactionEvent.findUnique({ where: { sessionId_seqNo: { sessionId: row.id, seqNo: event.seqNo } }, select: { seqNo: true } })) !== null;
      const change = decide(current, duplicate);
      if (change.kind === 'none') return current;
      const s = change.session;
      const data = sessionToRow(s);
      if (row) await tx.chargingSession.update({ where: { id: s.id }, data });
      else await tx.chargingSession.create({ data });
      if (event) {
        await tx.transactionEvent.create({
          data: { sessionId: s.id, seqNo: event.seqNo, eventType: event.eventType, triggerReason: event.triggerReason, occurredAt: event.occurredAt, offline: event.offline },
        });
      }
      await insertSamples(tx, stationId, s.evseNo ?? 0, s.id, change.samples);
      this.#remember(stationId, transactionId, s.id);
      return s;
    });
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
    const row = await this.prisma.chargingSession.findUnique({ where: { stationId_transactionId: { stationId, transactionId } }, select: { id: true } });
    if (row) this.#remember(stationId, transactionId, row.id);
    return row?.id ?? null;
  }

  #remember(stationId: string, transactionId: string, id: string): void {
    if (this.#ids.size >= CACHE_LIMIT) this.#ids.clear();
    this.#ids.set(`${stationId}\u0000${transactionId}`, id);
  }
}

async function insertSamples(tx: Tx, stationId: string, evseNo: number, sessionId: string | null, samples: readonly MeterSample[]): Promise<void> {
  if (samples.length === 0) return;
  await tx.meterSample.createMany({ data: sampleRows(stationId, evseNo, sessionId, samples), skipDuplicates: true });
}

type SampleRow = ReturnType<typeof sampleRows>[number];

/** One INSERT for any number of rows (arrays + unnest keep it a single, fixed-shape statement). */
async function writeSampleRows(tx: Tx, rows: readonly SampleRow[]): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO meter_samples (station_id, session_id, evse_no, sampled_at, measurand, phase, location, context, value, unit, signed)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::numeric[], $10::text[], $11::boolean[])
     ON CONFLICT DO NOTHING`,
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
  );
}
