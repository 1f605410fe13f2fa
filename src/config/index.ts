import { hostname } from 'node:os';
import {
  type Config,
  type Parser,
  InvalidValue,
  LOG_LEVELS,
  bool,
  int,
  oneOf,
  roles,
  secret,
  text,
  url,
} from './schema.js';

export type { Config, Role, LogLevel } from './schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigArgs {
  /** --role from the command line wins over ROLE. */
  role?: string | undefined;
  seed?: boolean | undefined;
}

/** Parse and validate the environment once; every invalid variable is listed in one error. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, args: ConfigArgs = {}): Config {
  const problems: string[] = [];
  function read<T>(name: string, parse: Parser<T>, fallback: T, override?: string): T;
  function read<T>(name: string, parse: Parser<T>): T | undefined;
  function read<T>(name: string, parse: Parser<T>, fallback?: T, override?: string): T | undefined {
    const raw = override ?? env[name];
    if (raw === undefined || raw === '') return fallback;
    try {
      return parse(raw);
    } catch (e) {
      if (!(e instanceof InvalidValue)) throw e;
      problems.push(`${name} ${e.message}`);
      return fallback;
    }
  }

  const httpPort = read('PORT', int(0, 65535), 3000);
  const ocppPort = read('OCPP_PORT', int(0, 65535), 9220);
  const tlsPort = read('OCPP_TLS_PORT', int(0, 65535));
  const tlsCert = read('OCPP_TLS_CERT', text);
  const tlsKey = read('OCPP_TLS_KEY', text);
  const clientCa = read('OCPP_TLS_CLIENT_CA', text);
  if ((tlsCert === undefined) !== (tlsKey === undefined)) problems.push('OCPP_TLS_CERT and OCPP_TLS_KEY go together: set both or neither');
  if (tlsPort === undefined && (tlsCert !== undefined || clientCa !== undefined)) problems.push('OCPP_TLS_CERT, OCPP_TLS_KEY and OCPP_TLS_CLIENT_CA need OCPP_TLS_PORT');
  if (tlsPort !== undefined && tlsPort !== 0 && (tlsPort === httpPort || tlsPort === ocppPort)) problems.push(`OCPP_TLS_PORT must differ from PORT and OCPP_PORT (the TLS listener has its own port), got ${tlsPort}`);
  const caCert = read('OCPP_CA_CERT', text);
  const caKey = read('OCPP_CA_KEY', text);
  if ((caCert === undefined) !== (caKey === undefined)) problems.push('OCPP_CA_CERT and OCPP_CA_KEY go together: set both or neither');
  const config: Config = {
    roles: read('ROLE', roles, ['gateway', 'api', 'jobs'], args.role),
    nodeId: read('NODE_ID', text, `${hostname()}-${process.pid}`),
    http: { host: read('HOST', text, '0.0.0.0'), port: httpPort },
    ocpp: {
      port: ocppPort,
      autoRegister: read('OCPP_AUTO_REGISTER', bool, false),
      autoRegisterAccept: read('OCPP_AUTO_REGISTER_ACCEPT', oneOf(['never', 'after-report'] as const), 'never'),
      heartbeatIntervalSec: read('OCPP_HEARTBEAT_INTERVAL', int(10, 86_400), 300),
      maxPayloadBytes: read('OCPP_MAX_PAYLOAD_BYTES', int(1024, 16 * 1024 * 1024), 64 * 1024),
      callTimeoutMs: read('OCPP_CALL_TIMEOUT_MS', int(1000, 600_000), 30_000),
      tls: tlsPort === undefined ? undefined : { port: tlsPort, certFile: tlsCert, keyFile: tlsKey, clientCaFile: clientCa },
    },
    pki: { caCert, caKey, certificateValidityDays: read('OCPP_CERT_VALIDITY_DAYS', int(1, 3650), 365) },
    store: {
      databaseUrl: read('DATABASE_URL', url(['postgres:', 'postgresql:'])),
      dataDir: read('DATA_DIR', text, './data'),
      poolSize: read('DATABASE_POOL_SIZE', int(2, 200), 12),
      writeBatchMax: read('WRITE_BATCH_MAX', int(1, 10_000), 32),
      writeConcurrency: read('WRITE_CONCURRENCY', int(1, 200), 8),
    },
    uploads: { publicUrl: read('PUBLIC_URL', url(['http:', 'https:'])), maxBytes: read('LOG_UPLOAD_MAX_BYTES', int(1024, 512 * 1024 * 1024), 50 * 1024 * 1024) },
    bus: { redisUrl: read('REDIS_URL', url(['redis:', 'rediss:'])), keyPrefix: read('REDIS_PREFIX', text, 'xj:') },
    adminApiKey: read('ADMIN_API_KEY', secret(16)),
    rateLimitPerMinute: read('RATE_LIMIT_PER_MINUTE', int(1, 1_000_000), 1200),
    staleSessionHours: read('STALE_SESSION_HOURS', int(1, 24 * 90), 24),
    fleet: {
      localListSyncSeconds: read('LOCAL_LIST_SYNC_SECONDS', int(1, 60), 30),
      reconcileAfterSeconds: read('RECONCILE_AFTER_SECONDS', int(1, 7 * 86_400), 900),
    },
    logLevel: read('LOG_LEVEL', oneOf(LOG_LEVELS), 'info'),
    seedDemo: args.seed === true || read('SEED_DEMO', bool, false),
    partners: {
      secretsKey: read('PARTNER_SECRETS_KEY', secretsKey),
      messageRetentionDays: read('PARTNER_MESSAGE_RETENTION_DAYS', int(1, 3650), 180),
    },
    tcec: {
      versionSegment: read('TCEC_VERSION_SEGMENT', versionSegment, 'v1'),
      timestampWindowSeconds: read('TCEC_TIMESTAMP_WINDOW_SECONDS', int(10, 86_400), 300),
      tokenSeconds: read('TCEC_TOKEN_SECONDS', int(60, 30 * 86_400), 7200),
      serviceTel: read('TCEC_SERVICE_TEL', text, ''),
    },
    console: consoleConfig(read),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** 32 bytes: 64 hex characters or Base64. */
