import { CITIES } from '../catalog/catalog.model.js';
import type { LiveStatusStore } from '../availability/live-status.ports.js';
import type { StationPresence } from '../stations/station.ports.js';
import type { Clock } from '../../shared/clock.js';
import { shanghaiDate, shanghaiDayStart, shanghaiMidnight } from '../../shared/shanghai-time.js';
import { FigureSum, type Overview } from './overview.model.js';
import type { OverviewSource } from './overview.ports.js';

const UNKNOWN_CITY = 'unknown';

/**
 * The console's morning view (GET /v1/overview): stations online and offline, connectors by live
 * status, today's sessions and kWh, revenue today and this month, per city and per operator.
 * An operator's key counts its own stations only (as their CPO); the admin's every operator's.
 */
export class OverviewService {
  constructor(
    private readonly source: OverviewSource,
    private readonly presence: StationPresence,
    private readonly live: LiveStatusStore,
    private readonly clock: Clock,
  ) {}

  async overview(visibleTo: string | undefined): Promise<Overview> {
    const now = this.clock.now();
    const day = shanghaiDate(now);
    const month = day.slice(0, 7);
    const dayStart = shanghaiMidnight(now);
    const dayEnd = shanghaiDayStart(nextDay(day)) as Date;
    const [stations, sessions, revenueToday, revenueMonth] = await Promise.all([
      this.source.stations(visibleTo),
      this.source.sessions(dayStart, dayEnd, visibleTo),
      this.source.revenue(day, day, visibleTo),
      this.source.revenue(`${month}-01`, day, visibleTo),
    ]);
    const ids = stations.map((s) => s.stationId);
    const [owners, statuses] = await Promise.all([this.presence.ownersOf(ids), this.live.getMany(ids)]);

    const totals = new FigureSum();
    const cities = new Map<string, { sum: FigureSum; operators: Map<string, FigureSum> }>();
    // The three cities are always there, even before any station is.
    for (const c of CITIES) cities.set(c, { sum: new FigureSum(), operators: new Map() });
    const sumsOf = (city: string | null, operatorId: string): FigureSum[] => {
      const name = city ?? UNKNOWN_CITY;
      let c = cities.get(name);
      if (!c) cities.set(name, (c = { sum: new FigureSum(), operators: new Map() }));
      let o = c.operators.get(operatorId);
      if (!o) c.operators.set(operatorId, (o = new FigureSum()));
      return [totals, c.sum, o];
    };

    for (const s of stations) {
      const online = owners.has(s.stationId);
      const reported = statuses.get(s.stationId) ?? [];
      for (const sum of sumsOf(s.city, s.operatorId)) {
        sum.total++;
        if (online) sum.online++;
        if (!online) sum.connectors.OFFLINE += Math.max(s.connectors, reported.length);
        else {
          for (const r of reported) sum.connectors[r.status]++;
          // Declared connectors the station has not reported on yet.
          sum.connectors.UNKNOWN += Math.max(0, s.connectors - reported.length);
        }
      }
    }
    for (const r of sessions) {
      for (const sum of sumsOf(r.city, r.operatorId)) {
        sum.sessionsToday += r.started;
        sum.activeSessions += r.active;
        sum.whToday += r.energyWh;
      }
    }
    for (const r of revenueToday) for (const sum of sumsOf(r.city, r.operatorId)) sum.revenueToday = sum.revenueToday.plus(r.revenue);
    for (const r of revenueMonth) {
      for (const sum of sumsOf(r.city, r.operatorId)) {
        sum.revenueMonth = sum.revenueMonth.plus(r.revenue);
        sum.whMonth += r.energyWh;
        if (r.roaming) {
          sum.roamingWhMonth += r.energyWh;
          sum.roamingRevenueMonth = sum.roamingRevenueMonth.plus(r.revenue);
        }
      }
    }
    const byName = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      asOf: now.toISOString(),
      day,
      month,
      currency: 'CNY',
      totals: totals.figures(),
      cities: byName(cities).map(([city, c]) => ({
        city,
        ...c.sum.figures(),
        operators: byName(c.operators).map(([operatorId, o]) => ({ operatorId, ...o.figures() })),
      })),
    };
  }
}

/** The next calendar date after a "YYYY-MM-DD". */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
