/** What a roaming partner's questions about our stations need beyond the catalog snapshot. */
export interface PartnerStationQueries {
  /**
   * Locations of these operators whose master data changed at or after `since`: the location itself,
   * one of its stations, or a tariff that applies there (T/CEC LastQueryTime).
   */
  locationsChangedSince(operatorIds: readonly string[], since: Date): Promise<Set<string>>;
  /** Energy delivered within [from, to) on these stations, per connector (a session crossing a bound counts its part inside). */
  connectorEnergy(stationIds: readonly string[], from: Date, to: Date): Promise<{ stationId: string; evseNo: number; connectorNo: number; energyWh: number }[]>;
}
