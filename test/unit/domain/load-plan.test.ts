import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_ID, lowestLimitFrom, planSiteLoad, type SessionLoad, type SiteLoad, type StationLoad } from '../../../src/domain/smart-charging/index.js';

const now = new Date('2026-03-01T08:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const noProfile = { sentW: null, commandId: null, status: null, sentAt: null, acceptedW: null, answeredAt: null, readingAtAnswer: null } as const;
const accepted = (w: number, answeredSecondsAgo = 60) => ({ ...noProfile, sentW: w, commandId: 'C', status: 'accepted' as const, acceptedW: w, answeredAt: ago(answeredSecondsAgo) });

let n = 0;
const dc = (id: string, over: Partial<SessionLoad> = {}): SessionLoad => ({
  sessionId: id,
  stationId: `ST-${id}`,
  evseNo: 1,
  transactionId: `tx-${id}`,
  ocppVersion: '2.0.1',
  profileId: ++n,
  startedAt: ago(600),
  evseMaxW: 120_000,
  ac: false,
  priority: 1,
  reportedLimitW: null,
  measuredW: null,
  measuredAt: null,
  profile: noProfile,
  ...over,
});
const station = (stationId: string, over: Partial<StationLoad> = {}): StationLoad => ({ stationId, maxW: null, reportedLimitW: null, evses: 1, ac: false, evseMaxW: 120_000, defaultProfile: null, ...over });
const site = (limitW: number, sessions: SessionLoad[], stations: StationLoad[] = []): SiteLoad => ({
  locationId: 'LOC',
  operatorId: 'OP',
  limit: { locationId: 'LOC', maxPowerW: limitW, phases: 3, updatedAt: now },
  stations: [...stations, ...[...new Set(sessions.map((s) => s.stationId))].filter((id) => !stations.some((st) => st.stationId === id)).map((id) => station(id))],
  sessions,
});
const targets = (plan: ReturnType<typeof planSiteLoad>) => Object.fromEntries(plan.sessions.map((s) => [s.sessionId, s.targetW]));
const sent = (plan: ReturnType<typeof planSiteLoad>) => Object.fromEntries(plan.send.map((s) => [s.sessionId, s.limitW]));

describe('planning a site', () => {
  it('new sessions get their share at once, as DC TxProfiles in watts for their transaction', () => {
    const plan = planSiteLoad(site(300_000, [dc('a'), dc('b', { ocppVersion: '1.6', transactionId: '17' })]), now);
    expect(targets(plan)).toEqual({ a: 120_000, b: 120_000 });
    expect(plan.send.map((s) => s.profile)).toEqual([
      { id: plan.send[0]!.profile.id, stackLevel: 1, purpose: 'TxProfile', kind: 'Relative', transactionId: 'tx-a', schedule: { rateUnit: 'W', periods: [{ startPeriod: 0, limit: 120_000 }] } },
      { id: plan.send[1]!.profile.id, stackLevel: 1, purpose: 'TxProfile', kind: 'Relative', transactionId: '17', schedule: { rateUnit: 'W', periods: [{ startPeriod: 0, limit: 120_000 }] } },
    ]);
  });

  it('AC goes in amperes per phase: single-phase up to 7.4 kW, the site phases above; never below 6 A', () => {
    const wallbox = dc('w', { ac: true, evseMaxW: 7_000 });
    const ac22 = dc('t', { ac: true, evseMaxW: 22_000 });
    const plan = planSiteLoad(site(20_000, [wallbox, ac22]), now);
    const bySession = Object.fromEntries(plan.send.map((s) => [s.sessionId, s.profile.schedule]));
    expect(bySession['w']).toEqual({ rateUnit: 'A', periods: [{ startPeriod: 0, limit: 31.8, numberPhases: 1 }] });
    expect(bySession['t']).toEqual({ rateUnit: 'A', periods: [{ startPeriod: 0, limit: 19.6, numberPhases: 3 }] });
    expect(sent(plan)).toEqual({ w: 6_996, t: 12_936 });
    // 4 kW for two three-phase EVs: one gets its 6 A minimum (3,960 W), the other waits at 0 A.
    const tight = planSiteLoad(site(4_000, [dc('x', { ac: true, evseMaxW: 22_000 }), dc('y', { ac: true, evseMaxW: 22_000 })]), now);
    expect(tight.sessions.map((s) => [s.targetW, s.limitedBy])).toEqual([[3_960, 'share'], [0, 'paused']]);
  });

  it('respects limits reported by the station for an EVSE and for the whole station, and the station maximum', () => {
    const plan = planSiteLoad(
      site(300_000, [dc('a', { reportedLimitW: 40_000 }), dc('b', { stationId: 'DUAL', evseNo: 1 }), dc('c', { stationId: 'DUAL', evseNo: 2 }), dc('d')], [
        station('DUAL', { maxW: 120_000, reportedLimitW: 100_000, evses: 2 }),
      ]),
      now,
    );
    expect(targets(plan)).toEqual({ a: 40_000, b: 50_000, c: 50_000, d: 120_000 });
    expect(plan.sessions.map((s) => s.limitedBy)).toEqual(['reported', 'station', 'station', 'evse']);
  });

  it('a station that refuses profiles is counted at its maximum; the others share the rest', () => {
    const refused = dc('r', { evseMaxW: 60_000, profile: { ...noProfile, sentW: 50_000, status: 'rejected', answeredAt: ago(10) } });
    const plan = planSiteLoad(site(150_000, [refused, dc('a'), dc('b')]), now);
    expect(plan.sessions.map((s) => [s.sessionId, s.targetW, s.limitedBy, s.controlled])).toEqual([
      ['r', 60_000, 'uncontrolled', false],
      ['a', 45_000, 'share', true],
      ['b', 45_000, 'share', true],
    ]);
    expect(Object.keys(sent(plan))).toEqual(['a', 'b']);
    // Five minutes after the refusal it is asked again (and counted at its maximum until it accepts).
    const later = planSiteLoad(site(150_000, [{ ...refused, profile: { ...refused.profile, answeredAt: ago(301) } }, dc('a'), dc('b')]), now);
    expect(later.sessions.map((s) => [s.targetW, s.controlled])).toEqual([[50_000, true], [50_000, true], [50_000, true]]);
    expect(sent(later)).toEqual({ r: 50_000, a: 50_000, b: 50_000 });
    expect(later.committedW).toBe(60_000 + 120_000 + 120_000);
  });

  it('a new session makes the others decrease at once; their increases wait until the decreases are in force', () => {
    // Two sessions at 150 kW each, in force; a third starts.
    const before = [dc('a', { profile: accepted(150_000) }), dc('b', { profile: accepted(150_000) }), dc('c')];
    const first = planSiteLoad(site(300_000, before), now);
    expect(targets(first)).toEqual({ a: 100_000, b: 100_000, c: 100_000 });
    expect(sent(first)).toEqual({ a: 100_000, b: 100_000, c: 100_000 });
    // a accepted; b still pending; c still pending (counted at its 120 kW maximum until it answers).
    const second = planSiteLoad(
      site(300_000, [
        dc('a', { profile: accepted(100_000) }),
        dc('b', { profile: { ...accepted(150_000), sentW: 100_000, status: 'pending' } }),
        dc('c', { profile: { ...noProfile, sentW: 100_000, status: 'pending' } }),
      ]),
      now,
    );
    expect(second.committedW).toBe(100_000 + 150_000 + 120_000);
    expect(second.send).toEqual([]);
  });

  it('a session that ends frees its share; the rest rise as far as the limits in force allow', () => {
    const plan = planSiteLoad(site(300_000, [dc('a', { profile: accepted(100_000) }), dc('b', { profile: accepted(100_000) })]), now);
    expect(targets(plan)).toEqual({ a: 120_000, b: 120_000 });
    expect(sent(plan)).toEqual({ a: 120_000, b: 120_000 });
    // b comes down at once; a rises only as far as the 290 kW in force leave room (c's 100 kW counts until it answers).
    const partial = planSiteLoad(site(300_000, [dc('a', { profile: accepted(80_000) }), dc('b', { profile: accepted(110_000) }), dc('c', { profile: { ...accepted(100_000), sentW: 60_000, status: 'pending' } })]), now);
    expect(partial.committedW).toBe(290_000);
    expect(sent(partial)).toEqual({ b: 100_000, a: 90_000 });
  });

  it('small changes are not sent, unless the site is over its limit', () => {
    const steady = planSiteLoad(site(300_000, [dc('a', { profile: accepted(100_200) }), dc('b', { profile: accepted(99_800) }), dc('c', { profile: accepted(100_000) })]), now);
    expect(steady.send).toEqual([]);
    const over = planSiteLoad(site(299_000, [dc('a', { profile: accepted(100_000) }), dc('b', { profile: accepted(100_000) }), dc('c', { profile: accepted(100_000) })]), now);
    expect(sent(over)).toEqual({ a: 99_667, b: 99_667, c: 99_666 });
  });

  it('an EV drawing less than its share is capped near its draw and the others get the rest; it is released when it draws its limit again', () => {
    const reading = (w: number, secondsAgo = 5) => ({ measuredW: w, measuredAt: ago(secondsAgo) });
    const tapering = dc('a', { profile: accepted(100_000), ...reading(40_000) });
    const plan = planSiteLoad(site(300_000, [tapering, dc('b', { profile: accepted(100_000) }), dc('c', { profile: accepted(100_000) })]), now);
    expect(plan.sessions.map((s) => [s.targetW, s.limitedBy])).toEqual([[45_000, 'demand'], [120_000, 'evse'], [120_000, 'evse']]);
    // The decrease goes now; the increases when it is in force.
    expect(sent(plan)).toEqual({ a: 45_000 });
    // Capped at 45 kW and drawing 40: it stays there (no flapping).
    const settled = planSiteLoad(site(300_000, [dc('a', { profile: accepted(45_000), ...reading(40_000) }), dc('b', { profile: accepted(120_000) }), dc('c', { profile: accepted(120_000) })]), now);
    expect(settled.send).toEqual([]);
    // Drawing its whole 45 kW again: the cap goes; the others come down, it rises into the 15 kW of room now and the rest later.
    const wants = planSiteLoad(site(300_000, [dc('a', { profile: accepted(45_000), ...reading(44_800) }), dc('b', { profile: accepted(120_000) }), dc('c', { profile: accepted(120_000) })]), now);
    expect(targets(wants)).toEqual({ a: 100_000, b: 100_000, c: 100_000 });
    expect(sent(wants)).toEqual({ b: 100_000, c: 100_000, a: 60_000 });
    // A reading from before the limit in force was accepted, or a stale one, says nothing.
    for (const stale of [reading(40_000, 65), reading(40_000, 11 * 60)]) {
      expect(planSiteLoad(site(300_000, [dc('a', { profile: accepted(100_000, 60), ...stale }), dc('b', { profile: accepted(100_000) }), dc('c', { profile: accepted(100_000) })]), now).send).toEqual([]);
    }
  });

  it("a station whose clock runs ahead: only a reading later than the one it had when it accepted counts", () => {
    const ahead = (s: number) => new Date(now.getTime() + 300_000 + s * 1000);
    const skewed = (readingAt: Date) =>
      dc('a', { profile: { ...accepted(100_000), readingAtAnswer: ahead(0) }, measuredW: 40_000, measuredAt: readingAt });
    const others = [dc('b', { profile: accepted(100_000) }), dc('c', { profile: accepted(100_000) })];
    // The reading it had when it accepted 100 kW (taken under the old limit): says nothing.
    expect(planSiteLoad(site(300_000, [skewed(ahead(0)), ...others]), now).send).toEqual([]);
    // A later one does, though both are "in the future" for the platform.
    expect(planSiteLoad(site(300_000, [skewed(ahead(30)), ...others]), now).sessions[0]).toMatchObject({ targetW: 45_000, limitedBy: 'demand' });
  });

  it("every station gets a TxDefaultProfile: the site limit over all the site's EVSEs (AC in amperes); sent again only when it changes", () => {
    const dcDual = station('DC', { evses: 2 });
    const wallbox = station('AC', { ac: true, evseMaxW: 7_000 });
    const never = station('SILENT', { evses: 0 });
    const plan = planSiteLoad(site(100_000, [], [dcDual, wallbox, never]), now);
    expect(plan.defaultW).toBe(25_000);
    expect(plan.defaults).toEqual([
      { stationId: 'DC', limitW: 25_000, profile: { id: DEFAULT_PROFILE_ID, stackLevel: 1, purpose: 'TxDefaultProfile', kind: 'Relative', schedule: { rateUnit: 'W', periods: [{ startPeriod: 0, limit: 25_000 }] } } },
      { stationId: 'AC', limitW: 24_992, profile: { id: DEFAULT_PROFILE_ID, stackLevel: 1, purpose: 'TxDefaultProfile', kind: 'Relative', schedule: { rateUnit: 'A', periods: [{ startPeriod: 0, limit: 113.6, numberPhases: 1 }] } } },
      { stationId: 'SILENT', limitW: 25_000, profile: expect.objectContaining({ purpose: 'TxDefaultProfile' }) },
    ]);
    const d = (status: 'pending' | 'accepted' | 'timed-out' | 'rejected', acceptedW: number | null, answered = 60) => ({ sentW: 25_000, commandId: 'D', status, acceptedW, answeredAt: ago(answered) });
    const again = planSiteLoad(
      site(100_000, [], [station('A', { evses: 2, defaultProfile: d('accepted', 25_000) }), station('B', { defaultProfile: d('pending', null) }), station('C', { defaultProfile: d('accepted', 30_000) }), station('T', { defaultProfile: d('timed-out', 25_000) }), station('R', { defaultProfile: d('rejected', null) })]),
      now,
    );
    expect(again.defaultW).toBe(16_666);
    // A, C: another value now; T: unanswered; B: in flight; R: refused a minute ago.
    expect(again.defaults.map((x) => x.stationId)).toEqual(['A', 'C', 'T']);
  });

  it("a new session counts at its station's default, not its maximum; rising above it waits for room like any increase", () => {
    const inForce = { sentW: 25_000, commandId: 'D', status: 'accepted' as const, acceptedW: 25_000, answeredAt: ago(600) };
    const stations = [station('ST-a', { defaultProfile: inForce }), station('ST-b', { defaultProfile: inForce })];
    // Alone: from 25 kW to 100 kW at once (there is room).
    const alone = planSiteLoad(site(100_000, [dc('a')], stations), now);
    expect(alone.committedW).toBe(25_000);
    expect(sent(alone)).toEqual({ a: 100_000 });
    // a holds 100 kW; b starts at its 25 kW default: a comes down, b stays at 25 kW until a's decrease is in force.
    const second = planSiteLoad(site(100_000, [dc('a', { profile: accepted(100_000) }), dc('b')], stations), now);
    expect(second.committedW).toBe(125_000);
    expect(sent(second)).toEqual({ a: 50_000, b: 25_000 });
    expect(planSiteLoad(site(100_000, [dc('a', { profile: accepted(50_000) }), dc('b', { profile: accepted(25_000) })], stations), now).send.map((s) => [s.sessionId, s.limitW])).toEqual([['b', 50_000]]);
  });

  it('priority weights the shares', () => {
    const plan = planSiteLoad(site(90_000, [dc('a', { priority: 2 }), dc('b')]), now);
    expect(targets(plan)).toEqual({ a: 60_000, b: 30_000 });
  });

  it('a session whose EVSE is unknown cannot be steered and is counted at its maximum', () => {
    const plan = planSiteLoad(site(100_000, [dc('x', { evseNo: null, evseMaxW: 60_000 }), dc('a')]), now);
    expect(plan.sessions.map((s) => [s.targetW, s.limitedBy])).toEqual([[60_000, 'uncontrolled'], [40_000, 'share']]);
    expect(Object.keys(sent(plan))).toEqual(['a']);
  });

  it('a timed-out profile is sent again', () => {
    const plan = planSiteLoad(site(300_000, [dc('a', { profile: { ...accepted(100_000), sentW: 120_000, status: 'timed-out' } })]), now);
    expect(sent(plan)).toEqual({ a: 120_000 });
  });
});

describe('property: what is sent never lets the limits stations may apply exceed the site limit (nor what they already were)', () => {
  const statusArb = fc.constantFrom(null, 'pending', 'accepted', 'rejected', 'timed-out');
  const sessionArb = fc.record({
    evseMaxW: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 200_000 })),
    ac: fc.boolean(),
    priority: fc.integer({ min: 1, max: 3 }),
    status: statusArb,
    acceptedW: fc.integer({ min: 0, max: 200_000 }),
    sentW: fc.integer({ min: 0, max: 200_000 }),
    measuredW: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }),
  });
  it('holds for any state of the site', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400_000 }), fc.array(sessionArb, { maxLength: 10 }), (limitW, raw) => {
        const sessions = raw.map((r, i) =>
          dc(`s${i}`, {
            evseMaxW: r.evseMaxW,
            ac: r.ac,
            priority: r.priority,
            measuredW: r.measuredW,
            measuredAt: r.measuredW === null ? null : ago(5),
            profile:
              r.status === null
                ? noProfile
                : { ...noProfile, status: r.status, sentW: r.sentW, acceptedW: r.status === 'accepted' ? r.sentW : r.acceptedW, answeredAt: ago(60), commandId: 'C' },
          }),
        );
        const plan = planSiteLoad(site(limitW, sessions), now);
        // The limit a station may apply now (the planner's own rule, restated): its maximum while nothing is known or it refuses profiles.
        const hard = (x: SessionLoad) => Math.min(limitW, x.evseMaxW ?? Infinity);
        const inForce = (x: SessionLoad) => {
          const p = x.profile;
          if (p.status === null || p.status === 'rejected') return hard(x);
          if (p.status === 'accepted') return p.acceptedW!;
          return Math.max(p.acceptedW ?? hard(x), p.sentW ?? 0);
        };
        expect(plan.committedW).toBe(sessions.reduce((a, x) => a + inForce(x), 0));
        const sending = new Map(plan.send.map((s) => [s.sessionId, s.limitW]));
        const worst = sessions.reduce((a, x) => a + Math.max(inForce(x), sending.get(x.sessionId) ?? 0), 0);
        expect(worst).toBeLessThanOrEqual(Math.max(limitW, plan.committedW));
        // And the targets themselves fit the limit.
        expect(plan.sessions.filter((s) => s.controlled).reduce((a, s) => a + s.targetW, 0)).toBeLessThanOrEqual(limitW);
        for (const s of plan.send) expect(sessions.find((x) => x.sessionId === s.sessionId)!.profile.status).not.toBe('pending');
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('the lowest limit a reported schedule imposes from now on', () => {
  it('takes the period in force and later ones, in watts; none once the schedule is over', () => {
    const schedule = { rateUnit: 'A' as const, startSchedule: ago(3_600).toISOString(), duration: 7_200, periods: [{ startPeriod: 0, limit: 10 }, { startPeriod: 1_800, limit: 32 }, { startPeriod: 5_000, limit: 16, numberPhases: 1 }] };
    expect(lowestLimitFrom(schedule, now, 3)).toBe(3_520); // 16 A on one phase (the 10 A period is over)
    expect(lowestLimitFrom({ rateUnit: 'W', periods: [{ startPeriod: 0, limit: 50_000.5 }] }, now, 3)).toBe(50_000);
    expect(lowestLimitFrom({ ...schedule, duration: 3_000 }, now, 3)).toBeNull();
  });
});
