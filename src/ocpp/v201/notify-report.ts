import { asStationVariables, type AttributeType, type Mutability, type ReportedVariable } from '../../domain/device-model/index.js';
import { bootReportComplete } from '../boot-report.js';
import type { Handler, GatewayServices, Params } from '../context.js';
import { componentOf, variableOf } from './device-model-calls.js';

/** One reportData entry: the variable, its attributes and characteristics. */
export function reportedVariable(d: Params): ReportedVariable {
  const c = d.variableCharacteristics as Params | undefined;
  return {
    component: componentOf(d.component),
    variable: variableOf(d.variable),
    attributes: (d.variableAttribute as Params[]).map((a) => ({
      type: (a.type ?? 'Actual') as AttributeType,
      value: a.value as string | undefined,
      mutability: a.mutability as Mutability | undefined,
      persistent: a.persistent as boolean | undefined,
      constant: a.constant as boolean | undefined,
    })),
    ...(c
      ? {
          characteristics: {
            unit: c.unit as string | undefined,
            dataType: String(c.dataType),
            minLimit: c.minLimit as number | undefined,
            maxLimit: c.maxLimit as number | undefined,
            valuesList: c.valuesList as string | undefined,
            supportsMonitoring: c.supportsMonitoring === true,
          },
        }
      : {}),
  };
}

/**
 * Device-model report, in parts (seqNo, tbc): each part is kept as it comes, so the stored model
 * is assembled from them; connector types and EVSE power are derived. The last part of the report
 * asked for at a Pending boot lets the station in.
 */
export const notifyReport = (svc: GatewayServices): Handler => async (ctx, p) => {
  const data = ((p.reportData ?? []) as Params[]).map(reportedVariable);
  if (svc.deviceModel) {
    await svc.deviceModel.reportPart({
      stationId: ctx.stationId,
      requestId: p.requestId,
      seqNo: p.seqNo,
      tbc: p.tbc === true,
      variables: data,
      fullInventory: ctx.bootReport?.requestId === p.requestId,
    });
  } else {
    await svc.stations.report(ctx.stationId, data.flatMap(asStationVariables));
  }
  if (!p.tbc && ctx.bootReport?.requestId === p.requestId) ctx.afterAnswer((call) => bootReportComplete(svc, ctx, call));
  return {};
};
