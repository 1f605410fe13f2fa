/**
 * The simulated station's own device model, as a real one keeps it: 2.0.1 components and variables
 * (with mutability and characteristics) or 1.6 configuration keys. Some writes are refused (read-only,
 * out of range, not a number) and some apply only after a reboot (RebootRequired), as on real stations.
 */
import { connectorTypeOf } from './v201-messages.js';
import type { StationSpec } from './types.js';

type Mutability = 'ReadOnly' | 'WriteOnly' | 'ReadWrite';
type DataType = 'string' | 'integer' | 'decimal' | 'boolean' | 'dateTime' | 'OptionList' | 'MemberList' | 'SequenceList';

export interface SimComponent {
  name: string;
  instance?: string;
  evse?: { id: number; connectorId?: number };
}

export interface SimVariable {
  component: SimComponent;
  variable: { name: string; instance?: string };
  /** Attribute type → value (WriteOnly variables report none). */
  values: Record<string, string>;
  mutability: Mutability;
  dataType: DataType;
  unit?: string;
  minLimit?: number;
  maxLimit?: number;
  valuesList?: string;
  /** A change applies after the next reboot. */
  rebootRequired?: boolean;
  /** Reported in a ConfigurationInventory (settings) and a SummaryInventory (state). */
  summary?: boolean;
}

export type SetStatus = 'Accepted' | 'Rejected' | 'RebootRequired' | 'UnknownComponent' | 'UnknownVariable' | 'NotSupportedAttributeType';

const keyOf = (c: SimComponent, v: { name: string; instance?: string }) => `${c.name}|${c.instance ?? ''}|${c.evse?.id ?? ''}|${c.evse?.connectorId ?? ''}|${v.name}|${v.instance ?? ''}`;
const componentKey = (c: SimComponent) => `${c.name}|${c.instance ?? ''}|${c.evse?.id ?? ''}|${c.evse?.connectorId ?? ''}`;

/** A value's type and range, as the station checks a write. */
function valid(v: SimVariable, value: string): boolean {
  if (v.dataType === 'integer' || v.dataType === 'decimal') {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || (v.dataType === 'integer' && !Number.isInteger(n))) return false;
    return (v.minLimit === undefined || n >= v.minLimit) && (v.maxLimit === undefined || n <= v.maxLimit);
  }
  if (v.dataType === 'boolean') return value === 'true' || value === 'false';
  if (v.dataType === 'OptionList') return (v.valuesList ?? '').split(',').includes(value);
  return value.length <= 1000;
}

