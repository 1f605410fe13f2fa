import type { Command, CommandOutcome } from '../../domain/commands/index.js';
import {
  sameComponent,
  sameVariable,
  type AttributeType,
  type ComponentRef,
  type VariableItem,
  type VariableRef,
  type VariableResult,
  type VariableStatus,
} from '../../domain/device-model/index.js';
import type { Params } from '../context.js';
import type { OutboundCall } from '../commands/outbound-call.js';
import { NotExpressible } from '../commands/send-time.js';

/** 2.0.1 ComponentType from ours, and back. */
export const component201 = (c: ComponentRef) => ({
  name: c.name,
  ...(c.instance !== undefined ? { instance: c.instance } : {}),
  ...(c.evseId !== undefined ? { evse: { id: c.evseId, ...(c.connectorId !== undefined ? { connectorId: c.connectorId } : {}) } } : {}),
});
export const variable201 = (v: VariableRef) => ({ name: v.name, ...(v.instance !== undefined ? { instance: v.instance } : {}) });
export const componentOf = (c: Params): ComponentRef => ({
  name: c.name,
  ...(c.instance !== undefined ? { instance: c.instance } : {}),
  ...(c.evse?.id !== undefined ? { evseId: c.evse.id } : {}),
  ...(c.evse?.connectorId !== undefined ? { connectorId: c.evse.connectorId } : {}),
});
export const variableOf = (v: Params): VariableRef => ({ name: v.name, ...(v.instance !== undefined ? { instance: v.instance } : {}) });

const componentNeeded = (v: VariableItem): ComponentRef => {
  if (!v.component) throw new NotExpressible(`an OCPP 2.0.1 station needs the component of ${v.variable.name}`);
  return v.component;
};

/** The station's attributeStatus in the words both versions share. */
function statusOf(s: string): VariableStatus {
  if (s === 'Accepted' || s === 'Rejected' || s === 'RebootRequired') return s;
  return 'NotSupported';
}

export function v201DeviceModelCall(c: Command): OutboundCall {
  const p = c.params;
  const vars = p.variables ?? [];
  switch (c.kind) {
    case 'get-variables': {
      const data = vars.map((v) => ({ component: component201(componentNeeded(v)), variable: variable201(v.variable), ...(v.attributeType ? { attributeType: v.attributeType } : {}) }));
      // A station that takes fewer per message (ItemsPerMessage[GetVariables]) is asked in parts.
      const max = p.itemsPerMessage ?? data.length;
      const parts = data.length > max ? Array.from({ length: Math.ceil(data.length / max) }, (_, i) => ({ getVariableData: data.slice(i * max, (i + 1) * max) })) : undefined;
      return { action: 'GetVariables', payload: { getVariableData: data }, ...(parts ? { parts } : {}) };
    }
    case 'set-variables':
      return {
        action: 'SetVariables',
        payload: {
          setVariableData: vars.map((v) => ({
            component: component201(componentNeeded(v)),
            variable: variable201(v.variable),
            attributeValue: v.value,
            ...(v.attributeType ? { attributeType: v.attributeType } : {}),
          })),
        },
      };
    case 'get-base-report':
      return { action: 'GetBaseReport', payload: { requestId: c.remoteStartId, reportBase: p.reportBase ?? 'FullInventory' } };
    case 'get-report':
      return {
        action: 'GetReport',
        payload: {
          requestId: c.remoteStartId,
          ...(vars.length > 0 ? { componentVariable: vars.map((v) => ({ component: component201(componentNeeded(v)), variable: variable201(v.variable) })) } : {}),
          ...(p.componentCriteria?.length ? { componentCriteria: p.componentCriteria } : {}),
        },
      };
    default:
      throw new NotExpressible(`${c.kind} is not a device-model command`);
  }
}

/** The answer, with each variable's result in version-neutral words (`variables`) beside the station's own. */
export function v201DeviceModelOutcome(c: Command, response: Params): CommandOutcome {
  if (c.kind === 'get-base-report' || c.kind === 'get-report') {
    return { status: response.status === 'Accepted' || response.status === 'EmptyResultSet' ? 'accepted' : 'rejected', response };
  }
  const set = c.kind === 'set-variables';
  const rows = ((set ? response.setVariableResult : response.getVariableResult) ?? []) as Params[];
  const variables: VariableResult[] = rows.map((r) => {
    const component = componentOf(r.component);
    const variable = variableOf(r.variable);
    const attributeType = (r.attributeType ?? 'Actual') as AttributeType;
    const asked = set ? c.params.variables?.find((v) => v.component && sameComponent(v.component, component) && sameVariable(v.variable, variable) && (v.attributeType ?? 'Actual') === attributeType) : undefined;
    const value = set ? asked?.value : (r.attributeValue as string | undefined);
    const info = r.attributeStatusInfo?.reasonCode as string | undefined;
    return { component, variable, attributeType, status: statusOf(r.attributeStatus), stationStatus: r.attributeStatus, ...(value !== undefined ? { value } : {}), ...(info ? { info } : {}) };
  });
  const taken = variables.every((v) => v.status === 'Accepted' || v.status === 'RebootRequired');
  return { status: taken && variables.length > 0 ? 'accepted' : 'rejected', response: { ...response, variables } };
}
