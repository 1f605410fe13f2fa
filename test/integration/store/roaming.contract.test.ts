import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPartnerCatalogLinks, MemoryPartnerPushQueue, MemoryRoamingChargeStore } from '../../../src/adapters/memory/roaming.stores.js';
import { SqlPartnerPushQueue } from '../../../src/adapters/prisma/partner-push.queue.js';
import { SqlRoamingChargeStore } from '../../../src/adapters/prisma/roaming-charge.store.js';
import { SqlPartnerCatalogLinks } from '../../../src/adapters/prisma/partner-catalog.links.js';
import { PUSH_RETRY, type PartnerCatalogLinks, type PartnerPushQueue, type RoamingChargeStore } from '../../../src/domain/roaming/index.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

interface Target {
  name: string;
  open(): Promise<{ pushes: PartnerPushQueue; charges: RoamingChargeStore; links: PartnerCatalogLinks; dispose(): Promise<void> }>;
}

const TARGETS: Target[] = [
  ...STORE_TARGETS.map((t) => ({
    name: t.name,
    async open() {
      const { db, dispose } = await t.open();
      return { pushes: new SqlPartnerPushQueue(db.sql), charges: new SqlRoamingChargeStore(db.sql), links: new SqlPartnerCatalogLinks(db.sql), dispose };
    },
  })),
  { name: 'memory', open: async () => ({ pushes: new MemoryPartnerPushQueue(), charges: new MemoryRoamingChargeStore(), links: new MemoryPartnerCatalogLinks(), dispose: async () => {} }) },
];

const at = (s: number): Date => new Date(Date.UTC(2026, 11, 1, 0, 0, s));
const push = (key: string, partnerId = 'P1') => ({ partnerId, kind: 'notification_stationStatus', key, body: { ConnectorStatusInfo: { ConnectorID: key, Status: 1 } }, createdAt: at(0) });

