import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Principal } from '../access/index.js';
import type { CommandDispatcher, CommandRepository } from '../commands/command.ports.js';
import { domainEvent } from '../events/index.js';
import { evMaxPowerW, lowestLimitFrom, type ChargingLimitSource, type ChargingSchedule, type EvChargingNeeds } from './charging-profile.js';
import { DEFAULT_PROFILE_ID, DEFAULT_TUNING, planSiteLoad, type LoadPlan, type LoadTuning } from './load-plan.js';
import type { GridLimit, ProfileStatus, ReportedLimit, SiteLoad } from './smart-charging.model.js';
import type { SmartChargingRepository } from './smart-charging.ports.js';

/** What a site's load looks like now: its state, the plan for it, and the limits its stations reported. */
export interface SiteLoadReport {
  readonly site: SiteLoad;
  readonly plan: LoadPlan;
  readonly reported: readonly ReportedLimit[];
  readonly at: Date;
}

/** Profiles the platform sends wait this long for an offline station; then a newer plan replaces them. */
const PROFILE_TTL_MS = 2 * 60_000;
export const MAX_PRIORITY = 10;

/**
 * Smart charging: a site's grid limit shared among its charging sessions. Operators set limits and
 * priorities; stations report limits of their own; the load balancer (an outbox consumer, see
 * load-balancing.consumer.ts) turns each change into a plan and the plan into TxProfiles, sent
 * through the durable command queue.
 */
export class SmartChargingService {
  constructor(
    private readonly repo: SmartChargingRepository,
    private readonly commands: Pick<CommandRepository, 'create' | 'get'>,
    private readonly dispatcher: CommandDispatcher,
    private readonly clock: Clock,
    private readonly tuning: LoadTuning = DEFAULT_TUNING,
  ) {}

