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

  it('TLS listener and station CA: off by default; variables that go together are checked together', () => {
    expect(loadConfig({}).ocpp.tls).toBeUndefined();
    expect(loadConfig({}).pki).toEqual({ caCert: undefined, caKey: undefined, certificateValidityDays: 365 });
    expect(loadConfig({ OCPP_TLS_PORT: '9221', OCPP_TLS_CERT: '/c.pem', OCPP_TLS_KEY: '/k.pem' }).ocpp.tls).toEqual({ port: 9221, certFile: '/c.pem', keyFile: '/k.pem', clientCaFile: undefined });
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    expect(problems({ OCPP_TLS_PORT: '9221', OCPP_TLS_CERT: '/c.pem' })).toEqual([expect.stringContaining('OCPP_TLS_CERT and OCPP_TLS_KEY go together')]);
    expect(problems({ OCPP_TLS_CERT: '/c.pem', OCPP_TLS_KEY: '/k.pem' })).toEqual([expect.stringContaining('need OCPP_TLS_PORT')]);
    expect(problems({ OCPP_TLS_PORT: '9220' })).toEqual([expect.stringContaining('must differ')]);
    expect(problems({ OCPP_CA_KEY: '/ca.key' })).toEqual([expect.stringContaining('OCPP_CA_CERT and OCPP_CA_KEY go together')]);
  });

  it('--role overrides ROLE', () => {
    expect(loadConfig({ ROLE: 'api' }, { role: 'gateway' }).roles).toEqual(['gateway']);
  });

  it('console map settings: OpenStreetMap by default, none for no tiles, GCJ-02 for Chinese tile hosts, bad templates refused', () => {
    expect(loadConfig({}).console).toEqual({
      dir: 'dist/console',
      tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      tileAttribution: '© OpenStreetMap contributors',
      tileCoords: 'wgs84',
      sessionMinutes: 720,
    });
    expect(loadConfig({ CONSOLE_TILE_URL: 'none' }).console).toMatchObject({ tileUrl: null, tileCoords: 'wgs84', tileAttribution: '' });
    expect(loadConfig({ CONSOLE_TILE_URL: 'https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}' }).console.tileCoords).toBe('gcj02');
    expect(loadConfig({ CONSOLE_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png', CONSOLE_TILE_COORDS: 'gcj02' }).console.tileCoords).toBe('gcj02');
    try {
      loadConfig({ CONSOLE_TILE_URL: 'ftp://tiles/{z}/{x}/{y}', CONSOLE_TILE_COORDS: 'bd09', CONSOLE_SESSION_MINUTES: '0' });
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).problems.map((p) => p.split(' ')[0])).toEqual(['CONSOLE_TILE_URL', 'CONSOLE_TILE_COORDS', 'CONSOLE_SESSION_MINUTES']);
    }
  });

  it('device management: auto-registered stations wait for the admin by default; upload URL and size checked', () => {
    expect(loadConfig({})).toMatchObject({ ocpp: { autoRegisterAccept: 'never' }, uploads: { publicUrl: undefined, maxBytes: 50 * 1024 * 1024 } });
    expect(loadConfig({ OCPP_AUTO_REGISTER_ACCEPT: 'after-report', PUBLIC_URL: 'https://cs.example:8443', LOG_UPLOAD_MAX_BYTES: '1048576' })).toMatchObject({
      ocpp: { autoRegisterAccept: 'after-report' },
      uploads: { publicUrl: 'https://cs.example:8443', maxBytes: 1_048_576 },
    });
    try {
      loadConfig({ OCPP_AUTO_REGISTER_ACCEPT: 'always', PUBLIC_URL: 'ftp://cs.example', LOG_UPLOAD_MAX_BYTES: '10' });
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).problems.map((p) => p.split(' ')[0])).toEqual(['OCPP_AUTO_REGISTER_ACCEPT', 'PUBLIC_URL', 'LOG_UPLOAD_MAX_BYTES']);
    }
  });
});
