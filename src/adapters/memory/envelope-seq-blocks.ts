import { MAX_ENVELOPE_SEQ, type EnvelopeSeqBlocks, type SeqBlock } from '../../domain/roaming/index.js';

/** The in-process twin of SqlEnvelopeSeqBlocks (one node, or a client with no store: tests, simulators). */
export class MemoryEnvelopeSeqBlocks implements EnvelopeSeqBlocks {
  readonly #last = new Map<string, { second: number; lastSeq: number }>();

  async reserve(operatorId: string, notBefore: number, count: number): Promise<SeqBlock> {
    if (!Number.isInteger(count) || count < 1 || count > MAX_ENVELOPE_SEQ) throw new RangeError(`a Seq block holds 1..${MAX_ENVELOPE_SEQ} numbers (asked ${count})`);
    const row = this.#last.get(operatorId);
    let next: { second: number; lastSeq: number };
    if (!row || row.second < notBefore) next = { second: notBefore, lastSeq: count };
    else if (row.lastSeq + count > MAX_ENVELOPE_SEQ) next = { second: row.second + 1, lastSeq: count };
    else next = { second: row.second, lastSeq: row.lastSeq + count };
    this.#last.set(operatorId, next);
    return { second: next.second, first: next.lastSeq - count + 1, last: next.lastSeq };
  }
}
