import type { Handler, GatewayServices, Params } from '../context.js';
import { scheduleFrom201 } from './charging-schedule.js';

/**
 * K09: the station lists its charging profiles (one part of a report). Kept as a record; profiles
 * of a source other than the platform (CSO) are limits set outside it and cap the EVSE (0: the
 * station) like a NotifyChargingLimit.
 */
export const reportChargingProfiles = (svc: GatewayServices): Handler => async (ctx, p) => {
  const profiles = p.chargingProfile as Params[];
  await svc.stations.event({
    stationId: ctx.stationId,
    kind: 'ReportChargingProfiles',
    dedupeKey: `${p.requestId}:${p.evseId}:${p.chargingLimitSource}:${profiles.map((x) => x.id).join(',')}`,
    payload: p,
    occurredAt: svc.sessions.now(),
  });
  if (p.chargingLimitSource !== 'CSO') {
    const schedules = profiles.flatMap((x) => (x.chargingSchedule as Params[]).map(scheduleFrom201));
    await svc.chargingLimits?.limitReported(ctx.stationId, p.evseId, p.chargingLimitSource, schedules, false);
  }
  return {};
};
