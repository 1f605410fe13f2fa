import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlDeviceModelStore } from '../../../src/adapters/prisma/device-model.store.js';
import { UNASSIGNED_OPERATOR_ID } from '../../../src/domain/catalog/catalog.model.js';
import { DeviceModelService, type DeviceCommands } from '../../../src/domain/device-model/index.js';
import { storeFixture } from '../../helpers/store-fixture.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const noCommands: DeviceCommands = {
  submit: () => Promise.reject(new Error('no commands here')),
  byId: () => Promise.resolve(null),
};

describe.each(STORE_TARGETS)('device model on $name', (target) => {
  let fx: ReturnType<typeof storeFixture>;
  let store: SqlDeviceModelStore;
  let service: DeviceModelService;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    fx = storeFixture(opened.db);
    store = new SqlDeviceModelStore(opened.db.sql);
    service = new DeviceModelService(store, noCommands, fx.stationRepo, fx.clock, { acceptAutoRegisteredAfterReport: true });
    await fx.seedBasics();
    await fx.catalog.createStation({ id: 'ST-2', operatorId: 'OP-A', locationId: 'LOC-1', password: 'Xq7-kP2_zR9mW4tY' });
  });
  afterAll(() => dispose());

  it('a report in parts is assembled: components, variables, attributes and characteristics; the last value wins', async () => {
    await service.reported('ST-1', [
      {
        component: { name: 'OCPPCommCtrlr' },
        variable: { name: 'HeartbeatInterval' },
        attributes: [{ type: 'Actual', value: '300', mutability: 'ReadWrite', persistent: true, constant: false }],
        characteristics: { unit: 's', dataType: 'integer', minLimit: 10, maxLimit: 86_400, supportsMonitoring: false },
      },
      {
        component: { name: 'EVSE', evseId: 1 },
        variable: { name: 'Power' },
        attributes: [{ type: 'Actual', value: '0', mutability: 'ReadOnly' }],
        characteristics: { unit: 'W', dataType: 'decimal', maxLimit: 120_000, supportsMonitoring: true },
      },
    ]);
    await service.reported('ST-1', [
      { component: { name: 'Connector', evseId: 1, connectorId: 1 }, variable: { name: 'ConnectorType' }, attributes: [{ type: 'Actual', value: 'cGBT', mutability: 'ReadOnly' }] },
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributes: [{ type: 'Actual', value: '600' }, { type: 'Target', value: '600' }] },
      { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedInterval', instance: 'x' }, attributes: [{ type: 'Actual', value: '60' }] },
    ]);
    const model = await service.list('ST-1');
    expect(model.map((v) => `${v.component.name}/${v.variable.name}`)).toEqual(['Connector/ConnectorType', 'EVSE/Power', 'OCPPCommCtrlr/HeartbeatInterval', 'SampledDataCtrlr/TxUpdatedInterval']);
    const hb = model.find((v) => v.variable.name === 'HeartbeatInterval')!;
    // A later part without mutability keeps what the first said.
    expect(hb.attributes).toMatchObject([
      { type: 'Actual', value: '600', mutability: 'ReadWrite', persistent: true, constant: false, pendingValue: null },
      { type: 'Target', value: '600' },
    ]);
    expect(hb.characteristics).toEqual({ unit: 's', dataType: 'integer', minLimit: 10, maxLimit: 86_400, valuesList: undefined, supportsMonitoring: false });
    expect(model[0]).toMatchObject({ component: { name: 'Connector', evseId: 1, connectorId: 1 }, characteristics: null });
    expect(model[3]!.variable).toEqual({ name: 'TxUpdatedInterval', instance: 'x' });
    // Connector type and EVSE power reach the catalog.
    const evse = (await fx.stationQueries.get('ST-1'))?.evses.find((e) => e.evseId === 1);
    expect(evse).toMatchObject({ maxPowerKw: 120, connectors: [{ connectorId: 1, standard: 'GBT_DC' }] });
    expect(await service.list('ST-1', { component: 'EVSE' })).toHaveLength(1);
    expect(await service.list('ST-1', { variable: 'HeartbeatInterval' })).toHaveLength(1);
    expect(await service.list('NOPE')).toEqual([]);
  });

  it('a value taken now replaces the value; one taken for after a reboot waits beside it until a report says otherwise', async () => {
    const c = { name: 'OCPPCommCtrlr' };
    await store.recordUpdates('ST-1', [{ component: c, variable: { name: 'HeartbeatInterval' }, attributeType: 'Actual', value: '900', pending: true }], fx.clock.now());
    let hb = (await service.list('ST-1', { variable: 'HeartbeatInterval' }))[0]!;
    expect(hb.attributes[0]).toMatchObject({ value: '600', pendingValue: '900', mutability: 'ReadWrite' });
    await service.reported('ST-1', [{ component: c, variable: { name: 'HeartbeatInterval' }, attributes: [{ type: 'Actual', value: '900' }] }]);
    hb = (await service.list('ST-1', { variable: 'HeartbeatInterval' }))[0]!;
    expect(hb.attributes[0]).toMatchObject({ value: '900', pendingValue: null });
    await store.recordUpdates('ST-1', [{ component: { name: '1.6' }, variable: { name: 'MeterValueSampleInterval' }, attributeType: 'Actual', value: '30', pending: false }], fx.clock.now());
    expect((await service.list('ST-1', { component: '1.6' }))[0]!.attributes[0]).toMatchObject({ value: '30', pendingValue: null });
  });

  it('a full inventory replaces the model: what none of its parts named goes; a partial report and an unfinished one drop nothing', async () => {
    const v = (component: string, variable: string, value: string) => ({ component: { name: component }, variable: { name: variable }, attributes: [{ type: 'Actual' as const, value }] });
    await service.reported('ST-2', [v('A', 'old', '1'), v('B', 'kept', '1')]);
    fx.clock.advance(1_000);
    // Not a full inventory (no such get-base-report): nothing goes.
    await service.reportPart({ stationId: 'ST-2', requestId: 5, seqNo: 0, tbc: false, variables: [v('B', 'kept', '2')] });
    expect((await service.list('ST-2')).map((x) => x.variable.name)).toEqual(['old', 'kept']);
    fx.clock.advance(1_000);
    await service.reportPart({ stationId: 'ST-2', requestId: 6, seqNo: 0, tbc: true, variables: [v('B', 'kept', '3')], fullInventory: true });
    fx.clock.advance(1_000);
    await service.reportPart({ stationId: 'ST-2', requestId: 6, seqNo: 1, tbc: false, variables: [v('C', 'new', '1')], fullInventory: true });
    expect((await service.list('ST-2')).map((x) => `${x.component.name}.${x.variable.name}`)).toEqual(['B.kept', 'C.new']);
    // The last part of a report whose first part this node never saw drops nothing.
    fx.clock.advance(1_000);
    await service.reportPart({ stationId: 'ST-2', requestId: 7, seqNo: 3, tbc: false, variables: [v('D', 'late', '1')], fullInventory: true });
    expect(await service.list('ST-2')).toHaveLength(3);
    // A 1.6 station's whole configuration replaces its keys.
    fx.clock.advance(1_000);
    await service.configurationRead('ST-2', [v('1.6', 'HeartbeatInterval', '300')]);
    expect((await service.list('ST-2')).map((x) => x.variable.name)).toEqual(['HeartbeatInterval']);
    expect(await store.isFullReport('ST-2', 6)).toBe(false);
  });

  it('report on boot: Pending with a fetch, then Accepted once the report is in, then Pending again at the next boot', async () => {
    expect(await service.onBoot('ST-1', 'Accepted')).toEqual({ status: 'Accepted', fetchReport: false });
    await service.setReportOnBoot('ST-1', true);
    expect(await service.onBoot('ST-1', 'Accepted')).toEqual({ status: 'Pending', fetchReport: true });
    expect(await service.onBoot('ST-1', 'Accepted')).toEqual({ status: 'Pending', fetchReport: true });
    await service.bootReportReceived('ST-1');
    expect(await service.onBoot('ST-1', 'Accepted')).toEqual({ status: 'Accepted', fetchReport: false });
    expect(await service.onBoot('ST-1', 'Accepted')).toEqual({ status: 'Pending', fetchReport: true });
    expect(await service.onBoot('ST-1', 'Rejected')).toEqual({ status: 'Rejected', fetchReport: false });
    await expect(service.setReportOnBoot('NOPE', true)).rejects.toMatchObject({ code: 'STATION_NOT_FOUND' });
  });

  it('an auto-registered station is accepted after its report (when the platform says so); other Pending stations wait for the admin', async () => {
    const self = await fx.stations.authenticate('SELF-1', Buffer.from('Xq7-kP2_zR9mW4tY'));
    expect(self.ok).toBe(false);
    await fx.stationRepo.registerPending('SELF-1', 'hash', fx.clock.now());
    expect((await store.bootReportState('SELF-1'))?.operatorId).toBe(UNASSIGNED_OPERATOR_ID);
    expect(await service.onBoot('SELF-1', 'Pending')).toEqual({ status: 'Pending', fetchReport: true });
    await service.bootReportReceived('SELF-1');
    const creds = await fx.stationRepo.getCredentials('SELF-1');
    expect(creds?.registrationStatus).toBe('Accepted');
    expect(await service.onBoot('SELF-1', 'Accepted')).toEqual({ status: 'Accepted', fetchReport: false });
    expect((await store.bootReportState('SELF-1'))?.bootReportAt).toBeNull();
    // Asked for later, its next boot fetches a report of its own.
    await service.setReportOnBoot('SELF-1', true);
    expect(await service.onBoot('SELF-1', 'Accepted')).toEqual({ status: 'Pending', fetchReport: true });
    const strict = new DeviceModelService(store, noCommands, fx.stationRepo, fx.clock, { acceptAutoRegisteredAfterReport: false });
    await fx.stationRepo.registerPending('SELF-2', 'hash', fx.clock.now());
    expect(await strict.onBoot('SELF-2', 'Pending')).toEqual({ status: 'Pending', fetchReport: false });
  });
});
