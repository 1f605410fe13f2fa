import type { Handler, GatewayServices } from '../context.js';

const PHASES: Record<string, number> = { AC_single_phase: 1, AC_two_phase: 2, AC_three_phase: 3 };

/**
 * K15/K17: the EV's needs (ISO 15118). Its maximum caps its session; the answer says whether the
 * platform will send it a schedule (Accepted: its site is load-managed), or not (Rejected).
 */
export const notifyEvChargingNeeds = (svc: GatewayServices): Handler => async (ctx, p) => {
  const n = p.chargingNeeds;
  const dc = n.dcChargingParameters;
  const ac = n.acChargingParameters;
  const scheduled = await svc.chargingLimits?.evChargingNeeds(ctx.stationId, p.evseId, {
    dc: dc ? { maxPowerW: dc.evMaxPower, maxCurrentA: dc.evMaxCurrent, maxVoltageV: dc.evMaxVoltage } : undefined,
    ac: !dc && ac ? { maxCurrentA: ac.evMaxCurrent, phases: PHASES[n.requestedEnergyTransfer] ?? 3 } : undefined,
  });
  return { status: scheduled ? 'Accepted' : 'Rejected' };
};
