import type { ApiKeyRecord, ApiKeyRepository } from '../../domain/access/index.js';
import type { OperatorRole } from '../../domain/catalog/index.js';
import type { SqlConnection } from './database.js';

interface Row {
  id: string;
  operator_id: string;
  name: string;
  created_at: Date | string;
  revoked_at: Date | string | null;
}
const record = (r: Row): ApiKeyRecord => ({
  id: r.id,
  operatorId: r.operator_id,
  name: r.name,
  createdAt: new Date(r.created_at).toISOString(),
  revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at).toISOString(),
});

export class SqlApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly sql: SqlConnection) {}

  async create(k: { id: string; operatorId: string; name: string; secretHash: string }): Promise<ApiKeyRecord> {
    const [row] = await this.sql.query<Row>(
      'INSERT INTO api_keys (id, operator_id, name, secret_hash) VALUES ($1, $2, $3, $4) RETURNING id, operator_id, name, created_at, revoked_at',
      [k.id, k.operatorId, k.name, k.secretHash],
    );
    return record(row!);
  }

  async findActive(id: string): Promise<{ operatorId: string; secretHash: string; roles: OperatorRole[] } | null> {
    const [row] = await this.sql.query<{ operator_id: string; secret_hash: string; roles: OperatorRole[] }>(
      'SELECT k.operator_id, k.secret_hash, o.roles FROM api_keys k JOIN operators o ON o.id = k.operator_id WHERE k.id = $1 AND k.revoked_at IS NULL',
      [id],
    );
    return row ? { operatorId: row.operator_id, secretHash: row.secret_hash, roles: row.roles } : null;
  }

  async list(operatorId: string | undefined): Promise<ApiKeyRecord[]> {
    const rows = await this.sql.query<Row>(
      'SELECT id, operator_id, name, created_at, revoked_at FROM api_keys WHERE ($1::text IS NULL OR operator_id = $1) ORDER BY created_at, id',
      [operatorId ?? null],
    );
    return rows.map(record);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const rows = await this.sql.query('UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id, at]);
    return rows.length === 1;
  }
}
