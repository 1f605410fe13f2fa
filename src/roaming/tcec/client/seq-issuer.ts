import { MAX_ENVELOPE_SEQ, type EnvelopeSeqBlocks } from '../../../domain/roaming/index.js';
import type { Clock } from '../../../shared/clock.js';
import { formatTimeStamp, type Stamp } from '../envelope/index.js';

/** Block sizes: small when a sender is quiet (few numbers of a second wasted), up to this when it is busy. */
const MIN_BLOCK = 4;
const MAX_BLOCK = 1024;

interface Held {
  second: number;
  next: number;
  last: number;
  size: number;
  refill: Promise<void> | null;
}

/**
 * Issues (TimeStamp, Seq) per OperatorID we send as, unique across every node that sends as it:
 * numbers come in blocks reserved from the shared store (one statement per block) and are handed
 * out from memory. A block is used only within its own second (or a later one it borrowed), so a
 * stamp never goes back in time; the store never goes past 9999 (it borrows the next second). A
 * block used up within its second doubles the next one; one left more than half unused halves it,
 * so a busy sender reserves about once a second and a quiet one wastes few numbers.
 */
export class SeqIssuer {
  readonly #held = new Map<string, Held>();

  constructor(
    private readonly blocks: EnvelopeSeqBlocks,
    private readonly clock: Clock,
  ) {}

  async next(operatorId: string): Promise<Stamp> {
    let h = this.#held.get(operatorId);
    if (!h) this.#held.set(operatorId, (h = { second: 0, next: 1, last: 0, size: MIN_BLOCK, refill: null }));
    for (;;) {
      const now = Math.floor(this.clock.now().getTime() / 1000);
      if (h.next <= h.last && h.second >= now) {
        const seq = h.next++;
        return { timeStamp: formatTimeStamp(new Date(h.second * 1000)), seq: String(seq).padStart(4, '0') };
      }
      // One reservation at a time per OperatorID on this node; concurrent sends wait for it.
      h.refill ??= this.refill(operatorId, h, now).finally(() => (h.refill = null));
      await h.refill;
    }
  }

  private async refill(operatorId: string, h: Held, now: number): Promise<void> {
    const left = h.last - h.next + 1;
    if (left <= 0 && h.second >= now) h.size = Math.min(MAX_BLOCK, h.size * 2);
    else if (left > h.size / 2) h.size = Math.max(MIN_BLOCK, Math.floor(h.size / 2));
    const block = await this.blocks.reserve(operatorId, Math.max(now, h.second), Math.min(h.size, MAX_ENVELOPE_SEQ));
    h.second = block.second;
    h.next = block.first;
    h.last = block.last;
  }
}
