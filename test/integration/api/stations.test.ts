import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { PASSWORD, PASSWORD_2, bootStation, create, eventually, expectError, handshakeStatus, location, online, operator, walk } from './api-helpers.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
  await create(p, '/v1/operators', operator('OP-A'));
  await create(p, '/v1/operators', operator('OP-B'));
  await create(p, '/v1/locations', location('LOC-A', 'OP-A'));
  await create(p, '/v1/locations', location('LOC-A2', 'OP-A', 'Xiangtan'));
  await create(p, '/v1/locations', location('LOC-B', 'OP-B', 'Zhuzhou'));
});
afterAll(() => p.stop());

const station = (id: string, extra: Record<string, unknown> = {}) => ({ id, operatorId: 'OP-A', locationId: 'LOC-A', password: PASSWORD, ...extra });
const evses = [
  { evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 60 }, { connectorId: 2, standard: 'CCS2', maxPowerKw: 120.5 }] },
  { evseId: 2, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7 }] },
];

describe('stations: create and read', () => {
  it('POST with evses → 201; GET shows them UNKNOWN with power and standard, offline, never the password', async () => {
    const r = await p.api('/v1/stations', { body: station('ST-EVSE', { evses }) });
    expect(r.status).toBe(201);
    const got = await p.api('/v1/stations/ST-EVSE');
    expect(got.status).toBe(200);
    expect(got.body).toEqual(r.body);
    expect(got.body).toMatchObject({ id: 'ST-EVSE', operatorId: 'OP-A', locationId: 'LOC-A', registrationStatus: 'Accepted', online: false, lastBootAt: null, ocppVersion: null });
    expect(JSON.stringify(got.body)).not.toContain(PASSWORD);
    expect(Object.keys(got.body)).not.toContain('password');
    expect(Object.keys(got.body)).not.toContain('passwordHash');
    expect(got.body.evses).toHaveLength(2);
    const [e1, e2] = got.body.evses;
    expect(e1).toMatchObject({ evseId: 1, maxPowerKw: 120.5 });
    expect(e1.connectors).toEqual([
      { connectorId: 1, standard: 'GBT_DC', format: 'CABLE', maxPowerKw: 60, retiredAt: null, status: 'UNKNOWN', ocppStatus: null, errorCode: null, statusAt: null },
      { connectorId: 2, standard: 'CCS2', format: 'CABLE', maxPowerKw: 120.5, retiredAt: null, status: 'UNKNOWN', ocppStatus: null, errorCode: null, statusAt: null },
    ]);
    expect(e2).toMatchObject({ evseId: 2, maxPowerKw: 7, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7, status: 'UNKNOWN' }] });
  });

  it('POST without evses or location → an empty station; registrationStatus can be given', async () => {
    const r = await create(p, '/v1/stations', { id: 'ST-BARE', operatorId: 'OP-B', password: PASSWORD, registrationStatus: 'Pending' });
    expect(r).toMatchObject({ id: 'ST-BARE', operatorId: 'OP-B', locationId: null, registrationStatus: 'Pending', evses: [], online: false });
  });

  it('unknown ids → 404 STATION_NOT_FOUND on GET, PATCH, DELETE', async () => {
    expectError(await p.api('/v1/stations/NOPE'), 404, 'STATION_NOT_FOUND');
    expectError(await p.api('/v1/stations/NOPE', { method: 'PATCH', body: { registrationStatus: 'Rejected' } }), 404, 'STATION_NOT_FOUND');
    expectError(await p.api('/v1/stations/NOPE', { method: 'DELETE' }), 404, 'STATION_NOT_FOUND');
  });
});

