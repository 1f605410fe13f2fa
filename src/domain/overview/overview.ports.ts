import type { Decimal } from 'decimal.js';

/** A station the viewer may see, where it stands, and how many connectors it declared or reported. */
export interface OverviewStation {
  readonly stationId: string;
  readonly operatorId: string;
  readonly city: string | null;
  readonly connectors: number;
}

/** Sessions at one (city, operator)'s stations. */
export interface SessionFigureRow {
  readonly city: string | null;
  readonly operatorId: string;
  /** Started in the window. */
  readonly started: number;
  /** Running now (whenever they started). */
  readonly active: number;
  /** Energy of the sessions that ended in the window. */
  readonly energyWh: number;
}

/** Sums of the CDRs that count (priced) of one (city, CPO), split by whether another operator's customers charged. */
export interface RevenueRow {
  readonly city: string | null;
  readonly operatorId: string;
  readonly roaming: boolean;
  readonly energyWh: number;
  readonly revenue: Decimal;
}

/**
 * What the overview reads from the store. `visibleTo` is the operator whose stations count
 * (undefined: every operator's, for the admin).
 */
export interface OverviewSource {
  stations(visibleTo: string | undefined): Promise<OverviewStation[]>;
  sessions(from: Date, to: Date, visibleTo: string | undefined): Promise<SessionFigureRow[]>;
  /** CDRs of settlement days `fromDay`…`toDay` (YYYY-MM-DD, inclusive). */
  revenue(fromDay: string, toDay: string, visibleTo: string | undefined): Promise<RevenueRow[]>;
}
