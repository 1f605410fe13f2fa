/** Thin typed factory around ocpp-rpc's RPCClient (its .d.ts demands every option). */
import { RPCClient } from 'ocpp-rpc';

export type RpcClient = InstanceType<typeof RPCClient>;

export interface RpcClientOptions {
  /** e.g. ws://127.0.0.1:9220/ocpp (the identity is appended by ocpp-rpc). */
  endpoint: string;
  identity: string;
  /** HTTP Basic password: text, or bytes (a 1.6 AuthorizationKey); absent: no Authorization header (profile 3). */
  password: string | Buffer | undefined;
  protocol: 'ocpp1.6' | 'ocpp2.0.1';
  reconnect?: boolean;
  callTimeoutMs?: number;
  strictMode?: boolean;
  /** TLS (wss://): the CA trusted for the central system, and the client certificate and key (mutual TLS). */
  tls?: { ca?: string | undefined; cert?: string | undefined; key?: string | undefined } | undefined;
}

/** ws options for a TLS connection (only what is set). */
export function tlsOptions(tls: RpcClientOptions['tls']): Record<string, string> {
  return Object.fromEntries(Object.entries(tls ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

export function createRpcClient(options: RpcClientOptions): RpcClient {
  const full = {
    endpoint: options.endpoint,
    identity: options.identity,
    password: options.password ?? null,
    wsOpts: tlsOptions(options.tls),
    protocols: [options.protocol],
    strictMode: options.strictMode ?? true,
    reconnect: options.reconnect ?? false,
    callTimeoutMs: options.callTimeoutMs ?? 30_000,
    // Keep-alive pings are pointless for short simulations and cost CPU in large fleets.
    pingIntervalMs: 60_000,
    backoff: { initialDelay: 1_000, maxDelay: 30_000, factor: 2, randomisationFactor: 0.25 },
  };
  return new RPCClient(full as unknown as ConstructorParameters<typeof RPCClient>[0]);
}

/** The OCPP error code of a rejected call (CALLERROR), or 'ClientError' for local failures. */
export function rpcErrorOf(err: unknown): { code: string; message: string } {
  const e = err as { rpcErrorCode?: unknown; message?: unknown };
  const code = typeof e?.rpcErrorCode === 'string' ? e.rpcErrorCode : 'ClientError';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return { code, message };
}