describe('stations: rejected input leaves nothing behind', () => {
  const rejected = async (id: string, body: unknown, status: number, code: string, field?: string) => {
    expectError(await p.api('/v1/stations', { body }), status, code, field);
    expectError(await p.api(`/v1/stations/${encodeURIComponent(id)}`), 404, 'STATION_NOT_FOUND');
  };

  it('password too short, too long, or predictable → 400 naming password', async () => {
    await rejected('ST-PW1', station('ST-PW1', { password: 'Short-pass-123' }), 400, 'VALIDATION_FAILED', 'password');
    await rejected('ST-PW2', station('ST-PW2', { password: 'x'.repeat(41) }), 400, 'VALIDATION_FAILED', 'password');
    await rejected('ST-PW3', station('ST-PW3', { password: 'aaaaaaaaaaaaaaaa' }), 400, 'VALIDATION_FAILED', 'password');
    await rejected('ST-PW4', station('ST-PW4', { password: 'abababababababab' }), 400, 'VALIDATION_FAILED', 'password');
  });

  it('id with characters outside [A-Za-z0-9._~-] → 400 naming id', async () => {
    for (const id of ['ST 1', 'ST/1', 'ST#1', 'ST:1', 'Ståtion', 'ST%201']) {
      await rejected(id, station(id), 400, 'VALIDATION_FAILED', 'id');
    }
    expectError(await p.api('/v1/stations', { body: station('') }), 400, 'VALIDATION_FAILED', 'id');
  });

  it('missing operator → 404 OPERATOR_NOT_FOUND; missing location → 404 LOCATION_NOT_FOUND', async () => {
    await rejected('ST-NOOP', station('ST-NOOP', { operatorId: 'OP-GHOST', locationId: undefined }), 404, 'OPERATOR_NOT_FOUND', 'operatorId');
    await rejected('ST-NOLOC', station('ST-NOLOC', { locationId: 'LOC-GHOST' }), 404, 'LOCATION_NOT_FOUND', 'locationId');
  });

  it('a location of another operator → 400 naming locationId', async () => {
    await rejected('ST-XLOC', station('ST-XLOC', { locationId: 'LOC-B' }), 400, 'VALIDATION_FAILED', 'locationId');
  });

  it('missing password, unknown field, bad evses → 400 naming the field', async () => {
    await rejected('ST-NOPW', station('ST-NOPW', { password: undefined }), 400, 'VALIDATION_FAILED', 'password');
    await rejected('ST-XTRA', station('ST-XTRA', { firmware: '1.0' }), 400, 'VALIDATION_FAILED', 'firmware');
    await rejected('ST-E1', station('ST-E1', { evses: [{ evseId: 0, connectors: evses[0]!.connectors }] }), 400, 'VALIDATION_FAILED', 'evses.0.evseId');
    await rejected('ST-E2', station('ST-E2', { evses: [{ evseId: 1, connectors: [] }] }), 400, 'VALIDATION_FAILED', 'evses.0.connectors');
    await rejected('ST-E3', station('ST-E3', { evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'SCHUKO', maxPowerKw: 3 }] }] }), 400, 'VALIDATION_FAILED', 'evses.0.connectors.0.standard');
    await rejected('ST-E4', station('ST-E4', { evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 0 }] }] }), 400, 'VALIDATION_FAILED', 'evses.0.connectors.0.maxPowerKw');
    await rejected('ST-E5', station('ST-E5', { evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7, pins: 5 }] }] }), 400, 'VALIDATION_FAILED', 'evses.0.connectors.0.pins');
  });

  it('duplicate id → 409 STATION_ALREADY_EXISTS; the original keeps its data and password', async () => {
    const before = (await p.api('/v1/stations/ST-EVSE')).body;
    expectError(await p.api('/v1/stations', { body: station('ST-EVSE', { operatorId: 'OP-B', locationId: 'LOC-B', password: PASSWORD_2 }) }), 409, 'STATION_ALREADY_EXISTS');
    expect((await p.api('/v1/stations/ST-EVSE')).body).toEqual(before);
    expect(await handshakeStatus(p, 'ST-EVSE', PASSWORD_2)).toBe(401);
  });

  // Regression test (found by this suite, fixed in the server).
  it('duplicate evseId within one request → 400 VALIDATION_FAILED, not 409', async () => {
    const dup = [evses[0]!, { ...evses[1]!, evseId: 1 }];
    await rejected('ST-DUPEVSE', station('ST-DUPEVSE', { evses: dup }), 400, 'VALIDATION_FAILED');
  });

  it('duplicate evseId within one request is rejected and creates nothing (whatever the code)', async () => {
    const dup = [evses[0]!, { ...evses[1]!, evseId: 1 }];
    const r = await p.api('/v1/stations', { body: station('ST-DUPEVSE2', { evses: dup }) });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expectError(await p.api('/v1/stations/ST-DUPEVSE2'), 404, 'STATION_NOT_FOUND');
  });
});

