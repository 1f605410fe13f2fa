import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { AesGcmSealer, parseSecretsKey } from '../../../src/adapters/secrets/aes-gcm-sealer.js';
import { openSecretsKey } from '../../../src/adapters/secrets/secrets-key-file.js';
import { prunePartnerMessagesJob } from '../../../src/jobs/prune-partner-messages.job.js';

describe('partner secrets at rest', () => {
  it('seals with a fresh IV each time and opens only with the same key, unaltered', () => {
    const sealer = new AesGcmSealer(randomBytes(32));
    const a = sealer.seal('{"sigSecret":"s3cr3t"}');
    expect(a).not.toContain('s3cr3t');
    expect(sealer.seal('{"sigSecret":"s3cr3t"}')).not.toBe(a);
    expect(sealer.open(a)).toBe('{"sigSecret":"s3cr3t"}');
    expect(() => new AesGcmSealer(randomBytes(32)).open(a)).toThrow();
    const parts = a.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(() => sealer.open([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'))).toThrow();
    expect(() => new AesGcmSealer(randomBytes(16))).toThrow(/32 bytes/);
  });

  it('takes the key as hex or Base64, or generates one into the data directory once', async () => {
    const key = randomBytes(32);
    expect(parseSecretsKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretsKey(key.toString('base64'))).toEqual(key);
    expect(() => parseSecretsKey('abc')).toThrow();
    const dir = await mkdtemp(join(tmpdir(), 'xj-secrets-'));
    try {
      const first = await openSecretsKey(undefined, dir);
      expect(first.generated).toBe(join(dir, 'partner-secrets-key'));
      expect((await stat(first.generated!)).mode & 0o777).toBe(0o600);
      const again = await openSecretsKey(undefined, dir);
      expect(again).toEqual({ key: first.key, generated: undefined });
      expect((await openSecretsKey(key.toString('hex'), dir)).key).toEqual(key);
      expect((await readFile(first.generated!, 'utf8')).trim()).toBe(first.key.toString('hex'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the retention job prunes the configured number of days, nightly', async () => {
    const asked: number[] = [];
    const job = prunePartnerMessagesJob({ pruneMessages: async (d) => (asked.push(d), 3) }, 90);
    expect(cron.validate(job.schedule)).toBe(true);
    expect(await job.run()).toBe(3);
    expect(asked).toEqual([90]);
  });
});
