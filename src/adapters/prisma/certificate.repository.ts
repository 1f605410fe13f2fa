import type { CertificateRepository, IssuedCertificate, NewCertificateRequest, SigningUse, StationCertificate, StationCertificateStatus } from '../../domain/certificates/index.js';
import { domainEvent } from '../../domain/events/index.js';
import type { SqlConnection } from './database.js';
import { appendEvents } from './outbox.writer.js';

interface CertificateRow {
  id: string;
  station_id: string;
  certificate_type: string;
  csr: string;
  status: string;
  error: string | null;
  subject: string;
  certificate: string | null;
  serial_number: string | null;
  not_before: Date | string | null;
  not_after: Date | string | null;
  command_id: string | null;
  requested_at: Date | string;
  issued_at: Date | string | null;
}

const COLUMNS = 'id, station_id, certificate_type, csr, status, error, subject, certificate, serial_number, not_before, not_after, command_id, requested_at, issued_at';
const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

const fromRow = (r: CertificateRow): StationCertificate => ({
  id: r.id,
  stationId: r.station_id,
  certificateType: r.certificate_type as SigningUse,
  csr: r.csr,
  status: r.status as StationCertificateStatus,
  error: r.error,
  subject: r.subject,
  certificate: r.certificate,
  serialNumber: r.serial_number,
  notBefore: date(r.not_before),
  notAfter: date(r.not_after),
  commandId: r.command_id,
  requestedAt: new Date(r.requested_at),
  issuedAt: date(r.issued_at),
});

/** Station certificates in plain SQL (PostgreSQL and PGlite). */
export class SqlCertificateRepository implements CertificateRepository {
  constructor(private readonly sql: SqlConnection) {}

  async request(r: NewCertificateRequest): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO station_certificates (id, station_id, certificate_type, csr, subject, requested_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [r.id, r.stationId, r.certificateType, r.csr, r.subject, r.requestedAt],
      );
      await appendEvents(tx, [domainEvent('certificate.requested', r.id, r.stationId, { requestId: r.id, stationId: r.stationId }, r.requestedAt)]);
    });
  }

  async get(id: string): Promise<StationCertificate | null> {
    const [row] = await this.sql.query<CertificateRow>(`SELECT ${COLUMNS} FROM station_certificates WHERE id = $1`, [id]);
    return row ? fromRow(row) : null;
  }

  async markIssued(id: string, c: IssuedCertificate, commandId: string, at: Date): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE station_certificates SET status = 'issued', certificate = $2, serial_number = $3, not_before = $4, not_after = $5, command_id = $6, issued_at = $7
       WHERE id = $1 AND status = 'requested' RETURNING id`,
      [id, c.certificatePem, c.serialNumber, c.notBefore, c.notAfter, commandId, at],
    );
    return rows.length === 1;
  }

  async markFailed(id: string, error: string, at: Date): Promise<void> {
    await this.sql.query(`UPDATE station_certificates SET status = 'failed', error = $2, issued_at = $3 WHERE id = $1 AND status = 'requested'`, [id, error, at]);
  }

  async listForStation(stationId: string, limit: number): Promise<StationCertificate[]> {
    const rows = await this.sql.query<CertificateRow>(
      `SELECT ${COLUMNS} FROM station_certificates WHERE station_id = $1 ORDER BY requested_at DESC, id DESC LIMIT $2`,
      [stationId, limit],
    );
    return rows.map(fromRow);
  }
}
