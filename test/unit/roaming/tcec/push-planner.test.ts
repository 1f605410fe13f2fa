import { describe, expect, it } from 'vitest';
import { MemoryRoamingChargeStore } from '../../../../src/adapters/memory/roaming.stores.js';
import { domainEvent, type StoredEvent } from '../../../../src/domain/events/index.js';
import type { Partner } from '../../../../src/domain/partners/index.js';
import type { NewPartnerPush } from '../../../../src/domain/roaming/index.js';
import { PushPlanner } from '../../../../src/roaming/tcec/pushes/push-planner.js';
import { ManualClock } from '../../../../src/shared/clock.js';

const partner = (id: string, role: Partner['role'], operatorIds: string[]): Partner =>
  ({ id, name: id, protocol: 'tcec', role, operatorIds, state: 'active', lastError: null, tcec: { ourOperatorId: 'XJCL00001' }, createdAt: new Date(), updatedAt: new Date() }) as unknown as Partner;

const owners: Record<string, { operatorId: string; locationId: string }> = { 'ST-X': { operatorId: 'CPO-X', locationId: 'LOC-X' }, 'ST-Y': { operatorId: 'CPO-Y', locationId: 'LOC-Y' } };

const status = (stationId: string): StoredEvent =>
  ({ ...domainEvent('connector.status', `s:${stationId}`, stationId, { stationId, evseNo: 1, connectorNo: 1, status: 'CHARGING', ocppStatus: 'Charging', at: '2026-12-01T00:00:00Z' }, new Date()), position: { txId: '1', id: stationId } }) as StoredEvent;

describe('PushPlanner: which partner hears which station', () => {
  it('a partner connected to several member operators hears each of their stations; one connected to one hears only its', async () => {
    const sent: NewPartnerPush[] = [];
    const planner = new PushPlanner({
      partners: { list: async () => [partner('SUP', 'supervisor', ['CPO-X', 'CPO-Y']), partner('EMSP-1', 'emsp', ['CPO-X']), partner('EMSP-2', 'emsp', ['CPO-Y', 'CPO-Z'])] },
      stationOwner: async (id) => owners[id] ?? null,
      charges: new MemoryRoamingChargeStore(),
      cdrs: { get: async () => null },
      catalog: { locations: async () => [] },
      sender: { enqueueAndSend: async (p: readonly NewPartnerPush[]) => (sent.push(...p), []) },
      clock: new ManualClock('2026-12-01T00:00:00Z'),
      serviceTel: '0731',
    });
    await planner.handle([status('ST-X'), status('ST-Y')]);
    const heard = (stationId: string) => sent.filter((p) => JSON.stringify(p.body).includes(`"${stationId}.1.1"`)).map((p) => p.partnerId).sort();
    expect(heard('ST-X')).toEqual(['EMSP-1', 'SUP']);
    expect(heard('ST-Y')).toEqual(['EMSP-2', 'SUP']);
  });
});
