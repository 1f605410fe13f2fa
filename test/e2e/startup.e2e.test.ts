import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('start-up configuration', () => {
  it('an invalid environment stops the program with exit code 2 and lists every problem', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'abc', DATABASE_URL: 'mysql://x/y', LOG_LEVEL: 'chatty', ADMIN_API_KEY: 'short' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'ADMIN_API_KEY']) expect(r.stderr).toContain(name);
  });
});
