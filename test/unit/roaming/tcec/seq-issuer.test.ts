import { describe, expect, it } from 'vitest';
import { MemoryEnvelopeSeqBlocks } from '../../../../src/adapters/memory/envelope-seq-blocks.js';
import type { EnvelopeSeqBlocks } from '../../../../src/domain/roaming/index.js';
import { SeqIssuer } from '../../../../src/roaming/tcec/client/index.js';
import { ManualClock } from '../../../../src/shared/clock.js';

const key = (s: { timeStamp: string; seq: string }) => `${s.timeStamp}/${s.seq}`;

/** Counts the reservations an issuer makes (its cost on the store). */
function counting(blocks: EnvelopeSeqBlocks): EnvelopeSeqBlocks & { calls: number } {
  const c = { calls: 0, reserve: (op: string, notBefore: number, n: number) => (c.calls++, blocks.reserve(op, notBefore, n)) };
  return c;
}

describe('SeqIssuer: (TimeStamp, Seq) from blocks of a shared store', () => {
  it('counts 0001… within a second and starts again in the next', async () => {
    const clock = new ManualClock('2026-12-06T06:30:05.100Z');
    const seq = new SeqIssuer(new MemoryEnvelopeSeqBlocks(), clock);
    expect(await seq.next('OP')).toEqual({ timeStamp: '20261206143005', seq: '0001' });
    clock.advance(800);
    expect(await seq.next('OP')).toEqual({ timeStamp: '20261206143005', seq: '0002' });
    clock.advance(100);
    expect(await seq.next('OP')).toEqual({ timeStamp: '20261206143006', seq: '0001' });
  });

  it('never gives two nodes on one store the same pair, even sending at once in one second', async () => {
    const clock = new ManualClock('2026-12-06T06:30:05.000Z');
    const store = new MemoryEnvelopeSeqBlocks();
    const [a, b] = [new SeqIssuer(store, clock), new SeqIssuer(store, clock)];
    const stamps = await Promise.all(Array.from({ length: 600 }, (_, i) => (i % 3 === 0 ? a : b).next('OP')));
    expect(new Set(stamps.map(key)).size).toBe(600);
    expect(stamps.every((s) => s.timeStamp === '20261206143005' && Number(s.seq) >= 1 && Number(s.seq) <= 9999)).toBe(true);
  });

  it('never goes back in time, when another node (its clock ahead) moved the store on', async () => {
    const slow = new ManualClock('2026-12-06T06:30:05.000Z');
    const fast = new ManualClock('2026-12-06T06:30:08.000Z');
    const store = new MemoryEnvelopeSeqBlocks();
    const [a, b] = [new SeqIssuer(store, slow), new SeqIssuer(store, fast)];
    const first = await a.next('OP');
    expect(first.timeStamp).toBe('20261206143005');
    for (let i = 0; i < 10; i++) await a.next('OP'); // a's block of 4, then 8, used up: a reserves again
    await b.next('OP');
    const later = [];
    for (let i = 0; i < 40; i++) later.push(await a.next('OP'));
    const times = [first, ...later].map((s) => s.timeStamp);
    expect([...times].sort()).toEqual(times);
    // a's next block comes after b's second: a borrows it rather than re-use a number there.
    expect(later.at(-1)!.timeStamp).toBe('20261206143008');
  });

  it('borrows the next second after 9999 in one second, never repeating a pair', async () => {
    const clock = new ManualClock('2026-12-06T06:30:05.000Z');
    const seq = new SeqIssuer(new MemoryEnvelopeSeqBlocks(), clock);
    const seen = new Set<string>();
    let last = { timeStamp: '', seq: '' };
    for (let i = 0; i < 10_001; i++) {
      last = await seq.next('OP');
      expect(Number(last.seq)).toBeLessThanOrEqual(9999);
      seen.add(key(last));
    }
    expect(seen.size).toBe(10_001);
    expect(last.timeStamp).toBe('20261206143006');
    // The real clock reaching the borrowed second continues after it, not from 0001.
    clock.advance(1000);
    const next = await seq.next('OP');
    expect(next.timeStamp).toBe('20261206143006');
    expect(seen.has(key(next))).toBe(false);
  });

  it('costs a busy sender about one reservation a second, a quiet one one per second it sends in', async () => {
    const clock = new ManualClock('2026-12-06T06:30:05.000Z');
    const store = counting(new MemoryEnvelopeSeqBlocks());
    const seq = new SeqIssuer(store, clock);
    for (let i = 0; i < 500; i++) await seq.next('OP');
    expect(store.calls).toBeLessThanOrEqual(8); // blocks of 4, 8, 16 … while it finds its pace
    store.calls = 0;
    for (let s = 0; s < 5; s++) {
      clock.advance(1000);
      for (let i = 0; i < 500; i++) await seq.next('OP');
    }
    expect(store.calls).toBeLessThanOrEqual(10);
    store.calls = 0;
    for (let s = 0; s < 10; s++) {
      clock.advance(1000);
      await seq.next('OP');
    }
    expect(store.calls).toBe(10);
  });
});
