/**
 * What a site's sessions should get and which profiles to send now: a pure function of the site's
 * state (limits, sessions, readings, what the stations accepted), no I/O.
 *
 * The sharing itself is `allocate`. Around it:
 * - Caps: a session gets at most its EVSE's maximum and what the station reported for that EVSE
 *   (an external limit, the EV's maximum); a station's EVSEs together at most the station's maximum
 *   and what it reported for itself.
 * - Demand: a session that draws clearly less than the limit in force (a full battery, an EV that
 *   takes less) is capped at what it draws plus headroom, so the others get the rest; once it draws
 *   near its limit again, the cap goes.
 * - Stations that refuse profiles: their sessions are counted at their maximum and the others share
 *   what is left.
 * - Sending, in a safe order: the sum of the limits stations may be applying (the last accepted, or
 *   one still unanswered if higher, or the EVSE's maximum while none is known) stays under the site
 *   limit. Decreases go at once; an increase only when it fits beside the limits still in force, so
 *   it may wait for the stations to confirm the decreases (their answers trigger the next plan).
 *   Small changes are not sent unless the site needs them.
 */
import { allocate } from './allocation.js';
import { AC_MIN_CURRENT_A, ampsFromWatts, PLATFORM_STACK_LEVEL, wattsFromAmps, type ChargingProfile } from './charging-profile.js';
import type { SessionLoad, SiteLoad, StationLoad } from './smart-charging.model.js';

export interface LoadTuning {
  /** Changes smaller than max(minStepW, stepShare × the limit in force) are not sent, unless needed. */
  readonly minStepW: number;
  readonly stepShare: number;
  /** A session drawing less than this share of its limit in force is under-using it … */
  readonly underuseShare: number;
  /** … and is capped at its draw × (1 + headroomShare) + headroomW. */
  readonly headroomShare: number;
  readonly headroomW: number;
  /**
   * A reading counts only if it is later than the one the session had when the station accepted
   * the limit in force (station clocks drift); with none then, if taken this long after the answer …
   */
  readonly settleMs: number;
  /** … and not longer ago than this. */
  readonly readingMaxAgeMs: number;
  /** A station that refused a session's profile is asked again after this long (it may have been busy). */
  readonly retryRefusedMs: number;
}

export const DEFAULT_TUNING: LoadTuning = {
  minStepW: 500,
  stepShare: 0.03,
  underuseShare: 0.95,
  headroomShare: 0.1,
  headroomW: 1_000,
  settleMs: 10_000,
  readingMaxAgeMs: 10 * 60_000,
  retryRefusedMs: 5 * 60_000,
};

/** Why a session gets what it gets. */
export type LimitedBy = 'share' | 'evse' | 'station' | 'reported' | 'demand' | 'paused' | 'uncontrolled';

export interface SessionPlan {
  readonly sessionId: string;
  readonly stationId: string;
  readonly evseNo: number | null;
  /** What it should get now (W, as sent: AC in whole 0.1 A steps). */
  readonly targetW: number;
  /** The most it could take now (W). */
  readonly capW: number;
  readonly limitedBy: LimitedBy;
  /** The platform can steer it (its station takes profiles, its EVSE is known). */
  readonly controlled: boolean;
}

export interface ProfileToSend {
  readonly sessionId: string;
  readonly stationId: string;
  readonly evseNo: number;
  /** The profile's limit in watts. */
  readonly limitW: number;
  readonly profile: ChargingProfile;
}

/** A station's default for new sessions: the site limit shared by every EVSE at the site. */
export interface DefaultToSend {
  readonly stationId: string;
  readonly limitW: number;
  readonly profile: ChargingProfile;
}

export interface LoadPlan {
  readonly locationId: string;
  readonly limitW: number;
  /** Each EVSE's default (the limit over all EVSEs at the site): what a new session starts at. */
  readonly defaultW: number;
  readonly defaults: readonly DefaultToSend[];
  /** The sum of the limits stations may be applying now (see above). */
  readonly committedW: number;
  readonly sessions: readonly SessionPlan[];
  readonly send: readonly ProfileToSend[];
}

/** The id of the platform's TxDefaultProfile at every station (session profiles use the sessions' numbers, far below). */
export const DEFAULT_PROFILE_ID = 2_000_000_000;

/** AC EVSEs up to 7.4 kW (32 A on one phase) are single-phase; larger ones use the site's phases. */
export const acPhasesOf = (s: Pick<SessionLoad, 'evseMaxW'>, sitePhases: number): number => (s.evseMaxW !== null && s.evseMaxW <= 7_400 ? 1 : sitePhases);

const refused = (s: SessionLoad) => s.profile.status === 'rejected' || s.profile.status === 'failed';

