import type { EventKind, EventPosition, StoredEvent } from '../../domain/events/index.js';
import type { Sql } from './database.js';

interface EventRow {
  id: string | number;
  tx_id: string | number;
  kind: string;
  event_key: string;
  subject: string;
  payload: unknown;
  occurred_at: Date | string;
}

const START: EventPosition = { txId: '0', id: '0' };
const MAX_ID = '9223372036854775807';

/**
 * The visibility horizon: every transaction of this database below it has ended. It is the oldest
 * transaction of this database still running (or, with none, the next transaction id), so a long
 * transaction in another database of the same cluster (another tenant, a test) holds nothing back.
 * Events are read below it in a *later* statement: a transaction that was running when the horizon
 * was taken and has ended since is then visible; one that starts later gets a higher id.
 * Transactions are seen through pg_stat_activity, which shows those of the platform's own role
 * (the only one that writes events).
 */
const HORIZON = `SELECT COALESCE(
    (SELECT min(x)::text FROM pg_snapshot_xip(pg_current_snapshot()) x
     WHERE xid(x) IN (SELECT backend_xid FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL)),
    pg_snapshot_xmax(pg_current_snapshot())::text) AS horizon`;

const stored = (r: EventRow): StoredEvent => ({
  position: { txId: String(r.tx_id), id: String(r.id) },
  kind: r.kind as EventKind,
  key: r.event_key,
  subject: r.subject,
  payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as never,
  occurredAt: new Date(r.occurred_at),
});

/** The outbox as consumers read it, and the durable cursors of named consumers (with a lease). */
export class SqlOutbox {
  /** Consumers whose cursor row exists (made once, then only claimed). */
  #known = new Set<string>();

  constructor(private readonly sql: Sql) {}

  /**
   * Events after `after`, in order, only of `kinds` when given; `through` tells how far the read
   * looked: past events of other kinds, and when the page is not full, up to the visibility
   * horizon (every transaction below it has ended, so nothing can appear behind it).
   */
  async read(after: EventPosition, limit: number, kinds?: readonly EventKind[]): Promise<{ events: StoredEvent[]; through: EventPosition }> {
    const horizon = await this.#horizon();
    const rows = await this.sql.query<EventRow>(
      `SELECT id, tx_id, kind, event_key, subject, payload, occurred_at FROM outbox_events
       WHERE (tx_id, id) > ($1::bigint, $2::bigint) AND tx_id < $4::bigint ${kinds ? 'AND kind = ANY($5::text[])' : ''}
       ORDER BY tx_id, id LIMIT $3`,
      kinds ? [after.txId, after.id, limit, horizon, [...kinds]] : [after.txId, after.id, limit, horizon],
    );
    const events = rows.map(stored);
    if (events.length === limit) return { events, through: events[events.length - 1]!.position };
    // Everything below the horizon has been seen: move there (but never backwards).
    const edge: EventPosition = { txId: String(BigInt(horizon) - 1n), id: MAX_ID };
    return { events, through: BigInt(edge.txId) > BigInt(after.txId) ? edge : events[events.length - 1]?.position ?? after };
  }

  async #horizon(): Promise<string> {
    return (await this.sql.query<{ horizon: string }>(HORIZON))[0]!.horizon;
  }

  /** The position of the newest visible event (where a consumer that wants only new events starts). */
  async head(): Promise<EventPosition> {
    const horizon = await this.#horizon();
    const [r] = await this.sql.query<{ tx_id: string; id: string }>(
      `SELECT tx_id::text, id::text FROM outbox_events WHERE tx_id < $1::bigint ORDER BY tx_id DESC, id DESC LIMIT 1`,
      [horizon],
    );
    return r ? { txId: r.tx_id, id: r.id } : START;
  }

  /**
   * Takes (or renews) the consumer's lease for `leaseMs` and returns its cursor; undefined while
   * another node holds it. A consumer seen for the first time starts at `startAt`.
   */
  async claim(name: string, owner: string, leaseMs: number, startAt: EventPosition = START): Promise<EventPosition | undefined> {
    if (!this.#known.has(name)) {
      await this.sql.query(
        `INSERT INTO outbox_consumers (name, tx_id, event_id) VALUES ($1, $2::bigint, $3::bigint) ON CONFLICT (name) DO NOTHING`,
        [name, startAt.txId, startAt.id],
      );
      this.#known.add(name);
    }
    const [r] = await this.sql.query<{ tx_id: string; event_id: string }>(
      `UPDATE outbox_consumers SET lease_owner = $2, lease_until = now() + ($3::int * interval '1 millisecond'), updated_at = now()
       WHERE name = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < now())
       RETURNING tx_id::text, event_id::text`,
      [name, owner, leaseMs],
    );
    return r ? { txId: r.tx_id, id: r.event_id } : undefined;
  }

  /** Moves the cursor, if this owner still holds the lease; false when it was lost. */
  async advance(name: string, owner: string, to: EventPosition): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE outbox_consumers SET tx_id = $3::bigint, event_id = $4::bigint, updated_at = now()
       WHERE name = $1 AND lease_owner = $2 AND (tx_id, event_id) <= ($3::bigint, $4::bigint) RETURNING name`,
      [name, owner, to.txId, to.id],
    );
    return rows.length > 0;
  }

  async release(name: string, owner: string): Promise<void> {
    await this.sql.query(`UPDATE outbox_consumers SET lease_owner = NULL, lease_until = NULL WHERE name = $1 AND lease_owner = $2`, [name, owner]);
  }

  /** Whether the consumer has events of these kinds still to handle (committed or not). */
  async pending(name: string, kinds: readonly EventKind[]): Promise<boolean> {
    const [r] = await this.sql.query<{ pending: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM outbox_events e JOIN outbox_consumers c ON c.name = $1
         WHERE e.kind = ANY($2::text[]) AND (e.tx_id, e.id) > (c.tx_id, c.event_id)) AS pending`,
      [name, [...kinds]],
    );
    return r?.pending === true;
  }

  /** Where each durable consumer stands. */
  async cursors(): Promise<{ name: string; position: EventPosition; leaseOwner: string | null }[]> {
    const rows = await this.sql.query<{ name: string; tx_id: string; event_id: string; lease_owner: string | null }>(
      `SELECT name, tx_id::text, event_id::text, lease_owner FROM outbox_consumers ORDER BY name`,
    );
    return rows.map((r) => ({ name: r.name, position: { txId: r.tx_id, id: r.event_id }, leaseOwner: r.lease_owner }));
  }

  /**
   * Deletes events older than `before` that every durable consumer has passed; returns how many.
   * Consumers that have not been seen for a week no longer hold the outbox back.
   */
  async prune(before: Date, limit = 50_000): Promise<number> {
    // Oldest first by id (ids grow with time): no index on created_at to keep up on the hot path.
    const rows = await this.sql.query(
      `DELETE FROM outbox_events WHERE id IN (
         SELECT e.id FROM (SELECT id, tx_id, created_at FROM outbox_events ORDER BY id LIMIT $2) e
         WHERE e.created_at < $1
           AND NOT EXISTS (SELECT 1 FROM outbox_consumers c
                           WHERE c.updated_at > now() - interval '7 days' AND (c.tx_id, c.event_id) < (e.tx_id, e.id)))
       RETURNING id`,
      [before, limit],
    );
    return rows.length;
  }
}
