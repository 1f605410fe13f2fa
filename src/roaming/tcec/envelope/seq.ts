import type { Clock } from '../../../shared/clock.js';
import { formatTimeStamp } from './timestamp.js';

export interface Stamp {
  timeStamp: string;
  seq: string;
}

const MAX_SEQ = 9999;

/**
 * Issues (TimeStamp, Seq) pairs for one sender: Seq counts 0001… within a second and starts
 * again at 0001 in the next one. When 9999 messages have been sent within one second the stamp
 * borrows the next second instead of wrapping, so (OperatorID, TimeStamp, Seq) stays unique and a
 * receiver's replay check never refuses an honest message. The stamp never goes back in time.
 * One process only: the platform's client, on several nodes as one OperatorID, uses SeqIssuer
 * (blocks reserved from the store, decision 0019); this is for a lone sender (tests, benchmarks).
 */
export class SeqCounter {
  #second = 0;
  #seq = 0;

  constructor(private readonly clock: Clock) {}

  next(): Stamp {
    const second = Math.floor(this.clock.now().getTime() / 1000);
    if (second > this.#second) {
      this.#second = second;
      this.#seq = 0;
    }
    if (this.#seq === MAX_SEQ) {
      this.#second += 1;
      this.#seq = 0;
    }
    this.#seq += 1;
    return { timeStamp: formatTimeStamp(new Date(this.#second * 1000)), seq: String(this.#seq).padStart(4, '0') };
  }
}
