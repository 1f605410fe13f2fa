import type { AvailabilityQuery } from './availability.model.js';

/** The plug half of a driver's query: connector standards and a minimum power. */
export interface ConnectorFilter {
  readonly standards: readonly string[] | undefined;
  readonly minPowerW: number | undefined;
  /** False when the query asks neither. */
  readonly active: boolean;
}

export function connectorFilterOf(q: Pick<AvailabilityQuery, 'standards' | 'minPowerKw'>): ConnectorFilter {
  const standards = q.standards?.length ? q.standards : undefined;
  const minPowerW = q.minPowerKw === undefined ? undefined : q.minPowerKw * 1000;
  return { standards, minPowerW, active: standards !== undefined || minPowerW !== undefined };
}

export const fitsConnector = (c: { readonly standard: string; readonly maxPowerW: number | null }, f: ConnectorFilter): boolean =>
  (f.standards === undefined || f.standards.includes(c.standard)) && (f.minPowerW === undefined || (c.maxPowerW ?? 0) >= f.minPowerW);