function v201Variables(spec: StationSpec): SimVariable[] {
  const rw = (component: SimComponent, name: string, value: string, dataType: DataType, extra: Partial<SimVariable> = {}): SimVariable => ({
    component, variable: { name }, values: { Actual: value }, mutability: 'ReadWrite', dataType, ...extra,
  });
  const ro = (component: SimComponent, name: string, value: string, dataType: DataType, extra: Partial<SimVariable> = {}): SimVariable => ({
    component, variable: { name }, values: { Actual: value }, mutability: 'ReadOnly', dataType, summary: true, ...extra,
  });
  const station = { name: 'ChargingStation' };
  const comm = { name: 'OCPPCommCtrlr' };
  const vars: SimVariable[] = [
    ro(station, 'Model', spec.model, 'string'),
    ro(station, 'VendorName', spec.vendor, 'string'),
    ro(station, 'AvailabilityState', 'Available', 'OptionList', { valuesList: 'Available,Occupied,Reserved,Unavailable,Faulted' }),
    ro(station, 'SupplyPhases', spec.evses.some((e) => e.connectors.some((c) => c.standard.endsWith('DC'))) ? '3' : '1', 'integer'),
    rw(comm, 'HeartbeatInterval', '300', 'integer', { unit: 's', minLimit: 10, maxLimit: 86_400 }),
    rw(comm, 'OfflineThreshold', '600', 'integer', { unit: 's', minLimit: 0 }),
    rw(comm, 'ResetRetries', '2', 'integer', { minLimit: 0, maxLimit: 10 }),
    rw(comm, 'WebSocketPingInterval', '30', 'integer', { unit: 's', minLimit: 0, maxLimit: 3600, rebootRequired: true }),
    { ...rw(comm, 'MessageTimeout', '30', 'integer', { unit: 's', minLimit: 5, maxLimit: 600 }), variable: { name: 'MessageTimeout', instance: 'Default' } },
    rw(comm, 'NetworkConfigurationPriority', '0', 'SequenceList', { rebootRequired: true }),
    rw({ name: 'SampledDataCtrlr' }, 'TxUpdatedInterval', '60', 'integer', { unit: 's', minLimit: 0, maxLimit: 3600 }),
    rw({ name: 'SampledDataCtrlr' }, 'TxUpdatedMeasurands', 'Energy.Active.Import.Register,Power.Active.Import', 'MemberList'),
    rw({ name: 'SampledDataCtrlr' }, 'TxEndedMeasurands', 'Energy.Active.Import.Register', 'MemberList'),
    rw({ name: 'AuthCtrlr' }, 'AuthorizeRemoteStart', 'true', 'boolean'),
    rw({ name: 'AuthCtrlr' }, 'LocalAuthorizeOffline', 'true', 'boolean'),
    rw({ name: 'AuthCtrlr' }, 'LocalPreAuthorize', 'false', 'boolean'),
    rw({ name: 'TxCtrlr' }, 'EVConnectionTimeOut', '120', 'integer', { unit: 's', minLimit: 10, maxLimit: 600 }),
    ro({ name: 'TxCtrlr' }, 'StopTxOnEVSideDisconnect', 'true', 'boolean'),
    rw({ name: 'TxCtrlr' }, 'TxStartPoint', 'PowerPathClosed', 'MemberList'),
    rw({ name: 'TxCtrlr' }, 'TxStopPoint', 'EVConnected,Authorized', 'MemberList'),
    rw({ name: 'SmartChargingCtrlr' }, 'Enabled', 'true', 'boolean'),
    rw({ name: 'DisplayMessageCtrlr' }, 'Enabled', 'true', 'boolean'),
    ro({ name: 'DisplayMessageCtrlr' }, 'DisplayMessages', '10', 'integer', { maxLimit: 10 }),
    ro({ name: 'DisplayMessageCtrlr' }, 'SupportedPriorities', 'AlwaysFront,InFront,NormalCycle', 'MemberList'),
    ro({ name: 'SecurityCtrlr' }, 'SecurityProfile', '1', 'integer'),
    rw({ name: 'SecurityCtrlr' }, 'OrganizationName', spec.vendor, 'string', { rebootRequired: true }),
    { component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, values: {}, mutability: 'WriteOnly', dataType: 'string' },
    rw({ name: 'ClockCtrlr' }, 'TimeSource', 'Heartbeat', 'SequenceList'),
    ...['GetReport', 'GetVariables', 'SetVariables'].map((instance) => ({ ...ro({ name: 'DeviceDataCtrlr' }, 'ItemsPerMessage', '50', 'integer'), variable: { name: 'ItemsPerMessage', instance } })),
  ];
  for (const evse of spec.evses) {
    const maxW = Math.max(...evse.connectors.map((c) => c.maxPowerKw)) * 1000;
    const e = { name: 'EVSE', evse: { id: evse.evseId } };
    vars.push({ ...ro(e, 'Power', '0', 'decimal', { unit: 'W', maxLimit: maxW }), values: { Actual: '0', MaxSet: String(maxW) } });
    vars.push(ro(e, 'AvailabilityState', 'Available', 'OptionList', { valuesList: 'Available,Occupied,Reserved,Unavailable,Faulted' }));
    for (const c of evse.connectors) {
      const k = { name: 'Connector', evse: { id: evse.evseId, connectorId: c.connectorId } };
      vars.push(ro(k, 'ConnectorType', connectorTypeOf(c.standard), 'string'));
      vars.push(ro(k, 'AvailabilityState', 'Available', 'OptionList', { valuesList: 'Available,Occupied,Reserved,Unavailable,Faulted' }));
    }
  }
  return vars;
}

function v16Keys(spec: StationSpec): SimVariable[] {
  const c = { name: '1.6' };
  const key = (name: string, value: string, mutability: Mutability, dataType: DataType, extra: Partial<SimVariable> = {}): SimVariable => ({
    component: c, variable: { name }, values: { Actual: value }, mutability, dataType, ...extra,
  });
  return [
    key('HeartbeatInterval', '300', 'ReadWrite', 'integer', { minLimit: 10, maxLimit: 86_400 }),
    key('MeterValueSampleInterval', '60', 'ReadWrite', 'integer', { minLimit: 0, maxLimit: 3600 }),
    key('ClockAlignedDataInterval', '0', 'ReadWrite', 'integer', { minLimit: 0 }),
    key('ConnectionTimeOut', '120', 'ReadWrite', 'integer', { minLimit: 10, maxLimit: 600 }),
    key('ResetRetries', '2', 'ReadWrite', 'integer', { minLimit: 0, maxLimit: 10 }),
    key('WebSocketPingInterval', '30', 'ReadWrite', 'integer', { minLimit: 0, maxLimit: 3600, rebootRequired: true }),
    key('AuthorizeRemoteTxRequests', 'false', 'ReadWrite', 'boolean'),
    key('LocalAuthorizeOffline', 'true', 'ReadWrite', 'boolean'),
    key('LocalPreAuthorize', 'false', 'ReadWrite', 'boolean'),
    key('StopTransactionOnEVSideDisconnect', 'true', 'ReadWrite', 'boolean'),
    key('MeterValuesSampledData', 'Energy.Active.Import.Register,Power.Active.Import', 'ReadWrite', 'string'),
    key('NumberOfConnectors', String(spec.evses.length), 'ReadOnly', 'integer'),
    key('SupportedFeatureProfiles', 'Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger', 'ReadOnly', 'string'),
    key('ChargeProfileMaxStackLevel', '8', 'ReadOnly', 'integer'),
    key('GetConfigurationMaxKeys', '50', 'ReadOnly', 'integer'),
  ];
}

