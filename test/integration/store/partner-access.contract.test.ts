import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPartnerAccessTokens, MemoryReplayGuard } from '../../../src/adapters/memory/partner-access.js';
import { SqlPartnerAccessTokens, SqlReplayGuard } from '../../../src/adapters/prisma/partner-access.store.js';
import type { PartnerAccessTokens, RequestReplayGuard } from '../../../src/domain/partners/index.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

interface Target {
  name: string;
  open(): Promise<{ tokens: PartnerAccessTokens; replay: RequestReplayGuard; dispose(): Promise<void> }>;
}

const targets: Target[] = [
  ...STORE_TARGETS.map((t) => ({
    name: t.name,
    async open() {
      const { db, dispose } = await t.open();
      // A partner row for the tokens' foreign key (the secrets column is opaque to this store).
      await db.sql.query(`INSERT INTO operators (id, name, roles) VALUES ('M', 'M', '{CPO}'), ('P', 'P', '{EMSP}')`);
      await db.sql.query(`INSERT INTO partners (id, name, protocol, role, settings, secrets) VALUES ('P', 'P', 'tcec', 'emsp', '{}', 'sealed')`);
      await db.sql.query(`INSERT INTO partner_operators (partner_id, operator_id, position) VALUES ('P', 'M', 0)`);
      return { tokens: new SqlPartnerAccessTokens(db.sql), replay: new SqlReplayGuard(db.sql), dispose };
    },
  })),
  { name: 'memory', open: async () => ({ tokens: new MemoryPartnerAccessTokens(), replay: new MemoryReplayGuard(), dispose: async () => {} }) },
];

describe.each(targets)('partner access on $name', (target) => {
  let t: Awaited<ReturnType<Target['open']>>;
  beforeAll(async () => {
    t = await target.open();
  });
  afterAll(() => t.dispose());

  it('finds issued tokens with their expiry, never unknown ones, and prunes the expired', async () => {
    await t.tokens.issue('P', 'hash-1', new Date('2026-12-07T02:00:00.123Z'));
    await t.tokens.issue('P', 'hash-2', new Date('2026-12-07T04:00:00Z'));
    expect(await t.tokens.find('hash-1')).toEqual({ partnerId: 'P', expiresAt: new Date('2026-12-07T02:00:00.123Z') });
    expect(await t.tokens.find('nope')).toBeNull();
    await expect(t.tokens.issue('P', 'hash-1', new Date())).rejects.toThrow();
    expect(await t.tokens.prune(new Date('2026-12-07T03:00:00Z'))).toBe(1);
    expect(await t.tokens.find('hash-1')).toBeNull();
    expect(await t.tokens.find('hash-2')).not.toBeNull();
    expect(await t.tokens.revokeAll('P')).toBe(1);
    expect(await t.tokens.find('hash-2')).toBeNull();
    expect(await t.tokens.revokeAll('P')).toBe(0);
  });

  it('sees a request key once; a repeat is a replay, even concurrently; old keys can go', async () => {
    const at = new Date('2026-12-07T01:00:00Z');
    expect(await t.replay.firstSeen('MA01', '20261207090000', '0001', at)).toBe(true);
    expect(await t.replay.firstSeen('MA01', '20261207090000', '0001', at)).toBe(false);
    expect(await t.replay.firstSeen('MA01', '20261207090000', '0002', at)).toBe(true);
    expect(await t.replay.firstSeen('MA02', '20261207090000', '0001', at)).toBe(true);
    const racing = await Promise.all([1, 2, 3, 4].map(() => t.replay.firstSeen('MA03', '20261207090001', '0001', at)));
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await t.replay.prune(new Date('2026-12-07T01:00:00.001Z'))).toBe(4);
    expect(await t.replay.firstSeen('MA01', '20261207090000', '0001', new Date())).toBe(true);
  });
});
