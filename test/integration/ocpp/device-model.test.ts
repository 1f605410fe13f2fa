import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedStation } from '../../../simulators/station/station.js';
import { settleCommand } from '../../helpers/commands.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { connectAndBoot, simStationSpec, stationCreateBody } from '../../helpers/sim-stations.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The stored device model through the real gateway: reports fetched at a Pending boot, reads and
 * writes through the durable commands, GET/PATCH /v1/stations/{id}/variables, for both versions.
 */
describe.each(['1.6', '2.0.1'] as const)('device model over OCPP %s', (version) => {
  const v = version.replace('.', '');
  const v16 = version === '1.6';
  let p: TestPlatform;
  const started: SimulatedStation[] = [];
  const settle = (id: string) => settleCommand((path) => p.api(path), id, 15_000);

  /** The station's variables once `ready` holds (the answers' follow-up runs from the outbox). */
  async function variables(id: string, ready: (items: any[]) => boolean = (i) => i.length > 0, query = ''): Promise<any[]> {
    for (let i = 0; i < 150; i++) {
      const items = (await p.api(`/v1/stations/${id}/variables${query}`)).body.items as any[];
      if (ready(items)) return items;
      await sleep(100);
    }
    return (await p.api(`/v1/stations/${id}/variables${query}`)).body.items;
  }
  const find = (items: any[], component: string, variable: string) => items.find((x) => x.component.name === component && x.variable.name === variable);

  async function provision(id: string) {
    const spec = simStationSpec(id, version, 'dc120Dual');
    expect((await p.api('/v1/stations', { body: stationCreateBody(spec, 'OP-D', 'LOC-D') })).status).toBe(201);
    return spec;
  }

  beforeAll(async () => {
    p = await startTestPlatform({ env: { OCPP_AUTO_REGISTER: 'true', OCPP_AUTO_REGISTER_ACCEPT: 'after-report' } });
    await p.api('/v1/operators', { body: { id: 'OP-D', name: 'Device CPO', roles: ['CPO'] } });
    await p.api('/v1/locations', { body: { id: 'LOC-D', operatorId: 'OP-D', name: 'Site', city: 'Zhuzhou', address: 'x', lat: 27.8, lng: 113.1 } });
  });
  afterAll(async () => {
    for (const s of started) await s.close();
    await p.stop();
  });

  it('report on boot: the boot is answered Pending, the report fetched and stored, then the station is accepted', async () => {
    const id = `DM-BOOT-${v}`;
    const spec = await provision(id);
    expect((await p.api(`/v1/stations/${id}/report-on-boot`, { method: 'PUT', body: { enabled: true } })).body).toEqual({ stationId: id, enabled: true });
    const s = new SimulatedStation({ endpoint: p.ocpp, spec });
    started.push(s);
    await s.connect();
    expect((await s.boot()).status).toBe('Pending');
    // The platform asks for the report, then for a new boot (TriggerMessage), which is accepted.
    for (let i = 0; i < 100 && s.bootResult?.status !== 'Accepted'; i++) await sleep(100);
    expect(s.bootResult?.status).toBe('Accepted');
    const actions = s.received.map((c) => c.action);
    expect(actions).toEqual(expect.arrayContaining([v16 ? 'GetConfiguration' : 'GetBaseReport', 'TriggerMessage']));
    const items = await variables(id);
    if (v16) {
      expect(find(items, '1.6', 'HeartbeatInterval').attributes[0]).toMatchObject({ type: 'Actual', value: '300', mutability: 'ReadWrite' });
      expect(find(items, '1.6', 'NumberOfConnectors').attributes[0]).toMatchObject({ value: '2', mutability: 'ReadOnly' });
    } else {
      // Every part of the report is in: components, attributes, characteristics.
      expect(items.length).toBe(s.deviceModel.all.length);
      expect(find(items, 'OCPPCommCtrlr', 'HeartbeatInterval')).toMatchObject({
        attributes: [{ type: 'Actual', value: '300', mutability: 'ReadWrite', persistent: true }],
        characteristics: { unit: 's', dataType: 'integer', minLimit: 10, maxLimit: 86_400 },
      });
      const power = items.find((x) => x.component.name === 'EVSE' && x.component.evseId === 2 && x.variable.name === 'Power');
      expect(power.attributes.map((a: any) => a.type)).toEqual(['Actual', 'MaxSet']);
      expect(find(items, 'SecurityCtrlr', 'BasicAuthPassword').attributes[0]).toMatchObject({ value: null, mutability: 'WriteOnly' });
    }
    // A station that rebooted is asked again; the filter narrows the listing.
    expect((await s.boot()).status).toBe('Pending');
    for (let i = 0; i < 100 && s.bootResult?.status !== 'Accepted'; i++) await sleep(100);
    expect(s.bootResult?.status).toBe('Accepted');
    expect(await variables(id, () => true, v16 ? '?variable=HeartbeatInterval' : '?component=OCPPCommCtrlr&variable=HeartbeatInterval')).toHaveLength(1);
  });

  it('an unknown station registers itself and is accepted once its report is in', async () => {
    const spec = simStationSpec(`DM-SELF-${v}`, version);
    const s = new SimulatedStation({ endpoint: p.ocpp, spec });
    started.push(s);
    await s.connect();
    expect((await s.boot()).status).toBe('Pending');
    for (let i = 0; i < 100 && s.bootResult?.status !== 'Accepted'; i++) await sleep(100);
    expect(s.bootResult?.status).toBe('Accepted');
    expect((await p.api(`/v1/stations/${spec.id}`)).body.registrationStatus).toBe('Accepted');
    expect((await variables(spec.id)).length).toBeGreaterThan(5);
  });

  it('PATCH variables answers per item: Accepted, Rejected, RebootRequired, NotSupported; the model follows', async () => {
    const id = `DM-SET-${v}`;
    const spec = await provision(id);
    const s = await connectAndBoot(p.ocpp, spec);
    started.push(s);
    const c = v16 ? undefined : 'OCPPCommCtrlr';
    const items = [
      { component: c, variable: 'HeartbeatInterval', value: '120' },
      { component: c, variable: 'HeartbeatInterval', value: '5' }, // below its minimum
      { component: c, variable: 'WebSocketPingInterval', value: '60' },
      { component: c, variable: 'NoSuchThing', value: '1' },
    ].map((i) => (c ? i : { variable: i.variable, value: i.value }));
    // 2.0.1 names a variable once per SetVariables: the 5 goes in a second message, answered in its place.
    const first = await p.api(`/v1/stations/${id}/variables`, { method: 'PATCH', body: { items } });
    expect(first.status).toBe(200);
    expect(first.body.answered).toBe(true);
    expect(first.body.items.map((i: any) => i.status)).toEqual(['Accepted', 'Rejected', 'RebootRequired', 'NotSupported']);
    // One ChangeConfiguration per key (four commands); 2.0.1: two SetVariables.
    expect(new Set(first.body.items.map((i: any) => i.commandId)).size).toBe(v16 ? 4 : 2);
    if (!v16) {
      expect(first.body.items[3]).toMatchObject({ stationStatus: 'UnknownVariable', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NoSuchThing' } });
      expect(first.body.items[1]).toMatchObject({ status: 'Rejected', stationStatus: 'Rejected', value: '5' });
      expect(first.body.items[1].commandId).not.toBe(first.body.items[0].commandId);
    }
    const model = await variables(id, (all) => find(all, v16 ? '1.6' : 'OCPPCommCtrlr', 'WebSocketPingInterval') !== undefined);
    expect(find(model, v16 ? '1.6' : 'OCPPCommCtrlr', 'HeartbeatInterval').attributes[0]).toMatchObject({ value: '120', pendingValue: null });
    expect(find(model, v16 ? '1.6' : 'OCPPCommCtrlr', 'WebSocketPingInterval').attributes[0]).toMatchObject({ value: null, pendingValue: '60' });
    expect(find(model, v16 ? '1.6' : 'OCPPCommCtrlr', 'NoSuchThing')).toBeUndefined();
    expect(s.deviceModel.key('HeartbeatInterval')?.values['Actual'] ?? s.deviceModel.find({ name: 'OCPPCommCtrlr' }, { name: 'HeartbeatInterval' })?.values['Actual']).toBe('120');
  });

  it('get-variables, get-base-report and get-report commands fill the model', async () => {
    const id = `DM-GET-${v}`;
    const spec = await provision(id);
    const s = await connectAndBoot(p.ocpp, spec);
    started.push(s);
    const get = await p.api('/v1/commands/get-variables', {
      body: { stationId: id, variables: [{ component: v16 ? '1.6' : 'TxCtrlr', variable: 'StopTxOnEVSideDisconnect' }, { component: v16 ? '1.6' : 'TxCtrlr', variable: 'Nope' }] },
    });
    expect(get.status).toBe(202);
    const answered = await settle(get.body.id);
    expect(answered.response.variables.map((x: any) => x.status)).toEqual(v16 ? ['NotSupported', 'NotSupported'] : ['Accepted', 'NotSupported']);
    if (v16) {
      const key = await settle((await p.api('/v1/commands/get-variables', { body: { stationId: id, variables: [{ variable: 'StopTransactionOnEVSideDisconnect' }] } })).body.id);
      expect(key.response.variables[0]).toMatchObject({ status: 'Accepted', value: 'true', mutability: 'ReadWrite' });
    }
    expect(await variables(id, (i) => i.length === 1)).toHaveLength(1);
    const report = await settle((await p.api('/v1/commands/get-base-report', { body: { stationId: id, reportBase: 'ConfigurationInventory' } })).body.id);
    expect(report.status).toBe('accepted');
    const all = await variables(id, (i) => i.length >= s.deviceModel.all.filter((x) => x.mutability !== 'ReadOnly').length);
    expect(all.length).toBeGreaterThanOrEqual(s.deviceModel.all.filter((x) => x.mutability !== 'ReadOnly').length);
    if (!v16) {
      const one = await settle((await p.api('/v1/commands/get-report', { body: { stationId: id, variables: [{ component: { name: 'EVSE', evseId: 1 }, variable: 'Power' }] } })).body.id);
      expect(one.status).toBe('accepted');
      const power = await variables(id, (i) => i.some((x) => x.component.name === 'EVSE'), '?component=EVSE');
      expect(power[0]).toMatchObject({ component: { name: 'EVSE', evseId: 1 }, characteristics: { unit: 'W', maxLimit: 120_000 } });
      const none = await settle((await p.api('/v1/commands/get-report', { body: { stationId: id, variables: [{ component: 'Nope', variable: 'Nope' }] } })).body.id);
      expect(none).toMatchObject({ status: 'accepted', response: { status: 'EmptyResultSet' } });
    }
  });

  it('a full inventory replaces the stored model: a variable the station no longer has goes', async () => {
    const id = `DM-FULL-${v}`;
    const spec = await provision(id);
    const s = await connectAndBoot(p.ocpp, spec);
    started.push(s);
    await p.sql!.query(
      `INSERT INTO station_variables (station_id, component, variable, attribute_type, value, updated_at) VALUES ($1, $2, 'Gone', 'Actual', 'x', now() - interval '1 hour')`,
      [id, v16 ? '1.6' : 'OldCtrlr'],
    );
    expect(await variables(id)).toHaveLength(1);
    expect((await settle((await p.api('/v1/commands/get-base-report', { body: { stationId: id } })).body.id)).status).toBe('accepted');
    const all = await variables(id, (i) => i.length === s.deviceModel.all.length);
    expect(all).toHaveLength(s.deviceModel.all.length);
    expect(all.find((x) => x.variable.name === 'Gone')).toBeUndefined();
  });

  it('a station that is away: 202 with the items unanswered, the command waiting for it', async () => {
    const id = `DM-AWAY-${v}`;
    await provision(id);
    const r = await p.api(`/v1/stations/${id}/variables?wait=0`, { method: 'PATCH', body: { items: [{ component: v16 ? undefined : 'OCPPCommCtrlr', variable: 'HeartbeatInterval', value: '90' }] } });
    // Not booted yet: the platform does not know its version; an item without a component is a 1.6 key.
    expect(r.status).toBe(202);
    expect(r.body.answered).toBe(false);
    expect(r.body.items[0]).toMatchObject({ status: null, error: expect.stringContaining('not answered') });
    expect((await p.api(`/v1/commands/${r.body.items[0].commandId}`)).body.status).toBe('pending');
  });

  it('bad input is refused with a reason; another operator sees nothing', async () => {
    const id = `DM-SET-${v}`;
    expect((await p.api(`/v1/stations/${id}/variables`, { method: 'PATCH', body: { items: [] } })).status).toBe(400);
    expect((await p.api(`/v1/stations/${id}/variables`, { method: 'PATCH', body: { items: [{ variable: 'X' }] } })).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const wrong = await p.api(`/v1/stations/${id}/variables`, { method: 'PATCH', body: { items: [{ component: v16 ? 'OCPPCommCtrlr' : undefined, variable: 'X', value: '1' }] } });
    expect(wrong.status).toBe(400);
    expect((await p.api('/v1/stations/NOPE/variables')).status).toBe(404);
    // The key changes only with rotate-password (which keeps the platform's hash in step).
    const keyItem = v16 ? { variable: 'AuthorizationKey', value: 'ab'.repeat(16) } : { component: 'SecurityCtrlr', variable: 'BasicAuthPassword', value: 'x'.repeat(20) };
    expect((await p.api(`/v1/stations/${id}/variables`, { method: 'PATCH', body: { items: [keyItem] } })).body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('rotate-password') });
    await p.api('/v1/operators', { body: { id: `OP-X${v}`, name: 'Other', roles: ['CPO'] } });
    const key = (await p.api('/v1/api-keys', { body: { operatorId: `OP-X${v}`, name: 'k' } })).body.key as string;
    expect((await p.api(`/v1/stations/${id}/variables`, { key })).status).toBe(404);
    expect((await p.api(`/v1/stations/${id}/variables`, { key, method: 'PATCH', body: { items: [{ component: 'A', variable: 'B', value: '1' }] } })).status).toBe(404);
    expect((await p.api(`/v1/stations/${id}/report-on-boot`, { key, method: 'PUT', body: { enabled: true } })).status).toBe(404);
  });
});
