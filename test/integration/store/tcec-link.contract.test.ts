import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryEnvelopeSeqBlocks } from '../../../src/adapters/memory/envelope-seq-blocks.js';
import { MemoryPartnerOutboundTokens } from '../../../src/adapters/memory/partner-outbound-tokens.js';
import type { Sql } from '../../../src/adapters/prisma/database.js';
import { SqlEnvelopeSeqBlocks } from '../../../src/adapters/prisma/envelope-seq.blocks.js';
import { SqlPartnerOutboundTokens } from '../../../src/adapters/prisma/partner-outbound-tokens.store.js';
import { AesGcmSealer } from '../../../src/adapters/secrets/aes-gcm-sealer.js';
import type { EnvelopeSeqBlocks, PartnerOutboundTokens, StoredPartnerToken } from '../../../src/domain/roaming/index.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

/** Two nodes on one store: each has its own adapter instance, as each platform process does. */
interface Opened {
  seqs: [EnvelopeSeqBlocks, EnvelopeSeqBlocks];
  tokens: [PartnerOutboundTokens, PartnerOutboundTokens];
  sql: Sql | null;
  dispose(): Promise<void>;
}

const sealer = () => new AesGcmSealer(randomBytes(32));

const targets: { name: string; open(): Promise<Opened> }[] = [
  ...STORE_TARGETS.map((t) => ({
    name: t.name,
    async open(): Promise<Opened> {
      const { db, dispose } = await t.open();
      // Partner rows for the tokens' foreign key (the partners' own secrets are opaque here).
      await db.sql.query(`INSERT INTO operators (id, name, roles) VALUES ('M', 'M', '{CPO}'), ('P', 'P', '{EMSP}'), ('Q', 'Q', '{EMSP}')`);
      await db.sql.query(`INSERT INTO partners (id, name, protocol, role, settings, secrets) VALUES ('P', 'P', 'tcec', 'emsp', '{}', 'sealed'), ('Q', 'Q', 'tcec', 'emsp', '{}', 'sealed')`);
      await db.sql.query(`INSERT INTO partner_operators (partner_id, operator_id, position) VALUES ('P', 'M', 0), ('Q', 'M', 0)`);
      const key = sealer();
      return {
        seqs: [new SqlEnvelopeSeqBlocks(db.sql), new SqlEnvelopeSeqBlocks(db.sql)],
        tokens: [new SqlPartnerOutboundTokens(db.sql, key), new SqlPartnerOutboundTokens(db.sql, key)],
        sql: db.sql,
        dispose,
      };
    },
  })),
  {
    name: 'memory',
    async open(): Promise<Opened> {
      const seqs = new MemoryEnvelopeSeqBlocks();
      const tokens = new MemoryPartnerOutboundTokens();
      return { seqs: [seqs, seqs], tokens: [tokens, tokens], sql: null, dispose: async () => {} };
    },
  },
];

const T0 = 1_796_000_000; // a Unix second

describe.each(targets)('T/CEC Seq blocks on $name', (target) => {
  let s: Opened;
  beforeAll(async () => {
    s = await target.open();
  });
  afterAll(() => s.dispose());

  it('hands out consecutive numbers within a second, from 0001 again in a later one, never back in time', async () => {
    const [a, b] = s.seqs;
    expect(await a.reserve('OP-1', T0, 5)).toEqual({ second: T0, first: 1, last: 5 });
    expect(await b.reserve('OP-1', T0, 3)).toEqual({ second: T0, first: 6, last: 8 });
    expect(await a.reserve('OP-1', T0 + 2, 4)).toEqual({ second: T0 + 2, first: 1, last: 4 });
    // A node whose clock is behind gets the newest second, after what was handed out.
    expect(await b.reserve('OP-1', T0 + 1, 2)).toEqual({ second: T0 + 2, first: 5, last: 6 });
    // Another OperatorID counts on its own.
    expect(await b.reserve('OP-2', T0, 1)).toEqual({ second: T0, first: 1, last: 1 });
  });

  it('borrows the next second instead of going past 9999, and refuses blocks it cannot hold', async () => {
    const [a, b] = s.seqs;
    expect(await a.reserve('OP-3', T0, 9990)).toEqual({ second: T0, first: 1, last: 9990 });
    expect(await b.reserve('OP-3', T0, 9)).toEqual({ second: T0, first: 9991, last: 9999 });
    expect(await a.reserve('OP-3', T0, 1)).toEqual({ second: T0 + 1, first: 1, last: 1 });
    expect(await b.reserve('OP-3', T0, 9999)).toEqual({ second: T0 + 2, first: 1, last: 9999 });
    await expect(a.reserve('OP-3', T0, 0)).rejects.toThrow(RangeError);
    await expect(a.reserve('OP-3', T0, 10_000)).rejects.toThrow(RangeError);
  });

  it('never gives two nodes the same (second, Seq), even reserving at once', async () => {
    const reserved = await Promise.all(Array.from({ length: 40 }, (_, i) => s.seqs[i % 2]!.reserve('OP-4', T0, 1 + ((i * 37) % 700))));
    const keys = new Set<string>();
    for (const r of reserved) {
      expect(r.first).toBeGreaterThanOrEqual(1);
      expect(r.last).toBeLessThanOrEqual(9999);
      for (let q = r.first; q <= r.last; q++) keys.add(`${r.second}:${q}`);
    }
    expect(keys.size).toBe(reserved.reduce((n, r) => n + r.last - r.first + 1, 0));
  });
});

