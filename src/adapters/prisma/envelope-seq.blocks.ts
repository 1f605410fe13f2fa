import { MAX_ENVELOPE_SEQ, type EnvelopeSeqBlocks, type SeqBlock } from '../../domain/roaming/index.js';
import type { Sql } from './database.js';

/**
 * Seq blocks in plain SQL: one upsert per block, atomic on the OperatorID's row (PostgreSQL and
 * PGlite), so concurrent nodes get disjoint blocks. The right-hand sides all read the row as it
 * was, so the second and the last Seq move together.
 */
export class SqlEnvelopeSeqBlocks implements EnvelopeSeqBlocks {
  constructor(private readonly sql: Sql) {}

  async reserve(operatorId: string, notBefore: number, count: number): Promise<SeqBlock> {
    if (!Number.isInteger(count) || count < 1 || count > MAX_ENVELOPE_SEQ) throw new RangeError(`a Seq block holds 1..${MAX_ENVELOPE_SEQ} numbers (asked ${count})`);
    const [row] = await this.sql.query<{ second: string | number | bigint; last_seq: number }>(
      `INSERT INTO tcec_seq_blocks AS b (operator_id, second, last_seq) VALUES ($1, $2, $3)
       ON CONFLICT (operator_id) DO UPDATE SET
         second = CASE WHEN b.second < $2 THEN $2 WHEN b.last_seq + $3 > ${MAX_ENVELOPE_SEQ} THEN b.second + 1 ELSE b.second END,
         last_seq = CASE WHEN b.second < $2 OR b.last_seq + $3 > ${MAX_ENVELOPE_SEQ} THEN $3 ELSE b.last_seq + $3 END
       RETURNING second, last_seq`,
      [operatorId, notBefore, count],
    );
    const last = Number(row!.last_seq);
    return { second: Number(row!.second), first: last - count + 1, last };
  }
}
