import { createHash } from 'node:crypto';
import type { Handler, GatewayServices } from '../context.js';

const digest = (p: unknown) => createHash('sha256').update(JSON.stringify(p)).digest('hex').slice(0, 16);

/**
 * K15/K17: the schedule the EV chose (ISO 15118), kept as a station record once (a repeated message
 * changes nothing). Always Accepted: a schedule above what the platform allocated needs no refusal,
 * since the platform keeps re-balancing the site and sends the station its own TxProfile.
 */
export const notifyEvChargingSchedule = (svc: GatewayServices): Handler => async (ctx, p) => {
  await svc.stations.event({
    stationId: ctx.stationId,
    kind: 'EVChargingSchedule',
    dedupeKey: `${p.evseId}:${p.timeBase}:${digest(p.chargingSchedule)}`,
    payload: p,
  });
  return { status: 'Accepted' };
};