describe('stations: update and delete', () => {
  it('PATCH moves a station to another operator and its location; a bad field changes nothing', async () => {
    await create(p, '/v1/stations', station('ST-MOVE'));
    const before = (await p.api('/v1/stations/ST-MOVE')).body;
    for (const [body, status, code, field] of [
      [{ registrationStatus: 'Rejected', password: 'aaaaaaaaaaaaaaaa' }, 400, 'VALIDATION_FAILED', 'password'],
      [{ registrationStatus: 'Rejected', operatorId: 'OP-GHOST' }, 404, 'OPERATOR_NOT_FOUND', 'operatorId'],
      [{ registrationStatus: 'Rejected', locationId: 'LOC-GHOST' }, 404, 'LOCATION_NOT_FOUND', 'locationId'],
      [{ operatorId: 'OP-B', locationId: 'LOC-A' }, 400, 'VALIDATION_FAILED', 'locationId'],
      [{ registrationStatus: 'Maybe' }, 400, 'VALIDATION_FAILED', 'registrationStatus'],
      [{ registrationStatus: 'Rejected', id: 'ST-NEW' }, 400, 'VALIDATION_FAILED', 'id'],
      [{ registrationStatus: 'Rejected', evses }, 400, 'VALIDATION_FAILED', 'evses'],
    ] as const) {
      expectError(await p.api('/v1/stations/ST-MOVE', { method: 'PATCH', body }), status, code, field);
    }
    expectError(await p.api('/v1/stations/ST-MOVE', { method: 'PATCH', body: {} }), 400, 'VALIDATION_FAILED');
    expect((await p.api('/v1/stations/ST-MOVE')).body).toEqual(before);

    const moved = await p.api('/v1/stations/ST-MOVE', { method: 'PATCH', body: { operatorId: 'OP-B', locationId: 'LOC-B', registrationStatus: 'Pending' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ ...before, operatorId: 'OP-B', locationId: 'LOC-B', registrationStatus: 'Pending' });
    expect((await p.api('/v1/stations/ST-MOVE')).body).toEqual(moved.body);
  });

  // Regression test (found by this suite, fixed in the server).
  it('PATCH locationId to another operator\'s location → 400 and nothing changes', async () => {
    await create(p, '/v1/stations', station('ST-OWN'));
    const r = await p.api('/v1/stations/ST-OWN', { method: 'PATCH', body: { locationId: 'LOC-B' } });
    expect((await p.api('/v1/stations/ST-OWN')).body.locationId).toBe('LOC-A');
    expectError(r, 400, 'VALIDATION_FAILED', 'locationId');
  });

  it('PATCH operatorId alone, leaving the station at the old operator\'s location → 400', async () => {
    await create(p, '/v1/stations', station('ST-OWN2'));
    const r = await p.api('/v1/stations/ST-OWN2', { method: 'PATCH', body: { operatorId: 'OP-B' } });
    expect((await p.api('/v1/stations/ST-OWN2')).body.operatorId).toBe('OP-A');
    expectError(r, 400, 'VALIDATION_FAILED', 'locationId');
  });

  it('DELETE → 204, then 404; its evses go with it and the id can be reused', async () => {
    await create(p, '/v1/stations', station('ST-DEL', { evses }));
    expect((await p.api('/v1/stations/ST-DEL', { method: 'DELETE' })).status).toBe(204);
    expectError(await p.api('/v1/stations/ST-DEL'), 404, 'STATION_NOT_FOUND');
    const again = await create(p, '/v1/stations', station('ST-DEL'));
    expect(again.evses).toEqual([]);
  });
});

describe('stations: list', () => {
  it('filters by operatorId and locationId; pages through everything once', async () => {
    for (let i = 0; i < 5; i++) await create(p, '/v1/stations', station(`ST-L-${i}`, i % 2 ? { locationId: 'LOC-A2' } : {}));
    const a2 = (await p.api('/v1/stations?locationId=LOC-A2')).body.items.map((s: any) => s.id);
    expect(a2).toEqual(['ST-L-1', 'ST-L-3']);
    const opB = (await p.api('/v1/stations?operatorId=OP-B&limit=500')).body.items;
    expect(opB.length).toBeGreaterThan(0);
    expect(opB.every((s: any) => s.operatorId === 'OP-B')).toBe(true);
    expect(opB.map((s: any) => s.id)).toContain('ST-BARE');
    expect(opB.every((s: any) => typeof s.online === 'boolean' && Array.isArray(s.evses))).toBe(true);
    expect((await p.api('/v1/stations?operatorId=OP-B&locationId=LOC-A2')).body).toEqual({ items: [], nextCursor: null });

    const all = (await p.api('/v1/stations?limit=500')).body.items.map((s: any) => s.id);
    const walked = await walk(p, '/v1/stations', 2, (s) => s.id);
    expect(walked.keys).toEqual(all);
    expect(new Set(walked.keys).size).toBe(all.length);
    const opA = (await p.api('/v1/stations?operatorId=OP-A&limit=500')).body.items.map((s: any) => s.id);
    expect(opA).toEqual(expect.arrayContaining(['ST-L-0', 'ST-L-1', 'ST-L-4', 'ST-EVSE']));
    expect((await walk(p, '/v1/stations?operatorId=OP-A', 1, (s) => s.id)).keys).toEqual(opA);
  });

  it('limit bounds and cursor → 400', async () => {
    expectError(await p.api('/v1/stations?limit=0'), 400, 'VALIDATION_FAILED', 'limit');
    expectError(await p.api('/v1/stations?limit=501'), 400, 'VALIDATION_FAILED', 'limit');
    expectError(await p.api('/v1/stations?cursor=bm9wZQ'), 400, 'INVALID_CURSOR', 'cursor');
    expectError(await p.api('/v1/stations?locationId=a%20b'), 400, 'VALIDATION_FAILED', 'locationId');
  });
});

describe('stations over OCPP', () => {
  it('online follows the OCPP connection', async () => {
    await create(p, '/v1/stations', station('ST-LIVE', { evses }));
    expect(await online(p, 'ST-LIVE')).toBe(false);
    const c = await bootStation(p, 'ST-LIVE');
    expect(await eventually(() => online(p, 'ST-LIVE'))).toBe(true);
    const listed = (await p.api('/v1/stations?locationId=LOC-A&limit=500')).body.items.find((s: any) => s.id === 'ST-LIVE');
    expect(listed.online).toBe(true);
    expect((await p.api('/v1/stations/ST-LIVE')).body).toMatchObject({ ocppVersion: '1.6', vendor: 'XJ', model: 'AC7' });
    await c.close();
    expect(await eventually(async () => !(await online(p, 'ST-LIVE')))).toBe(true);
  });

  it('PATCH password: the old one is refused (401), the new one connects', async () => {
    await create(p, '/v1/stations', station('ST-PW'));
    expect(await handshakeStatus(p, 'ST-PW', PASSWORD)).toBe(101);
    const r = await p.api('/v1/stations/ST-PW', { method: 'PATCH', body: { password: PASSWORD_2 } });
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).not.toContain(PASSWORD_2);
    expect(await handshakeStatus(p, 'ST-PW', PASSWORD)).toBe(401);
    expect(await handshakeStatus(p, 'ST-PW', PASSWORD_2)).toBe(101);
    const c = await bootStation(p, 'ST-PW', PASSWORD_2);
    await c.close();
  });

  it('a rejected password PATCH keeps the old password working', async () => {
    await create(p, '/v1/stations', station('ST-PW-KEEP'));
    expectError(await p.api('/v1/stations/ST-PW-KEEP', { method: 'PATCH', body: { password: 'aaaaaaaaaaaaaaaa' } }), 400, 'VALIDATION_FAILED', 'password');
    expect(await handshakeStatus(p, 'ST-PW-KEEP', PASSWORD)).toBe(101);
    expect(await handshakeStatus(p, 'ST-PW-KEEP', 'aaaaaaaaaaaaaaaa')).toBe(401);
  });
});

