import { isKind, type EventConsumer, type StoredEvent } from '../events/index.js';
import type { ReconciliationService } from './reconciliation.service.js';

/**
 * The station's answers to reconciliation probes, and the seqNo check of every 2.0.1 transaction
 * that ends. Idempotent: a probe is answered once; a gap check recomputes from the stored events.
 */
export function transactionReconciliation(service: ReconciliationService, commandResponse: (commandId: string) => Promise<unknown>): EventConsumer {
  return {
    name: 'transaction-reconciliation',
    kinds: ['command.answered', 'session.ended'],
    async handle(events: readonly StoredEvent[]) {
      for (const e of events) {
        if (isKind(e, 'command.answered') && e.payload.kind === 'get-transaction-status') {
          await service.probeAnswered(e.payload.commandId, e.payload.status, await commandResponse(e.payload.commandId));
        } else if (isKind(e, 'session.ended')) {
          await service.checkGaps(e.payload.sessionId);
        }
      }
    },
  };
}
