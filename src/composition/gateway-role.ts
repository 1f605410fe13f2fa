import type { Server } from 'node:http';
import { MemoryCommandDispatcher } from '../adapters/memory/command-dispatch.js';
import { RedisCommandDispatcher } from '../adapters/redis/command-dispatch.js';
import type { Config } from '../config/index.js';
import { ensureServerCertificate } from '../adapters/pki/ca-files.js';
import type { X509CertificateAuthority } from '../adapters/pki/x509-authority.js';
import { OcppGateway } from '../ocpp/gateway.js';
import { TlsFiles } from '../ocpp/tls-files.js';
import type { Logger } from '../shared/logger.js';
import type { Bus } from './bus.js';
import type { Closers } from './closers.js';
import type { PlatformMetrics } from './metrics.js';
import type { Services } from './services.js';

/**
 * The OCPP gateway: plain WebSocket on its own port, or upgrades on the API's server when the ports
 * are equal; with OCPP_TLS_PORT also a TLS listener (security profiles 2 and 3, docs/decisions/0012).
 */
export async function startGatewayRole(
  config: Config,
  bus: Bus,
  s: Services,
  ca: X509CertificateAuthority,
  metrics: PlatformMetrics,
  log: Logger,
  closers: Closers,
  httpServer?: Server,
): Promise<{ port: number; tlsPort: number | undefined }> {
  const redisDispatch = bus.dispatch instanceof RedisCommandDispatcher ? bus.dispatch : undefined;
  const gateway = new OcppGateway({
    services: { stations: s.stations, sessions: s.sessions, reservations: s.reservations, certificates: s.certificates, chargingLimits: s.smartCharging, deviceModel: s.deviceModel, stationLogs: s.stationLogs },
    keys: s.stations,
    uploads: s.stationLogs,
    commands: s.commandRepo,
    presence: bus.presence,
    nodeId: config.nodeId,
    log: log.child({ component: 'ocpp' }),
    maxPayloadBytes: config.ocpp.maxPayloadBytes,
    callTimeoutMs: config.ocpp.callTimeoutMs,
    heartbeatIntervalSec: config.ocpp.heartbeatIntervalSec,
    metrics: metrics.gateway,
    onTakeover: redisDispatch ? (node, stationId) => redisDispatch.takeover(node, stationId) : undefined,
  });
  let port: number;
  if (httpServer && config.ocpp.port === config.http.port) {
    gateway.attach(httpServer);
    port = (httpServer.address() as { port: number }).port;
  } else {
    const server = await gateway.listen(config.ocpp.port, config.http.host);
    port = (server.address() as { port: number }).port;
  }
  let tlsPort: number | undefined;
  const tls = config.ocpp.tls;
  if (tls) {
    // No certificate configured: one from the platform CA (demos, tests), watched like a configured one.
    const files = tls.certFile && tls.keyFile ? { certFile: tls.certFile, keyFile: tls.keyFile } : await ensureServerCertificate(ca, config.store.dataDir, new Date());
    const source = { ...files, clientCaFile: tls.clientCaFile, trustedCas: [ca.certificatePem] };
    const server = await gateway.listenTls(tls.port, config.http.host, new TlsFiles(source, log.child({ component: 'ocpp-tls' })));
    tlsPort = (server.address() as { port: number }).port;
  }
  // Commands submitted on any node reach the station wherever its socket is.
  if (redisDispatch) await redisDispatch.listen(config.nodeId, { commands: (id) => gateway.kick(id), evict: (id) => void gateway.evict(id) });
  else if (bus.dispatch instanceof MemoryCommandDispatcher) bus.dispatch.listen((stationId) => gateway.kick(stationId));
  // Sockets close first, so no station message arrives while the store shuts down.
  closers.add(() => gateway.close());
  log.info({ port, tlsPort, path: '/ocpp/{stationIdentity}' }, 'OCPP gateway listening');
  return { port, tlsPort };
}
