import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/adapters/prisma/database.js';
import { OutboxRunner, OutboxTail } from '../../../src/adapters/prisma/outbox-runner.js';
import { SqlOutbox } from '../../../src/adapters/prisma/outbox.store.js';
import { appendEvents } from '../../../src/adapters/prisma/outbox.writer.js';
import { domainEvent, type EventConsumer, type StoredEvent } from '../../../src/domain/events/index.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { createTestDatabase } from '../../helpers/services.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const at = new Date('2026-12-01T02:00:00Z');
const tariffChanged = (id: string) => domainEvent('tariff.changed', id, id, { tariffId: id }, at);
const catalogChanged = (id: string) => domainEvent('catalog.changed', id, id, { entity: 'location', id }, at);

/** A consumer that records what it was handed; it can be told to fail once after recording. */
function recorder(name: string, kinds: EventConsumer['kinds'] = ['tariff.changed']) {
  const seen: string[] = [];
  let failNext = false;
  const consumer: EventConsumer = {
    name,
    kinds,
    async handle(events: readonly StoredEvent[]) {
      seen.push(...events.map((e) => e.subject));
      if (failNext) {
        failNext = false;
        throw new Error('crash after handling, before the cursor moved');
      }
    },
  };
  return { consumer, seen, failOnce: () => (failNext = true) };
}