describe.each(TARGETS)('roaming stores on $name', (target) => {
  let s: Awaited<ReturnType<Target['open']>>;
  beforeAll(async () => {
    s = await target.open();
  });
  afterAll(() => s.dispose());

  describe('PartnerPushQueue', () => {
    it('queues a fact once per partner, claimed by the caller', async () => {
      const first = await s.pushes.enqueue([push('k1'), push('k2'), push('k1', 'P2')], at(30));
      expect(first.map((p) => [p.partnerId, p.key, p.status, p.attempts, p.nextAt.toISOString()])).toEqual([
        ['P1', 'k1', 'pending', 0, at(30).toISOString()],
        ['P1', 'k2', 'pending', 0, at(30).toISOString()],
        ['P2', 'k1', 'pending', 0, at(30).toISOString()],
      ]);
      expect(first[0]!.body).toEqual({ ConnectorStatusInfo: { ConnectorID: 'k1', Status: 1 } });
      expect(await s.pushes.enqueue([push('k1'), push('k3')], at(30))).toHaveLength(1);
    });

    it('hands a due push to one claimer until its claim runs out', async () => {
      expect(await s.pushes.claimDue(at(10), at(40), 10)).toEqual([]);
      const claimed = await s.pushes.claimDue(at(30), at(60), 10);
      expect(claimed.map((p) => p.key).sort()).toEqual(['k1', 'k1', 'k2', 'k3']);
      expect(await s.pushes.claimDue(at(45), at(75), 10)).toEqual([]);
    });

    it('retries a failed push a minute later, up to 4 tries, then abandons it; sent and ignored are final', async () => {
      const p = (await s.pushes.get('P1', 'k1'))!;
      for (let i = 1; i < PUSH_RETRY.tries; i++) {
        await s.pushes.complete(p.id, { kind: 'failed', error: `down ${i}` }, at(100 * i));
        const now = (await s.pushes.get('P1', 'k1'))!;
        expect([now.status, now.attempts, now.lastError, now.nextAt.getTime() - at(100 * i).getTime()]).toEqual(['pending', i, `down ${i}`, 60_000]);
      }
      await s.pushes.complete(p.id, { kind: 'failed', error: 'still down' }, at(500));
      expect(await s.pushes.get('P1', 'k1')).toMatchObject({ status: 'abandoned', attempts: 4, lastError: 'still down' });
      await s.pushes.complete(p.id, { kind: 'sent' }, at(600));
      expect(await s.pushes.get('P1', 'k1')).toMatchObject({ status: 'abandoned' });

      const k2 = (await s.pushes.get('P1', 'k2'))!;
      await s.pushes.complete(k2.id, { kind: 'ignored' }, at(50));
      expect(await s.pushes.get('P1', 'k2')).toMatchObject({ status: 'ignored', attempts: 1 });
      const k3 = (await s.pushes.get('P1', 'k3'))!;
      await s.pushes.complete(k3.id, { kind: 'sent' }, at(50));
      expect((await s.pushes.get('P1', 'k3'))!.sentAt?.toISOString()).toBe(at(50).toISOString());
      expect((await s.pushes.list({ partnerId: 'P1', status: 'pending', limit: 10 })).map((x) => x.key)).toEqual([]);
      expect(await s.pushes.claimDue(at(10_000), at(10_030), 10)).toHaveLength(1); // P2's k1 only
    });

    it('tells whether a later push about the same thing was delivered', async () => {
      const k1 = (await s.pushes.get('P1', 'k1'))!;
      const path = ['ConnectorStatusInfo', 'ConnectorID'];
      // k3 (queued after k1, same partner and kind) was sent; its ConnectorID is 'k3'.
      expect(await s.pushes.deliveredAfter('P1', 'notification_stationStatus', k1.id, path, 'k3')).toBe(true);
      expect(await s.pushes.deliveredAfter('P1', 'notification_stationStatus', k1.id, path, 'k1')).toBe(false);
      expect(await s.pushes.deliveredAfter('P2', 'notification_stationStatus', '0', path, 'k3')).toBe(false);
    });

    it('prunes finished pushes only', async () => {
      expect(await s.pushes.prune(at(1))).toBe(3);
      expect((await s.pushes.list({ partnerId: 'P2', limit: 10 })).map((p) => p.status)).toEqual(['pending']);
    });
  });

  describe('RoamingChargeStore', () => {
    const charge = { partnerId: 'P1', ref: 'MA5XJ0001000000000000000001', side: 'station' as const, stationId: 'CS-1', evseNo: 1, connectorNo: 1, partnerConnectorId: 'CS-1.1.1', idToken: 'QR1', providerId: 'P1', commandId: 'cmd-1', createdAt: at(0) };

    it('creates a charge once and finds it by command and session', async () => {
      expect(await s.charges.create(charge)).toBe(true);
      expect(await s.charges.create(charge)).toBe(false);
      expect(await s.charges.byCommand('cmd-1')).toMatchObject({ ref: charge.ref, state: 1, sessionId: null, energyWh: null });
      await s.charges.update('P1', charge.ref, { sessionId: 'S-1', state: 2, startedAt: at(5), energyWh: 1234 }, at(6));
      expect(await s.charges.bySession('S-1')).toMatchObject({ ref: charge.ref, state: 2, energyWh: 1234, commandId: 'cmd-1' });
      expect(await s.charges.bySession('S-2')).toBeNull();
    });

    it('lists active charges of a side and finished ones with a CDR by stop time', async () => {
      await s.charges.create({ ...charge, ref: 'R2', side: 'driver', commandId: null });
      expect((await s.charges.active('station', 10)).map((c) => c.ref)).toEqual([charge.ref]);
      expect((await s.charges.active('driver', 10)).map((c) => c.ref)).toEqual(['R2']);
      await s.charges.update('P1', charge.ref, { state: 4, stoppedAt: at(100), cdrId: 'CDR-1' }, at(100));
      expect(await s.charges.active('station', 10)).toEqual([]);
      expect((await s.charges.finished('P1', 'station', at(0), at(200))).map((c) => c.cdrId)).toEqual(['CDR-1']);
      expect(await s.charges.finished('P1', 'station', at(101), at(200))).toEqual([]);
    });
  });

  describe('PartnerCatalogLinks', () => {
    const link = (id: string, stationId: string, evseNo: number, partnerId = 'P1') => ({ partnerId, partnerConnectorId: id, locationId: `L-${stationId}`, stationId, evseNo, connectorNo: 1 });

    it('links partner connectors both ways, moving a link that is saved again', async () => {
      await s.links.save([link('C1', 'P1-EQ1', 1), link('C2', 'P1-EQ1', 2), link('C1', 'P2-EQ9', 1, 'P2')]);
      expect(await s.links.byPartnerConnector('P1', 'C2')).toEqual(link('C2', 'P1-EQ1', 2));
      expect(await s.links.byConnector('P2-EQ9', 1, 1)).toEqual(link('C1', 'P2-EQ9', 1, 'P2'));
      await s.links.save([link('C2', 'P1-EQ2', 1)]);
      expect(await s.links.byConnector('P1-EQ1', 2, 1)).toBeNull();
      expect(await s.links.locationsOf('P1')).toEqual(['L-P1-EQ1', 'L-P1-EQ2']);
      expect(await s.links.byPartnerConnector('P1', 'nope')).toBeNull();
      expect(await s.links.ofStation('P1', 'P1-EQ1')).toEqual([link('C1', 'P1-EQ1', 1)]);
      expect(await s.links.ofStation('P2', 'P1-EQ1')).toEqual([]);
      await s.links.forgetStation('P1', 'P1-EQ1');
      expect(await s.links.byPartnerConnector('P1', 'C1')).toBeNull();
      expect(await s.links.byConnector('P2-EQ9', 1, 1)).not.toBeNull();
    });

    it('keeps when the last station sync started', async () => {
      expect(await s.links.lastSync('P1')).toBeNull();
      await s.links.setLastSync('P1', at(10));
      await s.links.setLastSync('P1', at(20));
      expect((await s.links.lastSync('P1'))?.toISOString()).toBe(at(20).toISOString());
    });
  });
});
