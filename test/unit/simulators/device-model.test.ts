import { describe, expect, it } from 'vitest';
import { SimDeviceModel } from '../../../simulators/station/device-model.js';
import { simStationSpec } from '../../helpers/sim-stations.js';

describe("the simulated station's device model", () => {
  it('2.0.1: writes are checked like a real station checks them', () => {
    const m = new SimDeviceModel(simStationSpec('S', '2.0.1', 'dc120Dual'));
    const comm = { name: 'OCPPCommCtrlr' };
    expect(m.set(comm, { name: 'HeartbeatInterval' }, '60')).toBe('Accepted');
    expect(m.get(comm, { name: 'HeartbeatInterval' })).toEqual({ status: 'Accepted', value: '60' });
    expect(m.set(comm, { name: 'HeartbeatInterval' }, '5')).toBe('Rejected');
    expect(m.set(comm, { name: 'HeartbeatInterval' }, 'soon')).toBe('Rejected');
    expect(m.set(comm, { name: 'WebSocketPingInterval' }, '60')).toBe('RebootRequired');
    expect(m.set({ name: 'ChargingStation' }, { name: 'Model' }, 'x')).toBe('Rejected');
    expect(m.set(comm, { name: 'HeartbeatInterval' }, '60', 'Target')).toBe('NotSupportedAttributeType');
    expect(m.set({ name: 'Nope' }, { name: 'X' }, '1')).toBe('UnknownComponent');
    expect(m.set(comm, { name: 'Nope' }, '1')).toBe('UnknownVariable');
    expect(m.get({ name: 'SecurityCtrlr' }, { name: 'BasicAuthPassword' })).toEqual({ status: 'Rejected' });
    expect(m.get({ name: 'EVSE', evse: { id: 2 } }, { name: 'Power' }, 'MaxSet')).toEqual({ status: 'Accepted', value: '120000' });
    expect(m.report('ConfigurationInventory').every((v) => v.mutability !== 'ReadOnly')).toBe(true);
    expect(m.report('FullInventory').length).toBeGreaterThan(m.report('SummaryInventory').length);
  });

  it('1.6: configuration keys, any case; ChangeConfiguration statuses', () => {
    const m = new SimDeviceModel(simStationSpec('S', '1.6'));
    expect(m.change('heartbeatinterval', '120')).toBe('Accepted');
    expect(m.key('HeartbeatInterval')?.values['Actual']).toBe('120');
    expect(m.change('NumberOfConnectors', '3')).toBe('Rejected');
    expect(m.change('WebSocketPingInterval', '10')).toBe('RebootRequired');
    expect(m.change('Unknown', '1')).toBe('NotSupported');
  });
});
