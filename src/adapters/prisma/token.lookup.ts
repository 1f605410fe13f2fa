import { idTokenType, type IdToken, type TokenLookup, type TokenStatus } from '../../domain/authorization/index.js';
import type { Sql } from './database.js';

/** Token lookups for Authorize/Start on the hot path: one indexed read, no ORM in between. */
export class SqlTokenLookup implements TokenLookup {
  constructor(private readonly sql: Sql) {}

  async findToken(uid: string): Promise<IdToken | null> {
    const [r] = await this.sql.query<{ uid: string; operator_id: string; type: string; status: string; expires_at: Date | string | null; group_id: string | null }>(
      'SELECT uid, operator_id, type, status, expires_at, group_id FROM id_tokens WHERE uid = $1',
      [uid],
    );
    if (!r) return null;
    return {
      uid: r.uid,
      operatorId: r.operator_id,
      type: idTokenType(r.type),
      status: r.status as TokenStatus,
      expiresAt: r.expires_at === null ? null : new Date(r.expires_at),
      groupId: r.group_id,
    };
  }
}
