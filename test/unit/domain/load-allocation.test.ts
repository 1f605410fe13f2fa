import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, type AllocationInput } from '../../../src/domain/smart-charging/index.js';

const kw = (n: number) => n * 1000;
const limits = (input: AllocationInput) => Object.fromEntries(allocate(input).map((a) => [a.id, a.limitW]));

const sessionArb = (i: number, groups: number) =>
  fc.record({
    id: fc.constant(`S${i}`),
    maxW: fc.oneof(fc.integer({ min: 0, max: 400_000 }), fc.constantFrom(7_000, 60_000, 120_000)),
    minW: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20_000 })),
    weight: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 5 })),
    groupId: groups > 0 ? fc.option(fc.integer({ min: 0, max: groups - 1 }).map((g) => `G${g}`), { nil: undefined }) : fc.constant(undefined),
  });

const inputArb: fc.Arbitrary<AllocationInput> = fc
  .record({ n: fc.integer({ min: 0, max: 12 }), groups: fc.integer({ min: 0, max: 3 }) })
  .chain(({ n, groups }) =>
    fc.record({
      limitW: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 50_000 })),
      groups: fc.tuple(...Array.from({ length: groups }, (_, g) => fc.record({ id: fc.constant(`G${g}`), maxW: fc.integer({ min: 0, max: 500_000 }) }))),
      sessions: fc.tuple(...Array.from({ length: n }, (_, i) => sessionArb(i, groups))),
    }),
  );

/** What the function may use of each session: its maximum, and its minimum as it takes it (at most the maximum). */
const facts = (input: AllocationInput) => {
  const groupMax = new Map((input.groups ?? []).map((g) => [g.id, g.maxW]));
  const result = allocate(input);
  const total = result.reduce((a, r) => a + r.limitW, 0);
  const groupSum = new Map<string, number>();
  input.sessions.forEach((s, i) => s.groupId && groupSum.set(s.groupId, (groupSum.get(s.groupId) ?? 0) + result[i]!.limitW));
  const groupRoom = (id: string | undefined) => (id === undefined ? Infinity : groupMax.get(id)! - (groupSum.get(id) ?? 0));
  return { result, total, groupMax, groupSum, groupRoom, spare: input.limitW - total };
};

