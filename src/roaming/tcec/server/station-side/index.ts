import type { InboundHandlers } from '../inbound-handler.js';
import { queryEquipChargeStatus, queryStartCharge, queryStopCharge } from './charging.handlers.js';
import { queryEquipAuth, queryEquipBusinessPolicy } from './equipment.handlers.js';
import type { StationSideDeps } from './station-side.deps.js';
import { queryStationsInfo, queryStationStats, queryStationStatus } from './stations.handlers.js';

export * from './charging.handlers.js';
export * from './station-side.deps.js';

/** The interfaces we serve as the station side (our member's stations, the partner's drivers). */
export function stationSideHandlers(d: StationSideDeps): InboundHandlers {
  return {
    query_stations_info: queryStationsInfo(d),
    query_station_status: queryStationStatus(d),
    query_station_stats: queryStationStats(d),
    query_equip_auth: queryEquipAuth(d),
    query_equip_business_policy: queryEquipBusinessPolicy(d),
    query_start_charge: queryStartCharge(d),
    query_equip_charge_status: queryEquipChargeStatus(d),
    query_stop_charge: queryStopCharge(d),
  };
}
