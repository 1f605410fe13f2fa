/** The highest Seq of a T/CEC envelope (four digits; 0001 is the first of a second). */
export const MAX_ENVELOPE_SEQ = 9999;

/** Consecutive Seq numbers one sender may use in one second of TimeStamp: first..last. */
export interface SeqBlock {
  /** Unix seconds of the TimeStamp. */
  readonly second: number;
  readonly first: number;
  readonly last: number;
}

/**
 * Where the Seq numbers of each OperatorID we send as are handed out, shared by every node: two
 * nodes never get the same (second, Seq) for one OperatorID. A node reserves a block and issues
 * it from memory, so a push costs no store round trip of its own.
 */
export interface EnvelopeSeqBlocks {
  /**
   * Reserves `count` (1..9999) numbers in the earliest second at or after `notBefore` and after
   * every block reserved so far for this OperatorID. When the second has fewer left, the block is
   * the next second's first: never back in time, never past 9999.
   */
  reserve(operatorId: string, notBefore: number, count: number): Promise<SeqBlock>;
}