describe.each(targets)('T/CEC partner tokens on $name', (target) => {
  let s: Opened;
  beforeAll(async () => {
    s = await target.open();
  });
  afterAll(() => s.dispose());

  const at = (sec: number) => new Date((T0 + sec) * 1000);
  const tok = (token: string, refreshSec: number): StoredPartnerToken => ({ token, expiresAt: at(refreshSec + 600), refreshAt: at(refreshSec) });

  it('lets one node fetch while the others wait, then every node uses what it stored (sealed at rest)', async () => {
    const [a, b] = s.tokens;
    expect(await a.claim('P', 'node-a', null, at(0), at(15))).toEqual({ kind: 'fetch' });
    expect(await b.claim('P', 'node-b', null, at(1), at(16))).toEqual({ kind: 'wait' });
    expect(await b.save('P', 'node-b', tok('T-b', 3600))).toBe(false);
    expect(await a.save('P', 'node-a', tok('T-1', 3600))).toBe(true);
    expect(await b.claim('P', 'node-b', null, at(2), at(17))).toEqual({ kind: 'use', token: tok('T-1', 3600) });
    expect(await a.claim('P', 'node-a', null, at(2), at(17))).toEqual({ kind: 'use', token: tok('T-1', 3600) });
    if (s.sql) {
      const [row] = await s.sql.query<{ token_sealed: string; token_hash: string }>(`SELECT token_sealed, token_hash FROM tcec_partner_tokens WHERE partner_id = 'P'`);
      expect(row!.token_sealed).toMatch(/^v1\./);
      expect(`${row!.token_sealed}${row!.token_hash}`).not.toContain('T-1');
    }
  });

  it('renews a refused token once: only while the stored token is the refused one (compare-and-swap)', async () => {
    const [a, b] = s.tokens;
    // Both nodes were refused T-1 at about the same time: the first renews, the second waits, then uses T-2.
    expect(await a.claim('P', 'node-a', 'T-1', at(10), at(25))).toEqual({ kind: 'fetch' });
    expect(await b.claim('P', 'node-b', 'T-1', at(10), at(25))).toEqual({ kind: 'wait' });
    expect(await a.save('P', 'node-a', tok('T-2', 3600))).toBe(true);
    expect(await b.claim('P', 'node-b', 'T-1', at(11), at(26))).toEqual({ kind: 'use', token: tok('T-2', 3600) });
  });

  it('renews a token due for renewal on one node; a lease that ran out or was given up lets another node fetch', async () => {
    const [a, b] = s.tokens;
    expect(await b.claim('P', 'node-b', null, at(3600), at(3615))).toEqual({ kind: 'fetch' });
    expect(await a.claim('P', 'node-a', null, at(3601), at(3616))).toEqual({ kind: 'wait' });
    await b.release('P', 'node-b');
    expect(await a.claim('P', 'node-a', null, at(3602), at(3617))).toEqual({ kind: 'fetch' });
    // node-a hangs past its lease: node-b takes over, and node-a's late answer is not stored over node-b's.
    expect(await b.claim('P', 'node-b', null, at(3617), at(3632))).toEqual({ kind: 'fetch' });
    expect(await b.save('P', 'node-b', tok('T-3', 7200))).toBe(true);
    expect(await a.save('P', 'node-a', tok('T-late', 7200))).toBe(false);
    expect(await a.claim('P', 'node-a', null, at(3620), at(3635))).toEqual({ kind: 'use', token: tok('T-3', 7200) });
  });

  it('gives the lease to exactly one of many nodes claiming at once; forgetting a token makes the next claim fetch', async () => {
    const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => s.tokens[i % 2]!.claim('Q', `node-${i}`, null, at(0), at(15))));
    expect(claims.filter((c) => c.kind === 'fetch')).toHaveLength(1);
    expect(claims.filter((c) => c.kind === 'wait')).toHaveLength(11);
    const holder = `node-${claims.findIndex((c) => c.kind === 'fetch')}`;
    expect(await s.tokens[0].save('Q', holder, tok('Q-1', 3600))).toBe(true);
    await s.tokens[1].forget('Q');
    expect(await s.tokens[0].claim('Q', 'node-x', null, at(1), at(16))).toEqual({ kind: 'fetch' });
  });
});
