import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

describe('loadConfig', () => {
  it('has working defaults for the embedded mode', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ http: { port: 3000 }, ocpp: { port: 9220, autoRegister: false }, store: { dataDir: './data', databaseUrl: undefined }, bus: { redisUrl: undefined } });
    expect(c.roles).toEqual(['gateway', 'api', 'jobs']);
    expect(Object.isFrozen(c.ocpp)).toBe(true);
  });

  it('lists every invalid variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', OCPP_PORT: '70000', DATABASE_URL: 'mysql://x', ADMIN_API_KEY: 'short', LOG_LEVEL: 'loud', ROLE: 'gateway,chef' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'OCPP_PORT', 'DATABASE_URL', 'ADMIN_API_KEY', 'LOG_LEVEL', 'ROLE']) expect(problems).toContain(name);
      expect((e as ConfigError).problems).toHaveLength(6);
    }
  });

  it('--role overrides ROLE', () => {
    expect(loadConfig({ ROLE: 'api' }, { role: 'gateway' }).roles).toEqual(['gateway']);
  });
});