/** Its variables in order, with what GetVariables/SetVariables/GetBaseReport (or GetConfiguration/ChangeConfiguration) need. */
export class SimDeviceModel {
  readonly #vars = new Map<string, SimVariable>();
  readonly #components = new Set<string>();

  constructor(spec: StationSpec) {
    for (const v of spec.ocppVersion === '1.6' ? v16Keys(spec) : v201Variables(spec)) {
      this.#vars.set(keyOf(v.component, v.variable), v);
      this.#components.add(componentKey(v.component));
    }
  }

  get all(): SimVariable[] {
    return [...this.#vars.values()];
  }

  find(component: SimComponent, variable: { name: string; instance?: string }): SimVariable | undefined {
    return this.#vars.get(keyOf(component, variable));
  }

  /** A 1.6 key by name (any case: 1.6 keys are CiString). */
  key(name: string): SimVariable | undefined {
    return this.all.find((v) => v.variable.name.toLowerCase() === name.toLowerCase());
  }

  get(component: SimComponent, variable: { name: string; instance?: string }, attributeType = 'Actual'): { status: string; value?: string } {
    if (!this.#components.has(componentKey(component))) return { status: 'UnknownComponent' };
    const v = this.find(component, variable);
    if (!v) return { status: 'UnknownVariable' };
    if (v.mutability === 'WriteOnly') return { status: 'Rejected' };
    const value = v.values[attributeType];
    return value === undefined ? { status: 'NotSupportedAttributeType' } : { status: 'Accepted', value };
  }

  set(component: SimComponent, variable: { name: string; instance?: string }, value: string, attributeType = 'Actual'): SetStatus {
    if (!this.#components.has(componentKey(component))) return 'UnknownComponent';
    const v = this.find(component, variable);
    if (!v) return 'UnknownVariable';
    return this.#write(v, value, attributeType);
  }

  /** 1.6 ChangeConfiguration: Accepted, Rejected, RebootRequired or NotSupported. */
  change(key: string, value: string): 'Accepted' | 'Rejected' | 'RebootRequired' | 'NotSupported' {
    const v = this.key(key);
    if (!v) return 'NotSupported';
    const s = this.#write(v, value, 'Actual');
    return s === 'Accepted' || s === 'RebootRequired' ? s : 'Rejected';
  }

  #write(v: SimVariable, value: string, attributeType: string): SetStatus {
    if (v.mutability === 'ReadOnly') return 'Rejected';
    if (v.mutability !== 'WriteOnly' && v.values[attributeType] === undefined) return 'NotSupportedAttributeType';
    if (!valid(v, value)) return 'Rejected';
    // A change that needs a reboot is kept, and shown once the station restarts (here: at once).
    v.values[attributeType] = value;
    return v.rebootRequired ? 'RebootRequired' : 'Accepted';
  }

  /** A 2.0.1 report's variables: the whole inventory, the settings, or the state. */
  report(base: string): SimVariable[] {
    if (base === 'ConfigurationInventory') return this.all.filter((v) => v.mutability !== 'ReadOnly');
    if (base === 'SummaryInventory') return this.all.filter((v) => v.summary);
    return this.all;
  }

  /** 2.0.1 ReportDataType of a variable. */
  static reportData(v: SimVariable): Record<string, unknown> {
    return {
      component: v.component,
      variable: v.variable,
      variableAttribute:
        v.mutability === 'WriteOnly'
          ? [{ type: 'Actual', mutability: 'WriteOnly', persistent: true, constant: false }]
          : Object.entries(v.values).map(([type, value]) => ({ type, value, mutability: v.mutability, persistent: true, constant: v.mutability === 'ReadOnly' && type !== 'Actual' })),
      variableCharacteristics: {
        dataType: v.dataType,
        supportsMonitoring: v.dataType === 'decimal' || v.dataType === 'integer',
        ...(v.unit !== undefined ? { unit: v.unit } : {}),
        ...(v.minLimit !== undefined ? { minLimit: v.minLimit } : {}),
        ...(v.maxLimit !== undefined ? { maxLimit: v.maxLimit } : {}),
        ...(v.valuesList !== undefined ? { valuesList: v.valuesList } : {}),
      },
    };
  }
}
