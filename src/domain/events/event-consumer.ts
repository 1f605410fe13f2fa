import type { EventKind, StoredEvent } from './domain-event.js';

/**
 * Something that acts on events. Delivery is at least once and in outbox order: a consumer must
 * be idempotent by the event's key or subject (a crash after handling and before the cursor moved
 * hands the same events over again).
 */
export interface EventConsumer {
  /** Durable consumers keep their cursor under this name. */
  readonly name: string;
  /** Only these kinds are handed over (the cursor moves past the others). */
  readonly kinds: readonly EventKind[];
  handle(events: readonly StoredEvent[]): Promise<void>;
  /** Idle wait between reads (ms); longer waits make bigger, cheaper batches. Default: the runner's. */
  readonly pollMs?: number;
  /** Events handed over at most per step. Default: the runner's. */
  readonly batch?: number;
}
