import type { PartnerRole } from '../../../../domain/partners/index.js';
import { TCEC_RET, TcecRefusal } from '../../envelope/index.js';
import type { InboundHandler, InboundHandlers } from '../inbound-handler.js';
import { queryEquipChargeStatus, queryStartCharge, queryStopCharge } from './charging.handlers.js';
import { queryEquipAuth, queryEquipBusinessPolicy } from './equipment.handlers.js';
import type { StationSideDeps } from './station-side.deps.js';
import { queryStationsInfo, queryStationStats, queryStationStatus } from './stations.handlers.js';

export * from './charging.handlers.js';
export * from './station-side.deps.js';

/** Only partners of these roles may call the interface (else 4004): a supervisor looks, a partner's drivers charge. */
const forRoles =
  (roles: readonly PartnerRole[], handler: InboundHandler): InboundHandler =>
  (ctx, body) => {
    if (!roles.includes(ctx.partner.role)) throw new TcecRefusal(TCEC_RET.business, `not an interface for a partner of role ${ctx.partner.role}`);
    return handler(ctx, body);
  };

const LOOKERS: readonly PartnerRole[] = ['emsp', 'supervisor'];
const DRIVERS: readonly PartnerRole[] = ['emsp'];

/** The interfaces we serve as the station side (our member's stations, the partner's drivers). */
export function stationSideHandlers(d: StationSideDeps): InboundHandlers {
  return {
    query_stations_info: forRoles(LOOKERS, queryStationsInfo(d)),
    query_station_status: forRoles(LOOKERS, queryStationStatus(d)),
    query_station_stats: forRoles(LOOKERS, queryStationStats(d)),
    query_equip_business_policy: forRoles(LOOKERS, queryEquipBusinessPolicy(d)),
    query_equip_auth: forRoles(DRIVERS, queryEquipAuth(d)),
    query_start_charge: forRoles(DRIVERS, queryStartCharge(d)),
    query_equip_charge_status: forRoles(DRIVERS, queryEquipChargeStatus(d)),
    query_stop_charge: forRoles(DRIVERS, queryStopCharge(d)),
  };
}
