import type { NewPartnerPush, PartnerPush, PushOutcome, PushStatus } from './partner-push.model.js';

/**
 * The durable queue of pushes to partners, shared by all nodes. A push is claimed for a while
 * before it is sent (its nextAt moves past the claim), so one node sends it at a time; a node
 * that dies while sending leaves it to be claimed again when the claim runs out.
 */
export interface PartnerPushQueue {
  /**
   * Queues the pushes whose (partnerId, key) is new, claimed by the caller until `claimUntil`
   * (it sends them at once); returns those that were new. Known keys are left as they are.
   */
  enqueue(pushes: readonly NewPartnerPush[], claimUntil: Date): Promise<PartnerPush[]>;
  /** Pending pushes due at `now` (oldest first), claimed until `claimUntil`. */
  claimDue(now: Date, claimUntil: Date, limit: number): Promise<PartnerPush[]>;
  /** Records a try's outcome (see afterTry). */
  complete(id: string, outcome: PushOutcome, now: Date): Promise<void>;
  get(partnerId: string, key: string): Promise<PartnerPush | null>;
  /** Whether a push of this partner and kind queued after `afterId`, whose body has `value` at `bodyPath`, was delivered (sent or ignored). */
  deliveredAfter(partnerId: string, kind: string, afterId: string, bodyPath: readonly string[], value: string): Promise<boolean>;
  /** Newest first. */
  list(filter: { partnerId: string; status?: PushStatus | undefined; limit: number }): Promise<PartnerPush[]>;
  /** Deletes finished pushes (not pending) created before `before`; returns how many. */
  prune(before: Date): Promise<number>;
}