/** The limit in watts a session would be sent for `w`, and the profile carrying it. */
export function txProfileFor(s: SessionLoad, w: number, sitePhases: number): { limitW: number; profile: ChargingProfile } {
  const base = { id: s.profileId, stackLevel: PLATFORM_STACK_LEVEL, purpose: 'TxProfile' as const, kind: 'Relative' as const, transactionId: s.transactionId };
  if (!s.ac) return { limitW: w, profile: { ...base, schedule: { rateUnit: 'W', periods: [{ startPeriod: 0, limit: w }] } } };
  const phases = acPhasesOf(s, sitePhases);
  const amps = ampsFromWatts(w, phases);
  return { limitW: wattsFromAmps(amps, phases), profile: { ...base, schedule: { rateUnit: 'A', periods: [{ startPeriod: 0, limit: amps, numberPhases: phases }] } } };
}

/** The TxDefaultProfile for every EVSE of a station (evse 0), limiting a new session to `w` until its own profile arrives. */
export function txDefaultProfileFor(st: StationLoad, w: number, sitePhases: number): { limitW: number; profile: ChargingProfile } {
  const base = { id: DEFAULT_PROFILE_ID, stackLevel: PLATFORM_STACK_LEVEL, purpose: 'TxDefaultProfile' as const, kind: 'Relative' as const };
  if (!st.ac) return { limitW: w, profile: { ...base, schedule: { rateUnit: 'W', periods: [{ startPeriod: 0, limit: w }] } } };
  const phases = acPhasesOf({ evseMaxW: st.evseMaxW }, sitePhases);
  const amps = ampsFromWatts(w, phases);
  return { limitW: wattsFromAmps(amps, phases), profile: { ...base, schedule: { rateUnit: 'A', periods: [{ startPeriod: 0, limit: amps, numberPhases: phases }] } } };
}

/** The default a station may be applying now: the accepted one, or one in flight if higher; null: none known. */
function defaultInForce(st: StationLoad | undefined): number | null {
  const d = st?.defaultProfile;
  if (!d || d.acceptedW === null) return null;
  return d.status === 'pending' || d.status === 'timed-out' ? Math.max(d.acceptedW, d.sentW) : d.acceptedW;
}

