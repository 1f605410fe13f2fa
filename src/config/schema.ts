/**
 * Environment variables the platform reads, with their parsers and defaults. Only src/config reads
 * process.env; everything else receives the frozen Config built by loadConfig().
 */
export type Role = 'gateway' | 'api' | 'jobs';
export const ALL_ROLES: readonly Role[] = ['gateway', 'api', 'jobs'];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly roles: readonly Role[];
  readonly nodeId: string;
  readonly http: { readonly host: string; readonly port: number };
  readonly ocpp: {
    readonly port: number;
    readonly autoRegister: boolean;
    /** Auto-registered stations: Pending until the admin accepts them (never), or accepted once their report is in (after-report). */
    readonly autoRegisterAccept: 'never' | 'after-report';
    readonly heartbeatIntervalSec: number;
    readonly maxPayloadBytes: number;
    readonly callTimeoutMs: number;
    /** The TLS listener (security profiles 2 and 3); undefined: plain WebSocket only. */
    readonly tls: OcppTlsConfig | undefined;
  };
  /** The CA that signs stations' certificates (SignCertificate) and that the TLS listener trusts for them. */
  readonly pki: {
    /** PEM text or a file path; both unset: a CA generated once into DATA_DIR/ca. */
    readonly caCert: string | undefined;
    readonly caKey: string | undefined;
    readonly certificateValidityDays: number;
  };
  readonly store: {
    readonly databaseUrl: string | undefined;
    readonly dataDir: string;
    /** PostgreSQL connections of this process. */
    readonly poolSize: number;
    /** Group commit: most messages in one transaction, and transactions in flight at once. */
    readonly writeBatchMax: number;
    readonly writeConcurrency: number;
  };
  /** Log files stations upload (get-log): the platform's URL as stations reach it (absent: http://localhost:PORT) and the largest file taken. */
  readonly uploads: { readonly publicUrl: string | undefined; readonly maxBytes: number };
  /** keyPrefix: every Redis key and channel starts with it (several platforms may share one Redis). */
  readonly bus: { readonly redisUrl: string | undefined; readonly keyPrefix: string };
  /** undefined → main.ts generates one and writes it to DATA_DIR/admin-api-key. */
  readonly adminApiKey: string | undefined;
  readonly rateLimitPerMinute: number;
  /** A running session with no event or reading for this long is closed by the sweep (its CDR follows). */
  readonly staleSessionHours: number;
  /** Fleet operations (docs/decisions/0017). */
  readonly fleet: {
    /** How often managed local lists are brought up to date (a blocked token reaches them within this). */
    readonly localListSyncSeconds: number;
    /** A running session with no news for this long is asked about (GetTransactionStatus / TriggerMessage). */
    readonly reconcileAfterSeconds: number;
  };
  readonly logLevel: LogLevel;
  readonly seedDemo: boolean;
  /** Roaming partners (all protocols). */
  readonly partners: {
    /** 32 bytes (64 hex or Base64) sealing partners' secrets at rest; unset: generated once into DATA_DIR/partner-secrets-key. */
    readonly secretsKey: string | undefined;
    /** The message audit trail is kept this many days. */
    readonly messageRetentionDays: number;
  };
  /** T/CEC 102 interconnection. */
  readonly tcec: {
    /** Our inbound endpoints are POST /evcs/{versionSegment}/{interface}, e.g. v1 or v20160701. */
    readonly versionSegment: string;
    /** A request whose TimeStamp is further than this from our clock is refused (4003). */
    readonly timestampWindowSeconds: number;
    /** Lifetime of the access tokens query_token issues (TokenAvailableTime). */
    readonly tokenSeconds: number;
    /** ServiceTel in the StationInfos we give partners (the platform's service hotline). */
    readonly serviceTel: string;
  };
  readonly console: {
    /** The built console (npm start builds it there). */
    readonly dir: string;
    /** Map tiles: a Leaflet URL template, or null for none (markers on the cities' outlines). */
    readonly tileUrl: string | null;
    readonly tileAttribution: string;
    readonly tileCoords: 'wgs84' | 'gcj02';
    readonly sessionMinutes: number;
  };
}

export interface OcppTlsConfig {
  readonly port: number;
  /** Server certificate chain and key (PEM files, re-read when they change); unset: generated from the platform CA. */
  readonly certFile: string | undefined;
  readonly keyFile: string | undefined;
  /** More CAs (PEM file) trusted for station client certificates, besides the platform CA. */
  readonly clientCaFile: string | undefined;
}

export type Parser<T> = (raw: string) => T;

export class InvalidValue extends Error {}

export const int =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new InvalidValue(`must be an integer, got "${raw}"`);
    const n = Number(raw);
    if (n < min || n > max) throw new InvalidValue(`must be between ${min} and ${max}, got ${n}`);
    return n;
  };

export const bool: Parser<boolean> = (raw) => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  throw new InvalidValue(`must be true or false, got "${raw}"`);
};

export const oneOf =
  <T extends string>(values: readonly T[]): Parser<T> =>
  (raw) => {
    if ((values as readonly string[]).includes(raw)) return raw as T;
    throw new InvalidValue(`must be one of ${values.join(', ')}, got "${raw}"`);
  };

export const url =
  (protocols: readonly string[]): Parser<string> =>
  (raw) => {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new InvalidValue('must be a URL');
    }
    if (!protocols.includes(u.protocol)) {
      throw new InvalidValue(`must use ${protocols.join(' or ')}, got ${u.protocol}`);
    }
    return raw;
  };

export const secret =
  (minLength: number): Parser<string> =>
  (raw) => {
    if (raw.length < minLength) throw new InvalidValue(`must be at least ${minLength} characters`);
    return raw;
  };

export const roles: Parser<Role[]> = (raw) => {
  if (raw === 'all') return [...ALL_ROLES];
  const parts = raw.split(',').map((s) => s.trim());
  const bad = parts.filter((p) => !(ALL_ROLES as readonly string[]).includes(p));
  if (bad.length > 0) throw new InvalidValue(`unknown role(s) ${bad.join(', ')}; use all or ${ALL_ROLES.join(', ')}`);
  return parts as Role[];
};

export const text: Parser<string> = (raw) => {
  if (raw.trim() === '') throw new InvalidValue('must not be empty');
  return raw;
};
