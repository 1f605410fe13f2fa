import type { Command, CommandOutcome } from '../../domain/commands/index.js';
import { V16_COMPONENT, type VariableItem, type VariableResult, type VariableStatus } from '../../domain/device-model/index.js';
import type { Params } from '../context.js';
import type { OutboundCall } from '../commands/outbound-call.js';
import { NotExpressible } from '../commands/send-time.js';

/** A 1.6 station's configuration keys are the variables of the `1.6` component. */
function keyOf(v: VariableItem): string {
  if (v.component && v.component.name !== V16_COMPONENT) throw new NotExpressible(`an OCPP 1.6 station has configuration keys only (component ${V16_COMPONENT}), not ${v.component.name}`);
  return v.variable.name;
}

export function v16DeviceModelCall(c: Command): OutboundCall {
  const vars = c.params.variables ?? [];
  switch (c.kind) {
    case 'get-variables':
    case 'get-report':
      return { action: 'GetConfiguration', payload: vars.length > 0 ? { key: vars.map(keyOf) } : {} };
    case 'get-base-report':
      return { action: 'GetConfiguration', payload: {} };
    case 'set-variables': {
      // ChangeConfiguration sets one key: the platform sends one command per key.
      if (vars.length !== 1) throw new NotExpressible('an OCPP 1.6 station takes one configuration key per ChangeConfiguration');
      return { action: 'ChangeConfiguration', payload: { key: keyOf(vars[0]!), value: vars[0]!.value } };
    }
    default:
      throw new NotExpressible(`${c.kind} is not a device-model command`);
  }
}

const result = (name: string, status: VariableStatus, stationStatus: string, extra: Partial<VariableResult> = {}): VariableResult => ({
  component: { name: V16_COMPONENT },
  variable: { name },
  attributeType: 'Actual',
  status,
  stationStatus,
  ...extra,
});

/** GetConfiguration's keys (and unknown keys) or ChangeConfiguration's status, as variable results. */
export function v16ConfigurationResults(c: Command | null, response: Params): VariableResult[] {
  if (c?.kind === 'set-variables') {
    const v = c.params.variables?.[0];
    if (!v) return [];
    const s = String(response.status);
    return [result(v.variable.name, s === 'Accepted' || s === 'Rejected' || s === 'RebootRequired' ? s : 'NotSupported', s, { value: v.value })];
  }
  return [
    ...((response.configurationKey ?? []) as Params[]).map((k) =>
      result(String(k.key), 'Accepted', 'Accepted', { ...(k.value !== undefined ? { value: String(k.value) } : {}), mutability: k.readonly ? 'ReadOnly' : 'ReadWrite' }),
    ),
    ...((response.unknownKey ?? []) as string[]).map((k) => result(k, 'NotSupported', 'UnknownKey')),
  ];
}

export function v16DeviceModelOutcome(c: Command, response: Params): CommandOutcome {
  const variables = v16ConfigurationResults(c, response);
  if (c.kind === 'set-variables') {
    const taken = response.status === 'Accepted' || response.status === 'RebootRequired';
    return { status: taken ? 'accepted' : 'rejected', response: { ...response, variables } };
  }
  return { status: 'accepted', response: { ...response, variables } };
}