  /** Admin, or the CPO whose location it is; to anyone else the location does not exist. */
  async #ownLocation(principal: Principal, locationId: string): Promise<void> {
    const operatorId = await this.repo.locationOperator(locationId);
    if (operatorId === null || (principal.kind === 'operator' && (principal.operatorId !== operatorId || !principal.roles.includes('CPO')))) {
      throw new AppError('LOCATION_NOT_FOUND', `location ${locationId} not found`);
    }
  }

  async setGridLimit(principal: Principal, locationId: string, input: { maxPowerW: number; phases?: 1 | 3 | undefined }): Promise<GridLimit> {
    await this.#ownLocation(principal, locationId);
    if (!Number.isInteger(input.maxPowerW) || input.maxPowerW < 0) throw new AppError('VALIDATION_FAILED', 'maxKw must be 0 or more', { field: 'maxKw' });
    const event = domainEvent('grid-limit.changed', `${locationId}:${newId()}`, locationId, { locationId, maxPowerW: input.maxPowerW }, this.clock.now());
    return this.repo.setGridLimit({ locationId, maxPowerW: input.maxPowerW, phases: input.phases ?? 3 }, event);
  }

  async gridLimit(principal: Principal, locationId: string): Promise<GridLimit> {
    await this.#ownLocation(principal, locationId);
    const limit = await this.repo.gridLimit(locationId);
    if (!limit) throw new AppError('GRID_LIMIT_NOT_FOUND', `location ${locationId} has no grid limit`);
    return limit;
  }

  async removeGridLimit(principal: Principal, locationId: string): Promise<void> {
    await this.#ownLocation(principal, locationId);
    const event = domainEvent('grid-limit.changed', `${locationId}:${newId()}`, locationId, { locationId, maxPowerW: null }, this.clock.now());
    if (!(await this.repo.deleteGridLimit(locationId, event))) throw new AppError('GRID_LIMIT_NOT_FOUND', `location ${locationId} has no grid limit`);
  }

  /** The site's limit, each running session's share and profile, and what they draw. */
  async load(principal: Principal, locationId: string): Promise<SiteLoadReport> {
    await this.#ownLocation(principal, locationId);
    const site = await this.repo.siteLoad(locationId);
    if (!site) throw new AppError('GRID_LIMIT_NOT_FOUND', `location ${locationId} has no grid limit`);
    const at = this.clock.now();
    const reported = await this.repo.reportedLimits(site.stations.map((s) => s.stationId));
    return { site, plan: planSiteLoad(site, at, this.tuning), reported, at };
  }

  /** A running session's weight in its site's sharing (1 … 10): admin, or the CPO of its station. */
  async setPriority(principal: Principal, sessionId: string, priority: number): Promise<void> {
    const s = await this.repo.runningSession(sessionId);
    if (!s || (principal.kind === 'operator' && (principal.operatorId !== s.operatorId || !principal.roles.includes('CPO')))) {
      throw new AppError('SESSION_NOT_ACTIVE', `session ${sessionId} is not running`);
    }
    if (!Number.isInteger(priority) || priority < 1 || priority > MAX_PRIORITY) throw new AppError('VALIDATION_FAILED', `priority is 1 … ${MAX_PRIORITY}`, { field: 'priority' });
    const event = domainEvent('session.priority-changed', `${sessionId}:${newId()}`, sessionId, { sessionId, stationId: s.stationId, priority }, this.clock.now());
    await this.repo.setPriority(sessionId, priority, event);
  }

  /**
   * The station reports a limit set outside the platform, with the schedules that make it up (none:
   * in force, value not told). It caps the EVSE (0: the whole station) at its lowest from now on.
   */
  async limitReported(stationId: string, evseNo: number, source: ChargingLimitSource, schedules: readonly ChargingSchedule[], gridCritical: boolean): Promise<void> {
    const at = this.clock.now();
    const limits = schedules.map((s) => lowestLimitFrom(s, at, 3)).filter((w): w is number => w !== null);
    await this.#report(stationId, evseNo, source, limits.length > 0 ? Math.min(...limits) : null, gridCritical);
  }

  async #report(stationId: string, evseNo: number, source: ChargingLimitSource, limitW: number | null, gridCritical: boolean): Promise<void> {
    const at = this.clock.now();
    const event = domainEvent('charging-limit.changed', `${stationId}:${evseNo}:${source}:${newId()}`, stationId, { stationId, evseNo, source, limitW }, at);
    await this.repo.reportLimit({ stationId, evseNo, source, limitW, gridCritical, reportedAt: at }, event);
  }

  /** The station reports that a limit of this source ended (on one EVSE, or everywhere when evseNo is undefined). */
  async limitCleared(stationId: string, evseNo: number | undefined, source: ChargingLimitSource): Promise<void> {
    const at = this.clock.now();
    const event = domainEvent('charging-limit.changed', `${stationId}:${evseNo ?? 'all'}:${source}:${newId()}`, stationId, { stationId, evseNo: evseNo ?? 0, source, limitW: null }, at);
    await this.repo.clearLimits(stationId, evseNo ?? null, [source], event);
  }

  /**
   * The EV on an EVSE told its needs (ISO 15118): its maximum caps the session there. True when the
   * platform will send a schedule for it (the station is at a site with a grid limit).
   */
  async evChargingNeeds(stationId: string, evseNo: number, needs: EvChargingNeeds): Promise<boolean> {
    await this.#report(stationId, evseNo, 'EV', evMaxPowerW(needs), false);
    return (await this.repo.managedLocations([stationId])).has(stationId);
  }

  // ---- reactions (the load-balancing consumer) ----

  /** Of these stations, the limited sites they are at. */
  async sitesOf(stationIds: readonly string[]): Promise<Set<string>> {
    return new Set((await this.repo.managedLocations(stationIds)).values());
  }

  /**
   * Plans the site and sends what the plan says to send. Idempotent: run again on the same state it
   * sends nothing new (a profile in flight is waited for).
   */
  async rebalance(locationId: string): Promise<LoadPlan | null> {
    const site = await this.repo.siteLoad(locationId);
    if (!site) return this.#unmanage(locationId);
    const now = this.clock.now();
    const plan = planSiteLoad(site, now, this.tuning);
    await this.repo.recordTargets(plan.sessions.map((s) => ({ sessionId: s.sessionId, targetW: s.targetW })));
    const expiresAt = new Date(now.getTime() + PROFILE_TTL_MS);
    const stations = new Set<string>();
    // Defaults first: a station takes them before the sessions' own profiles (commands go out in order).
    for (const d of plan.defaults) {
      const command = await this.commands.create({
        id: newId(),
        stationId: d.stationId,
        kind: 'set-charging-profile',
        params: { evseId: 0, chargingProfile: d.profile },
        requestedBy: 'platform',
        expiresAt,
      });
      await this.repo.defaultSent(d.stationId, { commandId: command.id, limitW: d.limitW });
      stations.add(d.stationId);
    }
    for (const p of plan.send) {
      const session = site.sessions.find((s) => s.sessionId === p.sessionId)!;
      const command = await this.commands.create({
        id: newId(),
        stationId: p.stationId,
        kind: 'set-charging-profile',
        params: { evseId: p.evseNo, sessionId: p.sessionId, transactionId: session.transactionId, chargingProfile: p.profile },
        requestedBy: 'platform',
        expiresAt,
      });
      await this.repo.profileSent(p.sessionId, { commandId: command.id, limitW: p.limitW, at: now });
      stations.add(p.stationId);
    }
    for (const stationId of stations) await this.dispatcher.notify(stationId);
    return plan;
  }

  /** The site is no longer limited: the profiles the platform sent there (sessions' and defaults) are cleared, their records dropped. */
  async #unmanage(locationId: string): Promise<null> {
    const profiled = await this.repo.profiledSessions(locationId);
    const defaulted = await this.repo.defaultedStations(locationId);
    if (profiled.length === 0 && defaulted.length === 0) return null;
    const expiresAt = new Date(this.clock.now().getTime() + PROFILE_TTL_MS);
    const clear = (stationId: string, chargingProfileId: number) =>
      this.commands.create({ id: newId(), stationId, kind: 'clear-charging-profile', params: { chargingProfileId }, requestedBy: 'platform', expiresAt });
    for (const stationId of defaulted) await clear(stationId, DEFAULT_PROFILE_ID);
    for (const s of profiled) if (s.evseNo !== null) await clear(s.stationId, s.profileId);
    await this.repo.forgetDefaults(defaulted);
    await this.repo.forgetSessions(profiled.map((s) => s.sessionId));
    for (const stationId of new Set([...defaulted, ...profiled.map((s) => s.stationId)])) await this.dispatcher.notify(stationId);
    return null;
  }

  /**
   * A station answered one of the platform's profiles. A failure without the station's own error
   * (the socket closed) says nothing about the profile: it counts as unanswered, not as refused.
   */
  async profileAnswered(commandId: string, status: string): Promise<string | null> {
    let outcome: ProfileStatus = status === 'accepted' ? 'accepted' : status === 'rejected' ? 'rejected' : status === 'failed' ? 'failed' : 'timed-out';
    if (outcome === 'failed') {
      const c = await this.commands.get(commandId);
      if (!(c?.response && typeof c.response === 'object' && 'errorCode' in c.response)) outcome = 'timed-out';
    }
    return (await this.repo.profileAnswered(commandId, outcome, this.clock.now()))?.stationId ?? null;
  }

  /** Ended sessions leave the sharing; an EV's needs reported on their EVSE before they ended go with them. */
  sessionsEnded(sessionIds: readonly string[]): Promise<void> {
    return this.repo.forgetSessions(sessionIds);
  }
}
