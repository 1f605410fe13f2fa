import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { REDIS_URL, redisPrefix } from '../../helpers/services.js';

const LIMIT = 30;

describe('rate limits are per key across API nodes (PostgreSQL + Redis)', () => {
  let a: TestPlatform;
  let b: TestPlatform;
  beforeAll(async () => {
    const env = { REDIS_PREFIX: redisPrefix('rate-nodes'), RATE_LIMIT_PER_MINUTE: String(LIMIT) };
    a = await startTestPlatform({ postgres: true, redisUrl: REDIS_URL, env: { ...env, NODE_ID: 'rate-a' } });
    b = await startTestPlatform({ databaseUrl: a.databaseUrl!, redisUrl: REDIS_URL, env: { ...env, ROLE: 'api', NODE_ID: 'rate-b' } });
    expect((await a.api('/v1/operators', { body: { id: 'OP-RL', name: 'Busy CPO', roles: ['CPO'] } })).status).toBe(201);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('a key spread over two nodes gets its limit once, not once per node; other keys are unaffected', async () => {
    const key = (await a.api('/v1/api-keys', { body: { operatorId: 'OP-RL', name: 'app' } })).body.key as string;
    const other = (await a.api('/v1/api-keys', { body: { operatorId: 'OP-RL', name: 'other app' } })).body.key as string;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 4; i++) statuses.push((await (i % 2 === 0 ? a : b).api('/v1/locations?limit=1', { key })).status);
    expect(statuses.slice(0, LIMIT).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(LIMIT)).toEqual([429, 429, 429, 429]);
    const refused = await b.api('/v1/locations?limit=1', { key });
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await b.api('/v1/locations?limit=1', { key: other })).status).toBe(200);
    expect((await a.api('/v1/locations?limit=1')).status).toBe(200); // the admin key is not limited
  });
});
