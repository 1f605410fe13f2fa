import type { DomainEvent } from '../../domain/events/index.js';
import type { Sql } from './database.js';
import type { BulkWriter } from './group-commit.js';

/**
 * Writes domain events into the outbox, inside the transaction of the change they describe. An
 * event whose key is stored already is skipped, so replays and retried batches add nothing.
 */
export async function appendEvents(tx: Sql, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO outbox_events (kind, event_key, subject, payload, occurred_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])
     ON CONFLICT (event_key) DO NOTHING`,
    [
      events.map((e) => e.kind),
      events.map((e) => e.key),
      events.map((e) => e.subject),
      events.map((e) => JSON.stringify(e.payload)),
      events.map((e) => e.occurredAt.toISOString()),
    ],
  );
}

/** The group commit's writer: every event of a batch in one INSERT. */
export const writeEventsInBatch: BulkWriter<DomainEvent> = { singleStatement: true, write: appendEvents };

/** The same event as a Prisma create (for writes that go through Prisma's transactions). */
export const outboxRow = (e: DomainEvent) => ({
  kind: e.kind,
  eventKey: e.key,
  subject: e.subject,
  payload: e.payload as object,
  occurredAt: e.occurredAt,
});

/** Called after a commit that wrote events (this node's own readers catch up before answering). */
export type AfterCommit = () => Promise<void>;