const secretsKey: Parser<string> = (raw) => {
  const t = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t) || (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t) && Buffer.from(t, 'base64').length === 32)) return t;
  throw new InvalidValue('must be 32 bytes as 64 hex characters or Base64');
};

/** The version segment of /evcs/{segment}/…: v followed by digits. */
const versionSegment: Parser<string> = (raw) => {
  if (/^v\d{1,8}$/.test(raw)) return raw;
  throw new InvalidValue(`must be v followed by digits (v1, v20160701), got "${raw}"`);
};

const DEFAULT_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const DEFAULT_ATTRIBUTION = '© OpenStreetMap contributors';
/** Tile hosts of Chinese map providers, which draw in GCJ-02. */
const GCJ02_TILE_HOSTS = /(autonavi|amap|gaode|qq\.com|tencent|baidu|bdimg)/i;

type Read = { <T>(name: string, parse: Parser<T>, fallback: T): T; <T>(name: string, parse: Parser<T>): T | undefined };

const tileUrl: Parser<string | null> = (raw) => {
  if (raw.trim().toLowerCase() === 'none') return null;
  if (!/^https?:\/\//.test(raw) || !raw.includes('{z}') || !raw.includes('{x}') || !raw.includes('{y}')) {
    throw new InvalidValue('must be an http(s) URL template with {z}, {x} and {y}, or none');
  }
  return raw;
};

function consoleConfig(read: Read): Config['console'] {
  const tiles = read('CONSOLE_TILE_URL', tileUrl, DEFAULT_TILES);
  const coords = read('CONSOLE_TILE_COORDS', oneOf(['auto', 'wgs84', 'gcj02'] as const), 'auto');
  return {
    dir: read('CONSOLE_DIR', text, 'dist/console'),
    tileUrl: tiles,
    tileAttribution: read('CONSOLE_TILE_ATTRIBUTION', text, tiles === DEFAULT_TILES ? DEFAULT_ATTRIBUTION : ''),
    // auto: GCJ-02 for the Chinese providers' tiles, WGS 84 otherwise.
    tileCoords: coords === 'auto' ? (tiles && GCJ02_TILE_HOSTS.test(tiles) ? 'gcj02' : 'wgs84') : coords,
    sessionMinutes: read('CONSOLE_SESSION_MINUTES', int(1, 7 * 24 * 60), 12 * 60),
  };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
