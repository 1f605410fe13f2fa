import { Decimal } from 'decimal.js';
import { CONNECTOR_STATUSES, type ConnectorStatus } from '../stations/connector-status.js';

/** The morning figures of one city, one operator in a city, or all of them. */
export interface OverviewFigures {
  readonly stations: { readonly total: number; readonly online: number; readonly offline: number };
  /** Connectors by live status; an offline station's connectors count as OFFLINE. */
  readonly connectors: Record<ConnectorStatus, number>;
  readonly sessionsToday: number;
  readonly activeSessions: number;
  /** kWh of the sessions that ended today, 3 decimals. */
  readonly energyKwhToday: string;
  /** CNY, 2 decimals: priced CDRs of today's settlement day, and of this month's days so far. */
  readonly revenueToday: string;
  readonly revenueMonth: string;
  /** Of this month's CDR kWh, the share charged by other operators' customers (4 decimals; null without energy). */
  readonly roamingEnergyShareMonth: string | null;
  readonly roamingRevenueMonth: string;
}

export interface Overview {
  readonly asOf: string;
  /** The Shanghai day and month the figures are for. */
  readonly day: string;
  readonly month: string;
  readonly currency: 'CNY';
  readonly totals: OverviewFigures;
  readonly cities: (OverviewFigures & { readonly city: string; readonly operators: (OverviewFigures & { readonly operatorId: string })[] })[];
}

/** A running sum that becomes OverviewFigures. */
export class FigureSum {
  total = 0;
  online = 0;
  readonly connectors = Object.fromEntries(CONNECTOR_STATUSES.map((s) => [s, 0])) as Record<ConnectorStatus, number>;
  sessionsToday = 0;
  activeSessions = 0;
  whToday = 0;
  revenueToday = new Decimal(0);
  revenueMonth = new Decimal(0);
  whMonth = 0;
  roamingWhMonth = 0;
  roamingRevenueMonth = new Decimal(0);

  figures(): OverviewFigures {
    return {
      stations: { total: this.total, online: this.online, offline: this.total - this.online },
      connectors: { ...this.connectors },
      sessionsToday: this.sessionsToday,
      activeSessions: this.activeSessions,
      energyKwhToday: new Decimal(this.whToday).div(1000).toFixed(3),
      revenueToday: this.revenueToday.toFixed(2),
      revenueMonth: this.revenueMonth.toFixed(2),
      roamingEnergyShareMonth: this.whMonth === 0 ? null : new Decimal(this.roamingWhMonth).div(this.whMonth).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4),
      roamingRevenueMonth: this.roamingRevenueMonth.toFixed(2),
    };
  }
}
