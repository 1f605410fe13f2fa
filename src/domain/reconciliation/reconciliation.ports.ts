import type { SilentSession } from './reconciliation.model.js';

/** Reconciliation's store. */
export interface ReconciliationRepository {
  /** Running sessions not heard of since `before`, with their last probe (longest silent first). */
  silent(before: Date, limit: number): Promise<SilentSession[]>;
  probeSent(sessionId: string, commandId: string, newsAtProbe: number, at: Date): Promise<void>;
  /** The station answered the probe of this command; returns the session, or null when no probe had it. */
  probeAnswered(commandId: string, outcome: string, at: Date): Promise<SilentSession | null>;
  /** The seqNos received for the session (2.0.1). */
  seqNos(sessionId: string): Promise<number[]>;
  /** Sessions whose recorded gaps may have been filled since (a late offline replay). */
  withGaps(limit: number): Promise<string[]>;
  recordGaps(sessionId: string, gaps: readonly number[], at: Date): Promise<void>;
  gapsOf(sessionId: string): Promise<{ seqNoGaps: number[]; probe: { probedAt: Date; answeredAt: Date | null; outcome: string | null } | null } | null>;
}
