import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlLocalListRepository } from '../../../src/adapters/prisma/local-list.repository.js';
import { PrismaCatalogRepository } from '../../../src/adapters/prisma/catalog.repository.js';
import { storeFixture } from '../../helpers/store-fixture.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const t = (s: string) => new Date(s);

describe.each(STORE_TARGETS)('local lists on $name', (target) => {
  let fx: ReturnType<typeof storeFixture>;
  let repo: SqlLocalListRepository;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    fx = storeFixture(opened.db);
    repo = new SqlLocalListRepository(opened.db.sql);
    await fx.seedBasics();
    const catalog = new PrismaCatalogRepository(opened.db.prisma);
    await catalog.createOperator({ id: 'OP-R', name: 'Roaming', roles: ['EMSP'] });
    await catalog.createOperator({ id: 'OP-S', name: 'Stranger', roles: ['EMSP'] });
    await catalog.createToken({ uid: 'TOK-R', operatorId: 'OP-R', type: 'eMAID', status: 'Accepted', expiresAt: null, groupId: 'FLEET' });
    await catalog.createToken({ uid: 'TOK-S', operatorId: 'OP-S', type: 'ISO14443', status: 'Accepted', expiresAt: null, groupId: null });
    await catalog.createToken({ uid: 'TOK-OLD', operatorId: 'OP-A', type: 'ISO14443', status: 'Accepted', expiresAt: '2026-02-01T00:00:00Z', groupId: null });
    await fx.agreements.create({ id: 'AG-1', providerId: 'OP-R', operatorId: 'OP-A', validFrom: t('2026-02-01T00:00:00Z'), validTo: t('2026-04-01T00:00:00Z'), cities: ['Changsha'] });
  });
  afterAll(() => dispose());

  it('the wanted list: the operator\'s tokens (expired ones Expired) and those an agreement in force there allows', async () => {
    const at = t('2026-03-01T08:00:00Z');
    expect((await repo.wanted('OP-A', 'Changsha', at)).map((e) => [e.idToken, e.type, e.status, e.groupId ?? null])).toEqual([
      ['TOK-BLOCKED', 'ISO14443', 'Blocked', null],
      ['TOK-OK', 'ISO14443', 'Accepted', null],
      ['TOK-OLD', 'ISO14443', 'Expired', null],
      ['TOK-R', 'eMAID', 'Accepted', 'FLEET'],
    ]);
    expect((await repo.wanted('OP-A', 'Zhuzhou', at)).map((e) => e.idToken)).not.toContain('TOK-R');
    expect((await repo.wanted('OP-A', 'Changsha', t('2026-05-01T00:00:00Z'))).map((e) => e.idToken)).not.toContain('TOK-R');
  });

  it('a managed station: enabled with a full update due, an update pending, then confirmed or refused', async () => {
    expect(await repo.place('ST-1')).toEqual({ stationId: 'ST-1', operatorId: 'OP-A', city: 'Changsha' });
    expect(await repo.state('ST-1')).toBeNull();
    await repo.setEnabled('ST-1', true, t('2026-03-01T08:00:00Z'));
    expect(await repo.state('ST-1')).toMatchObject({ enabled: true, version: 0, entries: [], pending: null, fullRequested: true });
    const entries = [{ idToken: 'TOK-OK', type: 'ISO14443', status: 'Accepted' }];
    await repo.markSent('ST-1', { version: 1, updateType: 'Full', entriesAfter: entries, commandId: 'CMD-1' }, t('2026-03-01T08:00:01Z'));
    expect(await repo.pendingFor('CMD-1')).toMatchObject({ stationId: 'ST-1', pending: { version: 1, updateType: 'Full', entriesAfter: entries, commandId: 'CMD-1' } });
    expect(await repo.pendingFor('CMD-X')).toBeNull();
    expect((await repo.managed()).map((m) => [m.place.stationId, m.state.pending?.commandId, m.state.fullRequested])).toEqual([['ST-1', 'CMD-1', false]]);
    expect(await repo.answered('CMD-1', true, null, t('2026-03-01T08:00:02Z'))).toBe('ST-1');
    expect(await repo.answered('CMD-1', true, null, t('2026-03-01T08:00:03Z'))).toBeNull();
    expect(await repo.state('ST-1')).toMatchObject({ version: 1, entries, pending: null, syncedAt: t('2026-03-01T08:00:02Z') });
    await repo.markSent('ST-1', { version: 2, updateType: 'Differential', entriesAfter: [], commandId: 'CMD-2' }, t('2026-03-01T08:01:00Z'));
    expect(await repo.answered('CMD-2', false, 'VersionMismatch', t('2026-03-01T08:01:01Z'))).toBe('ST-1');
    expect(await repo.state('ST-1')).toMatchObject({ version: 1, entries, pending: null, fullRequested: true, lastError: 'VersionMismatch' });
    await repo.setEnabled('ST-1', false, t('2026-03-01T08:02:00Z'));
    expect(await repo.managed()).toEqual([]);
  });
});
