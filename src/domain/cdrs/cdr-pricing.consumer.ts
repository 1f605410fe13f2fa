import { isKind, type EventConsumer, type StoredEvent } from '../events/index.js';
import type { CdrService } from './cdr.service.js';

/**
 * Every finished session gets exactly one CDR: on session.ended, whatever ended it (StopTransaction,
 * TransactionEvent Ended, a remote stop, the stale-session sweep). Replays and redeliveries add
 * nothing: the store keeps one original per session.
 */
export const CDR_PRICING = 'cdr-pricing';

export function cdrPricing(cdrs: CdrService): EventConsumer {
  return {
    name: CDR_PRICING,
    kinds: ['session.ended'],
    // CDRs may follow the session by a second: batches of hundreds cost far less per CDR.
    pollMs: 1_000,
    batch: 500,
    async handle(events: readonly StoredEvent[]) {
      const ids = events.filter((e) => isKind(e, 'session.ended')).map((e) => e.subject);
      if (ids.length > 0) await cdrs.priceEnded(ids);
    },
  };
}