describe.each(STORE_TARGETS)('outbox on $name', (target) => {
  let db: Database;
  let outbox: SqlOutbox;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await target.open();
    db = opened.db;
    dispose = opened.dispose;
    outbox = new SqlOutbox(db.sql);
  });
  afterAll(() => dispose());

  it('stores each fact once and reads events in commit order', async () => {
    await db.sql.transaction((tx) => appendEvents(tx, [tariffChanged('T1'), tariffChanged('T2')]));
    // The same facts again (a replay) and a new one.
    await db.sql.transaction((tx) => appendEvents(tx, [tariffChanged('T1'), tariffChanged('T3')]));
    const { events, through } = await outbox.read({ txId: '0', id: '0' }, 100);
    expect(events.map((e) => e.subject)).toEqual(['T1', 'T2', 'T3']);
    expect(events[0]).toMatchObject({ kind: 'tariff.changed', key: 'tariff.changed:T1', payload: { tariffId: 'T1' }, occurredAt: at });
    // The read looked up to the visibility horizon: nothing more behind it.
    expect(BigInt(through.txId)).toBeGreaterThanOrEqual(BigInt(events[2]!.position.txId));
    expect((await outbox.read(through, 100)).events).toEqual([]);
    // A full page stops at its last event.
    expect((await outbox.read({ txId: '0', id: '0' }, 2)).through).toEqual(events[1]!.position);
    expect(await outbox.head()).toEqual(events[2]!.position);
    // Paging from a position returns what follows it.
    expect((await outbox.read(events[0]!.position, 100)).events.map((e) => e.subject)).toEqual(['T2', 'T3']);
  });

  // PGlite has one connection: its transactions never overlap, so this race cannot happen there.
  it.skipIf(target.name === 'PGlite')('an event whose transaction began first but commits last is read after it commits, not skipped', async () => {
    const start = await outbox.head();
    let commitFirst!: () => void;
    const held = new Promise<void>((r) => (commitFirst = r));
    let began!: () => void;
    const hasWritten = new Promise<void>((r) => (began = r));
    const slow = db.sql.transaction(async (tx) => {
      await appendEvents(tx, [tariffChanged('SLOW')]);
      began();
      await held;
    });
    await hasWritten;
    await db.sql.transaction((tx) => appendEvents(tx, [tariffChanged('FAST')]));
    // FAST committed, but SLOW's transaction is older and still open: nothing is read yet.
    expect((await outbox.read(start, 100)).events.map((e) => e.subject)).toEqual([]);
    commitFirst();
    await slow;
    expect((await outbox.read(start, 100)).events.map((e) => e.subject)).toEqual(['SLOW', 'FAST']);
  });

  // Only PostgreSQL has other databases in the same cluster.
  it.skipIf(target.name === 'PGlite')("a long transaction in another database holds nothing back", async () => {
    const start = await outbox.head();
    const other = await createTestDatabase('xjother');
    const client = new pg.Client({ connectionString: other.url });
    await client.connect();
    try {
      // A transaction id in another database of the cluster, older than the event's, still open.
      await client.query('BEGIN');
      await client.query('SELECT pg_current_xact_id()');
      // (A kind the other tests here do not count.)
      await db.sql.transaction((tx) => appendEvents(tx, [domainEvent('agreement.changed', 'ELSEWHERE', 'ELSEWHERE', { agreementId: 'ELSEWHERE' }, at)]));
      expect((await outbox.read(start, 100)).events.map((e) => e.subject)).toEqual(['ELSEWHERE']);
      expect(await outbox.head()).not.toEqual(start);
      await client.query('ROLLBACK');
    } finally {
      await client.end();
      await other.drop();
    }
  });

  it('a consumer lease keeps other nodes off until it expires; the cursor survives the hand-over', async () => {
    const a = await outbox.claim('lease-test', 'node-a', 60_000);
    expect(a).toEqual({ txId: '0', id: '0' });
    expect(await outbox.claim('lease-test', 'node-b', 60_000)).toBeUndefined();
    const head = await outbox.head();
    expect(await outbox.advance('lease-test', 'node-a', head)).toBe(true);
    // node-b cannot move a cursor it does not hold.
    expect(await outbox.advance('lease-test', 'node-b', { txId: '0', id: '0' })).toBe(false);
    await outbox.release('lease-test', 'node-a');
    expect(await outbox.claim('lease-test', 'node-b', 1)).toEqual(head);
    await new Promise((r) => setTimeout(r, 20));
    // node-b's 1 ms lease has run out: node-a takes over where node-b stood.
    expect(await outbox.claim('lease-test', 'node-a', 60_000)).toEqual(head);
    // A cursor never moves backwards.
    expect(await outbox.advance('lease-test', 'node-a', { txId: '0', id: '0' })).toBe(false);
  });

  it('the runner hands each event over at least once: after a crash before the cursor moved, again', async () => {
    const r = recorder('at-least-once');
    const runner = new OutboxRunner(outbox, [r.consumer], { owner: 'node-a', log: silentLogger, batch: 2 });
    r.failOnce();
    await expect(runner.step(r.consumer)).rejects.toThrow(/crash/);
    await runner.drain();
    // T1 and T2 were handed over twice (the first batch failed), T3 once; SLOW/FAST on PostgreSQL.
    const expected = target.name === 'PGlite' ? ['T1', 'T2', 'T1', 'T2', 'T3'] : ['T1', 'T2', 'T1', 'T2', 'T3', 'SLOW', 'FAST'];
    expect(r.seen).toEqual(expected);
    // Caught up: nothing more.
    expect(await runner.step(r.consumer)).toBe(0);
    await db.sql.transaction((tx) => appendEvents(tx, [catalogChanged('L1'), tariffChanged('T4')]));
    await runner.drain();
    // Only its kinds; the cursor moved past the others.
    expect(r.seen.slice(expected.length)).toEqual(['T4']);
    await runner.stop();
  });

  it('tells whether a consumer still has events of some kinds to handle', async () => {
    const r = recorder('pending-check', ['tariff.changed']);
    const runner = new OutboxRunner(outbox, [r.consumer], { owner: 'node-a', log: silentLogger });
    await runner.drain();
    expect(await outbox.pending('pending-check', ['tariff.changed'])).toBe(false);
    await db.sql.transaction((tx) => appendEvents(tx, [tariffChanged('T-PENDING')]));
    expect(await outbox.pending('pending-check', ['tariff.changed'])).toBe(true);
    // Events of other kinds do not count.
    expect(await outbox.pending('pending-check', ['catalog.changed'])).toBe(false);
    await runner.drain();
    expect(await outbox.pending('pending-check', ['tariff.changed'])).toBe(false);
    await runner.stop();
  });

  it('a running consumer picks up new events by itself, and the tail sees only what came after its start', async () => {
    const r = recorder('background', ['catalog.changed']);
    const tail = new OutboxTail(outbox, silentLogger, 20);
    const tailed: string[] = [];
    tail.on(['catalog.changed'], (events) => tailed.push(...events.map((e) => e.subject)));
    await tail.start();
    const runner = new OutboxRunner(outbox, [r.consumer], { owner: 'node-a', log: silentLogger, pollMs: 20 });
    runner.start();
    await db.sql.transaction((tx) => appendEvents(tx, [catalogChanged('L2')]));
    await expect.poll(() => r.seen, { timeout: 3_000 }).toEqual(['L1', 'L2']);
    await expect.poll(() => tailed, { timeout: 3_000 }).toEqual(['L2']);
    await runner.stop();
    tail.stop();
  });

  it("consumers fed by the node's tail get every event of their kinds once and in order, without reading the store each time", async () => {
    // Counts the consumers' own reads (with kinds); the tail reads all kinds.
    let consumerReads = 0;
    const counted = new SqlOutbox(db.sql);
    const read = counted.read.bind(counted);
    counted.read = (after, limit, kinds) => {
      if (kinds) consumerReads++;
      return read(after, limit, kinds);
    };
    const locations = recorder('fed-locations', ['catalog.changed']);
    const tariffs = recorder('fed-tariffs', ['tariff.changed']);
    const tail = new OutboxTail(counted, silentLogger, 20);
    // No idle polling within the test: only the tail's offers can deliver.
    const runner = new OutboxRunner(counted, [locations.consumer, tariffs.consumer], { owner: 'node-a', log: silentLogger, idleMs: 60_000 });
    tail.onRead((w) => runner.offer(w));
    await tail.start();
    runner.start();
    await runner.drain();
    const [l0, t0] = [locations.seen.length, tariffs.seen.length];
    const readsBefore = consumerReads;
    const want = { locations: [] as string[], tariffs: [] as string[] };
    for (let i = 0; i < 30; i++) {
      const events = i % 3 === 0 ? [catalogChanged(`FL${i}`)] : [tariffChanged(`FT${i}`), catalogChanged(`FL${i}`)];
      for (const e of events) (e.kind === 'catalog.changed' ? want.locations : want.tariffs).push(e.subject);
      await db.sql.transaction((tx) => appendEvents(tx, events));
      // Most commits in a tail read of their own.
      await new Promise((r) => setTimeout(r, 25));
    }
    await expect.poll(() => locations.seen.slice(l0), { timeout: 5_000 }).toEqual(want.locations);
    await expect.poll(() => tariffs.seen.slice(t0), { timeout: 5_000 }).toEqual(want.tariffs);
    // Thirty commits over a few dozen tail reads: the consumers took them from the tail's reads.
    expect(consumerReads - readsBefore).toBeLessThanOrEqual(4);
    await runner.stop();
    tail.stop();
  });

  it('prunes old events that every recent consumer has passed, and keeps the rest', async () => {
    const before = (await outbox.read({ txId: '0', id: '0' }, 1000)).events.length;
    const head = await outbox.head();
    await db.sql.query(`UPDATE outbox_consumers SET tx_id = $1::bigint, event_id = $2::bigint`, [head.txId, head.id]);
    await db.sql.query(`INSERT INTO outbox_consumers (name, tx_id, event_id) VALUES ('laggard', 0, 0) ON CONFLICT (name) DO UPDATE SET tx_id = 0, event_id = 0, updated_at = now()`);
    expect(await outbox.prune(new Date(Date.now() + 60_000))).toBe(0);
    // A consumer gone for over a week holds nothing back.
    await db.sql.query(`UPDATE outbox_consumers SET updated_at = now() - interval '8 days' WHERE name = 'laggard'`);
    const removed = await outbox.prune(new Date(Date.now() + 60_000));
    expect(removed).toBe(before);
    expect((await outbox.read({ txId: '0', id: '0' }, 1000)).events).toEqual([]);
  });
});
