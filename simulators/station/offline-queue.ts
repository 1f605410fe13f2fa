/**
 * Messages a station could not send while offline, replayed in order on reconnect.
 * Optionally replays some entries twice in a row (duplicates) to exercise the server's idempotency.
 */
import type { Rng } from '../random.js';
import type { PendingCall } from './types.js';

export interface QueuedCall {
  call: PendingCall;
  /** Applied to the first successful result only (1.6 StartTransaction sets the transactionId). */
  onResult?: (result: unknown) => void;
}

export interface ReplayOptions {
  /** Probability (0..1) that an entry is sent a second time right after the first. Default 0. */
  duplicateFraction?: number;
  /** Replay every entry twice (overrides duplicateFraction). */
  duplicateAll?: boolean;
  rng?: Rng;
}

export type SendFn = (call: PendingCall, duplicate: boolean) => Promise<{ ok: boolean; result?: unknown }>;

export interface ReplaySummary {
  replayed: number;
  duplicates: number;
  failed: number;
}

export class OfflineQueue {
  private items: QueuedCall[] = [];

  get length(): number {
    return this.items.length;
  }

  push(item: QueuedCall): void {
    this.items.push(item);
  }

  peek(): readonly QueuedCall[] {
    return this.items;
  }

  /** Send everything in order; entries are removed as they are sent, whatever the outcome. */
  async replay(send: SendFn, options: ReplayOptions = {}): Promise<ReplaySummary> {
    const rng = options.rng ?? Math.random;
    const fraction = options.duplicateAll ? 1 : (options.duplicateFraction ?? 0);
    const summary: ReplaySummary = { replayed: 0, duplicates: 0, failed: 0 };
    while (this.items.length > 0) {
      const item = this.items.shift() as QueuedCall;
      const first = await send(item.call, false);
      summary.replayed++;
      if (first.ok) item.onResult?.(first.result);
      else summary.failed++;
      if (fraction > 0 && rng() < fraction) {
        const again = await send(item.call, true);
        summary.duplicates++;
        if (!again.ok) summary.failed++;
      }
    }
    return summary;
  }
}