describe('stations: EVSE edits (PUT /v1/stations/:id/evses)', () => {
  const put = (id: string, body: unknown, key?: string) => p.api(`/v1/stations/${id}/evses`, { method: 'PUT', body, ...(key ? { key } : {}) });
  const offeredEvses = async () => ((await p.api('/v1/locations/LOC-A2')).body.evses as any[]).filter((e) => e.stationId === 'ST-EDIT').map((e) => e.evseId);

  it('adds, changes, retires the EVSE with history and deletes the one without; drivers follow at once', async () => {
    await create(p, '/v1/stations', station('ST-EDIT', { locationId: 'LOC-A2', evses }));
    await p.sql!.query(
      `INSERT INTO charging_sessions (id, station_id, operator_id, ocpp_version, transaction_id, evse_no, connector_no, status, started_at, stopped_at)
       VALUES ('SES-EDIT', 'ST-EDIT', 'OP-A', '1.6', 'X1', 2, 1, 'COMPLETED', now() - interval '2 hours', now() - interval '1 hour')`,
    );
    expect(await offeredEvses()).toEqual([1, 2]);
    const r = await put('ST-EDIT', {
      evses: [
        { evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 90 }] },
        { evseId: 3, connectors: [{ connectorId: 1, standard: 'TYPE2', maxPowerKw: 22, format: 'SOCKET' }] },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ added: ['3/1'], changed: ['1/1'], restored: [], retired: ['2/1'], deleted: ['1/2'] });
    const [e1, e2, e3] = r.body.station.evses;
    expect(e1).toMatchObject({ evseId: 1, retiredAt: null, connectors: [{ connectorId: 1, maxPowerKw: 90 }] });
    expect(e2).toMatchObject({ evseId: 2, retiredAt: expect.any(String), connectors: [{ connectorId: 1, retiredAt: expect.any(String) }] });
    expect(e3).toMatchObject({ evseId: 3, connectors: [{ standard: 'TYPE2', format: 'SOCKET', maxPowerKw: 22, retiredAt: null }] });
    // catalog.changed through the outbox: the drivers' view no longer offers EVSE 2.
    await expect.poll(offeredEvses, { timeout: 2000 }).toEqual([1, 3]);
  });

  it('a start on the retired EVSE → 404 CONNECTOR_NOT_FOUND', async () => {
    await create(p, '/v1/tokens', { uid: 'EDIT-TOKEN', operatorId: 'OP-A', status: 'Accepted' });
    expectError(await p.api('/v1/commands/start', { body: { stationId: 'ST-EDIT', evseId: 2, idToken: 'EDIT-TOKEN' } }), 404, 'CONNECTOR_NOT_FOUND', 'evseId');
  });

  it('bad input → 4xx with the reason; nothing changes', async () => {
    expectError(await put('ST-EDIT', { evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 60 }] }, { evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 60 }] }] }), 400, 'VALIDATION_FAILED', 'evses.1.evseId');
    expectError(await put('ST-EDIT', { evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'PLUG', maxPowerKw: 60 }] }] }), 400);
    expectError(await put('ST-EDIT', { evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 60, format: 'HOSE' }] }] }), 400);
    expectError(await put('ST-EDIT', { evses: [{ evseId: 1, connectors: [] }] }), 400);
    expectError(await put('ST-NOPE', { evses: [] }), 404, 'STATION_NOT_FOUND');
    expect(await offeredEvses()).toEqual([1, 3]);
  });

  it('an operator key may not edit (admin only)', async () => {
    const key = (await create(p, '/v1/api-keys', { operatorId: 'OP-A', name: 'ops' })).key as string;
    expect((await put('ST-EDIT', { evses: [] }, key)).status).toBe(403);
  });
});