describe('allocation of a site limit', () => {
  it('shares equally, caps each at its EVSE maximum and hands the rest to the others', () => {
    expect(limits({ limitW: kw(300), sessions: [{ id: 'a', maxW: kw(120) }, { id: 'b', maxW: kw(120) }, { id: 'c', maxW: kw(120) }] })).toEqual({ a: kw(100), b: kw(100), c: kw(100) });
    // A 7 kW wallbox takes its 7; the two DC chargers share what is left.
    expect(limits({ limitW: kw(100), sessions: [{ id: 'ac', maxW: kw(7) }, { id: 'b', maxW: kw(120) }, { id: 'c', maxW: kw(120) }] })).toEqual({ ac: kw(7), b: kw(46.5), c: kw(46.5) });
    // Enough for everyone: each gets its maximum, the rest stays unused.
    expect(limits({ limitW: kw(300), sessions: [{ id: 'a', maxW: kw(60) }, { id: 'b', maxW: kw(120) }] })).toEqual({ a: kw(60), b: kw(120) });
    expect(allocate({ limitW: kw(300), sessions: [] })).toEqual([]);
  });

  it('ten 120 kW chargers under 300 kW get 30 kW each; whole watts, none lost', () => {
    const sessions = Array.from({ length: 10 }, (_, i) => ({ id: `S${i}`, maxW: kw(120) }));
    expect(new Set(allocate({ limitW: kw(300), sessions }).map((a) => a.limitW))).toEqual(new Set([kw(30)]));
    const odd = allocate({ limitW: 100_000, sessions: sessions.slice(0, 3) }).map((a) => a.limitW);
    expect(odd.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(Math.max(...odd) - Math.min(...odd)).toBeLessThanOrEqual(1);
  });

  it('weights by priority: 2 gets twice what 1 gets until its maximum', () => {
    expect(limits({ limitW: kw(90), sessions: [{ id: 'a', maxW: kw(120), weight: 2 }, { id: 'b', maxW: kw(120) }] })).toEqual({ a: kw(60), b: kw(30) });
    expect(limits({ limitW: kw(90), sessions: [{ id: 'a', maxW: kw(50), weight: 2 }, { id: 'b', maxW: kw(120) }] })).toEqual({ a: kw(50), b: kw(40) });
  });

  it("a station's maximum holds its EVSEs together; what they cannot take goes to the other stations", () => {
    const r = limits({
      limitW: kw(300),
      groups: [{ id: 'dual', maxW: kw(120) }],
      sessions: [{ id: 'gun1', maxW: kw(120), groupId: 'dual' }, { id: 'gun2', maxW: kw(120), groupId: 'dual' }, { id: 'other', maxW: kw(250) }],
    });
    expect(r).toEqual({ gun1: kw(60), gun2: kw(60), other: kw(180) });
  });

  it('a session that cannot get its minimum is paused, the later of equal weight first', () => {
    const ac = (id: string, weight = 1) => ({ id, maxW: kw(7), minW: 3_960, weight });
    const r = allocate({ limitW: 10_000, sessions: [ac('first'), ac('second'), ac('third')] });
    expect(r.map((a) => [a.id, a.limitW, a.paused])).toEqual([['first', 5_000, false], ['second', 5_000, false], ['third', 0, true]]);
    // A higher priority goes before an earlier start.
    expect(allocate({ limitW: 10_000, sessions: [ac('first'), ac('second'), ac('third', 2)] }).map((a) => a.paused)).toEqual([false, true, false]);
  });

  it('property: the sum never exceeds the limit, nor any group its maximum; nobody gets more than its maximum', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const f = facts(input);
        expect(f.total).toBeLessThanOrEqual(input.limitW);
        for (const [id, sum] of f.groupSum) expect(sum).toBeLessThanOrEqual(f.groupMax.get(id)!);
        input.sessions.forEach((s, i) => {
          const a = f.result[i]!;
          expect(Number.isInteger(a.limitW)).toBe(true);
          expect(a.limitW).toBeGreaterThanOrEqual(0);
          expect(a.limitW).toBeLessThanOrEqual(s.maxW);
          // Either nothing, or at least what it can charge at.
          if (a.limitW > 0) expect(a.limitW).toBeGreaterThanOrEqual(Math.min(s.minW ?? 0, s.maxW));
        });
      }),
      { numRuns: 2_000 },
    );
  });

  it('property: no spare capacity while a session is capped below its maximum (unless its group is full); a paused one would not fit', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const f = facts(input);
        input.sessions.forEach((s, i) => {
          const a = f.result[i]!;
          const min = Math.min(s.minW ?? 0, s.maxW);
          if (a.paused) {
            expect(a.limitW).toBe(0);
            expect(f.spare < min || f.groupRoom(s.groupId) < min).toBe(true);
          } else if (a.limitW < s.maxW) {
            expect(f.spare === 0 || f.groupRoom(s.groupId) === 0).toBe(true);
          }
        });
      }),
      { numRuns: 2_000 },
    );
  });

  it('property: shares follow the weights — sessions below their maximum and above their minimum, outside groups, get the same per weight (±2 W of rounding)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const f = facts(input);
        const free = input.sessions
          .map((s, i) => ({ s, a: f.result[i]! }))
          .filter(({ s, a }) => !a.paused && a.limitW < s.maxW && a.limitW > Math.min(s.minW ?? 0, s.maxW) && s.groupId === undefined);
        for (const x of free) for (const y of free) expect(Math.abs(x.a.limitW / (x.s.weight ?? 1) - y.a.limitW / (y.s.weight ?? 1))).toBeLessThan(2);
      }),
      { numRuns: 2_000 },
    );
  });

  it('property: a higher priority never lowers what a session gets; of two alike, the heavier gets at least as much', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), fc.integer({ min: 1, max: 4 }), (input, pick, extra) => {
        if (input.sessions.length === 0) return;
        const k = pick % input.sessions.length;
        const before = allocate(input)[k]!.limitW;
        const raised = { ...input, sessions: input.sessions.map((s, i) => (i === k ? { ...s, weight: (s.weight ?? 1) + extra } : s)) };
        expect(allocate(raised)[k]!.limitW).toBeGreaterThanOrEqual(before - 1);
      }),
      { numRuns: 1_000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500_000 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 400_000 }), (limitW, others, maxW) => {
        const sessions = [
          { id: 'light', maxW, weight: 1 },
          { id: 'heavy', maxW, weight: 3 },
          ...Array.from({ length: others }, (_, i) => ({ id: `o${i}`, maxW: kw(60) })),
        ];
        const r = limits({ limitW, sessions });
        expect(r['heavy']!).toBeGreaterThanOrEqual(r['light']!);
      }),
      { numRuns: 1_000 },
    );
  });

  it('ignores what makes no sense instead of failing: negative or fractional watts, zero weights, unknown groups', () => {
    const r = allocate({ limitW: 10_000.7, groups: [{ id: 'g', maxW: -5 }], sessions: [{ id: 'a', maxW: -1 }, { id: 'b', maxW: 4_000.9, weight: 0 }, { id: 'c', maxW: 9_000, groupId: 'nope' }, { id: 'd', maxW: 5_000, groupId: 'g' }] });
    expect(r.map((a) => a.limitW)).toEqual([0, 4_000, 6_000, 0]);
  });
});