export function planSiteLoad(site: SiteLoad, now: Date, tuning: LoadTuning = DEFAULT_TUNING): LoadPlan {
  const limitW = site.limit.maxPowerW;
  const phases = site.limit.phases;
  const stationCap = new Map(
    site.stations.map((st) => {
      const caps = [st.maxW, st.reportedLimitW].filter((x): x is number => x !== null);
      return [st.stationId, caps.length > 0 ? Math.min(...caps) : null] as const;
    }),
  );

  // Each session's hard cap (and what sets it), its demand cap, its minimum.
  const facts = site.sessions.map((s) => {
    const hard: [number, LimitedBy][] = [[limitW, 'share']];
    if (s.evseMaxW !== null) hard.push([s.evseMaxW, 'evse']);
    if (s.reportedLimitW !== null) hard.push([s.reportedLimitW, 'reported']);
    const station = stationCap.get(s.stationId);
    if (station !== null && station !== undefined) hard.push([station, 'station']);
    const [hardCapW, hardBy] = hard.reduce((a, b) => (b[0] < a[0] ? b : a));
    const minW = s.ac ? Math.min(hardCapW, wattsFromAmps(AC_MIN_CURRENT_A, acPhasesOf(s, phases))) : 0;
    let capW = hardCapW;
    let by: LimitedBy = hardBy;
    const inForce = s.profile.acceptedW;
    const reading = s.measuredW !== null && s.measuredAt !== null ? { w: s.measuredW, at: s.measuredAt.getTime() } : null;
    if (
      inForce !== null &&
      reading &&
      s.profile.status === 'accepted' &&
      s.profile.answeredAt !== null &&
      (s.profile.readingAtAnswer !== null ? reading.at > s.profile.readingAtAnswer.getTime() : reading.at >= s.profile.answeredAt.getTime() + tuning.settleMs) &&
      now.getTime() - reading.at <= tuning.readingMaxAgeMs &&
      reading.w < tuning.underuseShare * inForce
    ) {
      // Never below its minimum: an AC EV offered less than 6 A cannot show that it wants more.
      const demand = Math.max(minW, Math.ceil(Math.max(0, reading.w) * (1 + tuning.headroomShare) + tuning.headroomW));
      if (demand < capW) {
        capW = demand;
        by = 'demand';
      }
    }
    // A refusal stands for a while; then the station is asked again (counted at its maximum meanwhile, and until it accepts).
    const retry = refused(s) && s.profile.answeredAt !== null && now.getTime() - s.profile.answeredAt.getTime() >= tuning.retryRefusedMs;
    // Without a profile of its own in force it may draw up to its maximum, or its station's default.
    const baselineW = Math.min(hardCapW, defaultInForce(site.stations.find((st) => st.stationId === s.stationId)) ?? Infinity);
    return { s, hardCapW, baselineW, capW, by, minW, controlled: s.evseNo !== null && (!refused(s) || retry) };
  });

  // Sessions the platform cannot steer draw up to their maximum (or default); the others share the rest.
  const fixedW = facts.filter((f) => !f.controlled).reduce((a, f) => a + f.baselineW, 0);
  const shared = facts.filter((f) => f.controlled);
  const groups = [...stationCap].filter(([, cap]) => cap !== null).map(([id, cap]) => {
    const fixedHere = facts.filter((f) => !f.controlled && f.s.stationId === id).reduce((a, f) => a + f.baselineW, 0);
    return { id, maxW: Math.max(0, cap! - fixedHere) };
  });
  const allocation = allocate({
    limitW: Math.max(0, limitW - fixedW),
    groups,
    sessions: shared.map((f) => ({ id: f.s.sessionId, maxW: f.capW, minW: f.minW, weight: f.s.priority, groupId: (stationCap.get(f.s.stationId) ?? null) !== null ? f.s.stationId : undefined })),
  });
  const allocated = new Map(allocation.map((a) => [a.id, a]));
  const groupUse = new Map<string, number>();
  for (const a of allocation) {
    const st = site.sessions.find((x) => x.sessionId === a.id)!.stationId;
    groupUse.set(st, (groupUse.get(st) ?? 0) + a.limitW);
  }

  const sessions: SessionPlan[] = facts.map((f) => {
    const base = { sessionId: f.s.sessionId, stationId: f.s.stationId, evseNo: f.s.evseNo, capW: f.capW, controlled: f.controlled };
    if (!f.controlled) return { ...base, targetW: f.baselineW, limitedBy: 'uncontrolled' };
    const a = allocated.get(f.s.sessionId)!;
    // As it would be sent (AC rounds down to 0.1 A).
    const targetW = txProfileFor(f.s, a.limitW, phases).limitW;
    const groupMax = groups.find((g) => g.id === f.s.stationId)?.maxW;
    const limitedBy: LimitedBy = a.paused
      ? 'paused'
      : a.limitW >= f.capW
        ? f.by
        : groupMax !== undefined && (groupUse.get(f.s.stationId) ?? 0) >= groupMax
          ? 'station'
          : 'share';
    return { ...base, targetW, limitedBy };
  });

  // What stations may be applying now.
  const committedOf = (f: (typeof facts)[number]): number => {
    const p = f.s.profile;
    if (!f.controlled || p.status === null || refused(f.s)) return f.baselineW;
    if (p.status === 'accepted') return p.acceptedW ?? f.baselineW;
    // pending or timed-out: the old limit or the new one, whichever is higher.
    return Math.max(p.acceptedW ?? f.baselineW, p.sentW ?? 0);
  };
  const committedW = facts.reduce((a, f) => a + committedOf(f), 0);
  let total = committedW;
  const step = (current: number) => Math.max(tuning.minStepW, tuning.stepShare * current);
  const send: ProfileToSend[] = [];
  const add = (f: (typeof facts)[number], w: number) => {
    const { limitW: sentW, profile } = txProfileFor(f.s, w, phases);
    send.push({ sessionId: f.s.sessionId, stationId: f.s.stationId, evseNo: f.s.evseNo!, limitW: sentW, profile });
  };
  // `force`: the station's limit is not known (its last profile went unanswered): something goes in any case.
  const increases: { f: (typeof facts)[number]; from: number; to: number; force: boolean }[] = [];
  facts.forEach((f, i) => {
    if (!f.controlled || f.s.profile.status === 'pending') return;
    const target = sessions[i]!.targetW;
    const p = f.s.profile;
    const current = committedOf(f);
    // None in force that we know of (none sent, refused, unanswered): send one in any case.
    const unknown = p.status !== 'accepted' || p.acceptedW === null;
    if (unknown ? target <= current : target < current && (current - target >= step(current) || committedW > limitW)) add(f, target);
    else if (target > current && (unknown || target - current >= step(current))) increases.push({ f, from: current, to: target, force: unknown });
  });
  // The biggest shortfalls first, each as far as the limits in force leave room.
  increases.sort((a, b) => b.to - b.from - (a.to - a.from));
  for (const inc of increases) {
    const room = limitW - total;
    const to = Math.min(inc.to, inc.from + Math.max(0, room));
    const sentW = txProfileFor(inc.f.s, to, phases).limitW;
    if (!inc.force && sentW - inc.from < step(inc.from)) continue;
    add(inc.f, to);
    total += Math.max(0, sentW - inc.from);
  }
  // Every station's default: the site limit over all the site's EVSEs (a station that never said counts as one).
  const defaultW = Math.floor(limitW / Math.max(1, site.stations.reduce((a, st) => a + Math.max(1, st.evses), 0)));
  const defaults: DefaultToSend[] = [];
  for (const st of site.stations) {
    const want = txDefaultProfileFor(st, defaultW, phases);
    const d = st.defaultProfile;
    const stale =
      !d ||
      d.status === 'timed-out' ||
      ((d.status === 'rejected' || d.status === 'failed') && d.answeredAt !== null && now.getTime() - d.answeredAt.getTime() >= tuning.retryRefusedMs) ||
      (d.status === 'accepted' && d.acceptedW !== want.limitW);
    if (stale) defaults.push({ stationId: st.stationId, ...want });
  }
  return { locationId: site.locationId, limitW, defaultW, defaults, committedW, sessions, send };
}
