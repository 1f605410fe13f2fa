import type { NewReservation, Reservation, ReservationFilter, ReservationRepository, ReservationStatus } from '../../domain/reservations/index.js';
import type { SqlConnection } from './database.js';
import { decodeCursor, encodeCursor, isCursorTime } from './prisma-errors.js';

interface ReservationRow {
  command_id: string;
  station_id: string;
  reservation_id: number;
  evse_no: number | null;
  id_token: string;
  requested_by: string;
  status: string;
  expires_at: Date | string;
  created_at: Date | string;
  ended_at: Date | string | null;
}

const COLUMNS = 'command_id, station_id, reservation_id, evse_no, id_token, requested_by, status, expires_at, created_at, ended_at';

const fromRow = (r: ReservationRow): Reservation => ({
  commandId: r.command_id,
  stationId: r.station_id,
  reservationId: Number(r.reservation_id),
  evseNo: r.evse_no === null ? null : Number(r.evse_no),
  idToken: r.id_token,
  requestedBy: r.requested_by,
  status: r.status as ReservationStatus,
  expiresAt: new Date(r.expires_at),
  createdAt: new Date(r.created_at),
  endedAt: r.ended_at === null ? null : new Date(r.ended_at),
});

/** Reservations in plain SQL (PostgreSQL and PGlite). */
export class SqlReservationRepository implements ReservationRepository {
  constructor(private readonly sql: SqlConnection) {}

  async activate(r: NewReservation, at: Date): Promise<void> {
    await this.sql.transaction(async (tx) => {
      // Already recorded (the same answer handled twice): nothing to do.
      const [known] = await tx.query<{ command_id: string }>('SELECT command_id FROM reservations WHERE command_id = $1', [r.commandId]);
      if (known) return;
      await tx.query(
        `UPDATE reservations SET status = 'replaced', ended_at = $3 WHERE station_id = $1 AND reservation_id = $2 AND status = 'active'`,
        [r.stationId, r.reservationId, at],
      );
      await tx.query(
        `INSERT INTO reservations (command_id, station_id, reservation_id, evse_no, id_token, requested_by, status, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8) ON CONFLICT (command_id) DO NOTHING`,
        [r.commandId, r.stationId, r.reservationId, r.evseNo, r.idToken, r.requestedBy, r.expiresAt, at],
      );
    });
  }

  async findActive(stationId: string, reservationId: number): Promise<Reservation | null> {
    const [row] = await this.sql.query<ReservationRow>(
      `SELECT ${COLUMNS} FROM reservations WHERE station_id = $1 AND reservation_id = $2 AND status = 'active'`,
      [stationId, reservationId],
    );
    return row ? fromRow(row) : null;
  }

  async end(stationId: string, reservationId: number, status: Exclude<ReservationStatus, 'active'>, at: Date): Promise<Reservation | null> {
    const [row] = await this.sql.query<ReservationRow>(
      `UPDATE reservations SET status = $3, ended_at = $4 WHERE station_id = $1 AND reservation_id = $2 AND status = 'active' RETURNING ${COLUMNS}`,
      [stationId, reservationId, status, at],
    );
    return row ? fromRow(row) : null;
  }

  async due(now: Date, limit: number): Promise<Reservation[]> {
    const rows = await this.sql.query<ReservationRow>(
      `SELECT ${COLUMNS} FROM reservations WHERE status = 'active' AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
      [now, limit],
    );
    return rows.map(fromRow);
  }

  async get(commandId: string): Promise<Reservation | null> {
    const [row] = await this.sql.query<ReservationRow>(`SELECT ${COLUMNS} FROM reservations WHERE command_id = $1`, [commandId]);
    return row ? fromRow(row) : null;
  }

  async list(f: ReservationFilter): Promise<{ items: Reservation[]; nextCursor: string | null }> {
    const c = decodeCursor(f.cursor, 2, ([at, id]) => isCursorTime(at) && typeof id === 'string');
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown): string => `$${args.push(v)}`;
    if (f.commandId) where.push(`r.command_id = ${arg(f.commandId)}`);
    if (f.stationId) where.push(`r.station_id = ${arg(f.stationId)}`);
    if (f.status) where.push(`r.status = ${arg(f.status)}`);
    if (f.visibleTo) {
      const op = arg(f.visibleTo);
      where.push(`(r.requested_by = ${op} OR r.station_id IN (SELECT id FROM stations WHERE operator_id = ${op}))`);
    }
    if (c) where.push(`(r.created_at, r.command_id) < (${arg(new Date(String(c[0])))}, ${arg(String(c[1]))})`);
    const rows = await this.sql.query<ReservationRow>(
      `SELECT ${COLUMNS.split(', ').map((col) => `r.${col}`).join(', ')} FROM reservations r
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY r.created_at DESC, r.command_id DESC LIMIT ${arg(f.limit + 1)}`,
      args,
    );
    const items = rows.slice(0, f.limit).map(fromRow);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > f.limit && last ? encodeCursor([last.createdAt.toISOString(), last.commandId]) : null };
  }
}
