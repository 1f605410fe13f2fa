import type { Handler, GatewayServices, Params } from '../context.js';
import { scheduleFrom201 } from './charging-schedule.js';

/**
 * K12: a limit set outside the platform (a local EMS, the grid operator) is in force at the
 * station (no evseId) or one EVSE. The load balancer treats it as a cap there.
 */
export const notifyChargingLimit = (svc: GatewayServices): Handler => async (ctx, p) => {
  const schedules = ((p.chargingSchedule as Params[] | undefined) ?? []).map(scheduleFrom201);
  await svc.chargingLimits?.limitReported(ctx.stationId, p.evseId ?? 0, p.chargingLimit.chargingLimitSource, schedules, p.chargingLimit.isGridCritical === true);
  return {};
};
