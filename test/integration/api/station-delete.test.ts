import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { PASSWORD, create, expectError, location, operator } from './api-helpers.js';

const evses = [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 60 }] }];

/**
 * DELETE /v1/stations/{id} refuses (409 STATION_IN_USE, with what refers to it) while our history
 * names the station — not only sessions, which alone have a foreign key — the same on both stores.
 */
describe.each([{ store: 'PGlite', postgres: false }, { store: 'PostgreSQL', postgres: true }])('DELETE of a station that history names ($store)', ({ postgres }) => {
  let p: TestPlatform;
  const station = (id: string) => create(p, '/v1/stations', { id, operatorId: 'OP-DEL', locationId: 'LOC-DEL', password: PASSWORD, evses });
  const del = (id: string) => p.api(`/v1/stations/${id}`, { method: 'DELETE' });

  beforeAll(async () => {
    p = await startTestPlatform({ postgres });
    await create(p, '/v1/operators', operator('OP-DEL', ['CPO', 'EMSP']));
    await create(p, '/v1/locations', location('LOC-DEL', 'OP-DEL'));
  });
  afterAll(() => p?.stop());

  const history: [string, string, (id: string) => string][] = [
    [
      'sessions',
      'its sessions',
      (id) => `INSERT INTO charging_sessions (id, station_id, operator_id, ocpp_version, transaction_id, evse_no, connector_no, status, started_at, stopped_at)
               VALUES ('SES-${id}', '${id}', 'OP-DEL', '1.6', 'T1', 1, 1, 'COMPLETED', now() - interval '2 hours', now() - interval '1 hour')`,
    ],
    [
      'CDRs',
      'a CDR only (its session gone, as a partner\'s CDR has none here)',
      (id) => `INSERT INTO cdrs (id, session_id, kind, status, quality, cpo_id, provider_id, station_id, started_at, stopped_at, energy_wh, energy_amount, service_amount, idle_amount, session_fee_amount, total, settlement_day, location, tariff)
               VALUES ('CDR-${id}', 'GONE-${id}', 'final', 'priced', '{}', 'OP-DEL', 'OP-DEL', '${id}', now() - interval '2 hours', now() - interval '1 hour', 1000, 1, 1, 0, 0, 2, '2026-12-01', '{}', '{}')`,
    ],
    [
      'roaming charges',
      'a roaming charge',
      (id) => `INSERT INTO roaming_charges (partner_id, ref, side, station_id, evse_no, connector_no, partner_connector_id, provider_id, created_at, updated_at)
               VALUES ('PX', 'REF-${id}', 'driver', '${id}', 1, 1, 'C1', 'OP-DEL', now(), now())`,
    ],
    [
      'reservations',
      'a reservation',
      (id) => `INSERT INTO reservations (command_id, station_id, evse_no, reservation_id, id_token, requested_by, expires_at)
               VALUES ('CMD-${id}', '${id}', 1, 7, 'TOK', 'admin', now() + interval '1 hour')`,
    ],
  ];

  for (const [word, what, insert] of history) {
    it(`a station with ${what} → 409 STATION_IN_USE naming ${word}; it stays`, async () => {
      const id = `ST-${word.replace(/\W/g, '')}`;
      await station(id);
      await p.sql!.query(insert(id));
      const r = await del(id);
      expectError(r, 409, 'STATION_IN_USE');
      expect(r.body.details).toEqual({ referencedBy: [word] });
      expect(r.body.message).toContain(word);
      expect((await p.api(`/v1/stations/${id}`)).status).toBe(200);
    });
  }

  it('names everything that refers to it', async () => {
    await station('ST-ALL');
    for (const [, , insert] of history) await p.sql!.query(insert('ST-ALL'));
    expect((await del('ST-ALL')).body.details).toEqual({ referencedBy: ['sessions', 'CDRs', 'roaming charges', 'reservations'] });
  });

  it('a station nothing refers to is deleted (204), with a partner\'s links into it', async () => {
    await station('ST-FREE');
    await p.sql!.query(`INSERT INTO roaming_connectors (partner_id, partner_connector_id, location_id, station_id, evse_no, connector_no) VALUES ('PX', 'FREE.1', 'LOC-DEL', 'ST-FREE', 1, 1)`);
    expect((await del('ST-FREE')).status).toBe(204);
    expectError(await p.api('/v1/stations/ST-FREE'), 404, 'STATION_NOT_FOUND');
    expect(await p.sql!.query(`SELECT 1 FROM roaming_connectors WHERE station_id = 'ST-FREE'`)).toEqual([]);
    expectError(await del('ST-FREE'), 404, 'STATION_NOT_FOUND');
  });
});
