import type { StationVariable } from '../../domain/stations/index.js';
import type { Handler, GatewayServices, Params } from '../context.js';

/** Device-model report (possibly in parts, tbc): variables kept; connector types and EVSE power derived. */
export const notifyReport = (svc: GatewayServices): Handler => async (ctx, p) => {
  const variables: StationVariable[] = [];
  for (const d of (p.reportData ?? []) as Params[]) {
    const base = {
      component: d.component.name,
      componentInstance: d.component.instance,
      evseNo: d.component.evse?.id,
      connectorNo: d.component.evse?.connectorId,
      variable: d.variable.name,
      variableInstance: d.variable.instance,
    };
    for (const a of d.variableAttribute as Params[]) {
      variables.push({ ...base, attributeType: a.type ?? 'Actual', value: a.value });
    }
    const maxLimit = d.variableCharacteristics?.maxLimit;
    if (maxLimit !== undefined) variables.push({ ...base, attributeType: 'MaxLimit', value: String(maxLimit) });
  }
  await svc.stations.report(ctx.stationId, variables);
  return {};
};
