import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlReservationRepository } from '../../../src/adapters/prisma/reservation.repository.js';
import { ReservationService } from '../../../src/domain/reservations/index.js';
import type { Command } from '../../../src/domain/commands/index.js';
import { ManualClock } from '../../../src/shared/clock.js';
import { pendingCommand } from '../../helpers/ocpp-commands.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const reserveCommand = (id: string, reservationId: number, evseId: number | undefined, expiresAt: string): Command => ({
  ...pendingCommand('reserve', { evseId, idToken: 'TOK', reservationExpiresAt: expiresAt, reservationId }, 'OP-A'),
  id,
  stationId: 'ST-R',
  status: 'accepted',
  remoteStartId: 1,
  response: { status: 'Accepted' },
});

describe.each(STORE_TARGETS)('reservations on $name', (target) => {
  let repo: SqlReservationRepository;
  let sql: { query: (text: string, params?: unknown[]) => Promise<unknown[]> };
  let dispose: () => Promise<void>;
  const clock = new ManualClock('2026-03-01T08:00:00Z');
  const released: string[] = [];
  let service: ReservationService;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    repo = new SqlReservationRepository(opened.db.sql);
    sql = opened.db.sql;
    service = new ReservationService(repo, { release: async (stationId, evseNo, at) => void released.push(`${stationId}.${evseNo}@${at.toISOString()}`) }, clock);
  });
  afterAll(() => dispose());

  it('an accepted reserve is recorded once, however often the answer is handled', async () => {
    const c = reserveCommand('C1', 11, 1, '2026-03-01T08:15:00Z');
    await service.commandAccepted(c);
    await service.commandAccepted(c);
    expect(await repo.get('C1')).toMatchObject({ status: 'active', reservationId: 11, evseNo: 1, idToken: 'TOK', expiresAt: new Date('2026-03-01T08:15:00Z') });
    expect(await repo.due(new Date('2026-03-01T08:14:59Z'), 10)).toEqual([]);
  });

  it('the same reservationId again replaces the active one', async () => {
    await service.commandAccepted(reserveCommand('C2', 11, 2, '2026-03-01T08:20:00Z'));
    expect((await repo.get('C1'))?.status).toBe('replaced');
    expect((await repo.get('C2'))?.status).toBe('active');
  });

  it('an accepted cancellation ends it and frees its EVSE; a second one changes nothing', async () => {
    const cancel = { ...reserveCommand('C3', 11, undefined, ''), kind: 'cancel-reservation' as const, params: { reservationId: 11 } };
    await service.commandAccepted(cancel);
    await service.commandAccepted(cancel);
    expect(await repo.get('C2')).toMatchObject({ status: 'cancelled', endedAt: new Date('2026-03-01T08:00:00Z') });
    expect(released).toEqual(['ST-R.2@2026-03-01T08:00:00.000Z']);
  });

  it('expiry ends what is due, oldest first, and frees each EVSE once', async () => {
    released.length = 0;
    await service.commandAccepted(reserveCommand('C4', 21, 1, '2026-03-01T08:05:00Z'));
    await service.commandAccepted(reserveCommand('C5', 22, undefined, '2026-03-01T08:04:00Z'));
    await service.commandAccepted(reserveCommand('C6', 23, 2, '2026-03-01T09:00:00Z'));
    clock.set('2026-03-01T08:10:00Z');
    expect((await repo.due(clock.now(), 10)).map((r) => r.commandId)).toEqual(['C5', 'C4']);
    expect(await service.expireDue()).toBe(2);
    expect(await service.expireDue()).toBe(0);
    expect(released).toEqual(['ST-R.1@2026-03-01T08:10:00.000Z']); // C5 held no particular EVSE
    expect((await repo.get('C4'))?.status).toBe('expired');
    expect((await repo.get('C6'))?.status).toBe('active');
  });

  it('the station ending one (Expired / Removed) frees its EVSE and ends it; a repeat, or an unknown id, changes nothing', async () => {
    released.length = 0;
    clock.set('2026-03-01T08:20:00Z');
    await service.commandAccepted(reserveCommand('C7', 31, 1, '2026-03-01T09:00:00Z'));
    await service.commandAccepted(reserveCommand('C8', 32, undefined, '2026-03-01T09:00:00Z'));
    expect(await repo.findActive('ST-R', 31)).toMatchObject({ commandId: 'C7', evseNo: 1 });
    expect(await service.endedByStation('ST-R', 31, 'removed')).toBe(true);
    expect(await service.endedByStation('ST-R', 31, 'removed')).toBe(false);
    expect(await service.endedByStation('ST-R', 32, 'expired')).toBe(true);
    expect(await service.endedByStation('ST-R', 999, 'expired')).toBe(false);
    expect(await service.endedByStation('ST-OTHER', 23, 'expired')).toBe(false); // another station's id
    expect(await repo.get('C7')).toMatchObject({ status: 'removed', endedAt: new Date('2026-03-01T08:20:00Z') });
    expect((await repo.get('C8'))?.status).toBe('expired');
    expect((await repo.get('C6'))?.status).toBe('active');
    expect(await repo.findActive('ST-R', 31)).toBeNull();
    expect(released).toEqual(['ST-R.1@2026-03-01T08:20:00.000Z']);
  });

  it('lists newest first with a cursor; an operator sees what is at its stations and what it made, nothing else', async () => {
    await sql.query(`INSERT INTO operators (id, name, roles) VALUES ('OP-CPO', 'CPO', '{CPO}'), ('OP-OTHER', 'Other', '{CPO}')`);
    await sql.query(`INSERT INTO stations (id, operator_id, password_hash) VALUES ('ST-L1', 'OP-CPO', 'x'), ('ST-L2', 'OP-OTHER', 'x')`);
    const made = (id: string, stationId: string, requestedBy: string, at: string) =>
      repo.activate({ commandId: id, stationId, reservationId: Number(id.slice(1)), evseNo: 1, idToken: 'TOK', requestedBy, expiresAt: new Date('2026-03-02T00:00:00Z') }, new Date(at));
    await made('L1', 'ST-L1', 'OP-EMSP', '2026-03-01T10:00:00Z'); // at the CPO's station, made by a provider
    await made('L2', 'ST-L2', 'OP-EMSP', '2026-03-01T10:01:00Z'); // elsewhere, made by the same provider
    await made('L3', 'ST-L2', 'OP-OTHER', '2026-03-01T10:02:00Z'); // elsewhere, by someone else
    await made('L4', 'ST-L1', 'admin', '2026-03-01T10:02:00Z'); // same time as L3: command id breaks the tie
    await repo.end('ST-L2', 2, 'cancelled', new Date('2026-03-01T10:05:00Z'));

    const ids = async (f: Omit<Parameters<SqlReservationRepository['list']>[0], 'limit'>, limit = 50) => {
      const out: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const r = await repo.list({ ...f, cursor, limit });
        out.push(...r.items.map((x) => x.commandId));
        if (!r.nextCursor) break;
        cursor = r.nextCursor;
      }
      return out.filter((id) => id.startsWith('L'));
    };
    expect(await ids({})).toEqual(['L4', 'L3', 'L2', 'L1']);
    expect(await ids({}, 1)).toEqual(['L4', 'L3', 'L2', 'L1']); // one per page, same order
    expect(await ids({ visibleTo: 'OP-CPO' })).toEqual(['L4', 'L1']);
    expect(await ids({ visibleTo: 'OP-EMSP' }, 1)).toEqual(['L2', 'L1']);
    expect(await ids({ visibleTo: 'OP-NOBODY' })).toEqual([]);
    expect(await ids({ stationId: 'ST-L2' })).toEqual(['L3', 'L2']);
    expect(await ids({ status: 'cancelled' })).toEqual(['L2']);
    expect(await ids({ commandId: 'L3', visibleTo: 'OP-EMSP' })).toEqual([]);
    expect((await repo.list({ commandId: 'L3', visibleTo: 'OP-OTHER', limit: 1 })).items[0]).toMatchObject({ stationId: 'ST-L2', requestedBy: 'OP-OTHER', status: 'active' });
    await expect(repo.list({ cursor: 'not-a-cursor', limit: 5 })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    // A date JavaScript parses but the store cannot hold is refused up front, not a store error.
    const ancient = Buffer.from(JSON.stringify(['-271821-04-20T00:00:00.000Z', 'L1'])).toString('base64url');
    await expect(repo.list({ cursor: ancient, limit: 5 })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });
});
