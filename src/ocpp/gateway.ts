import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { RPCServer, createRPCError } from 'ocpp-rpc';
import { PLAIN_CONNECTION, type ConnectionSecurity, type StationPresence } from '../domain/stations/index.js';
import type { CommandRepository } from '../domain/commands/index.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { isAppError } from '../shared/errors.js';
import { CommandRunner, type CallableStation, type LogUploadIssuer, type StationKeyIssuer } from './commands/command-runner.js';
import type { Logger } from '../shared/logger.js';
import { Connections } from './connections.js';
import { SUPPORTED_PROTOCOLS, type GatewayServices, type HandlerTable, type OcppProtocol, type StationCall, type StationContext } from './context.js';
import { applyFrameErrorRules } from './frame-errors.js';
import { KNOWN_ACTIONS } from './known-actions.js';
import { OutboundGate } from './outbound-gate.js';
import { SerialQueue } from './serial-queue.js';
import { SilenceWatch } from './silence-watch.js';
import type { TlsFiles } from './tls-files.js';
import { v16Handlers } from './v16/index.js';
import { v201Handlers } from './v201/index.js';

export interface GatewayMetrics {
  call(action: string, protocol: OcppProtocol, seconds: number, outcome: 'ok' | 'error'): void;
  connections(count: number): void;
  rejectedUpgrade(reason: string): void;
}

export interface GatewayOptions {
  services: GatewayServices;
  /** Remote commands waiting for stations; absent → this gateway sends none. */
  commands?: CommandRepository | undefined;
  clock?: Clock | undefined;
  presence: StationPresence;
  nodeId: string;
  log: Logger;
  maxPayloadBytes: number;
  callTimeoutMs: number;
  /** The interval stations are told in BootNotification; silence for twice as long closes the socket. */
  heartbeatIntervalSec: number;
  metrics?: GatewayMetrics | undefined;
  /** Makes a station's new key when a rotate-password command goes out; absent: such commands fail. */
  keys?: StationKeyIssuer | undefined;
  /** Makes the upload URL of a get-log command when it goes out; absent: such commands fail. */
  uploads?: LogUploadIssuer | undefined;
  /** A station that was on another node connected here: that node must close its old socket. */
  onTakeover?: ((previousNode: string, stationId: string) => Promise<void>) | undefined;
}

const HANDLERS: Record<OcppProtocol, HandlerTable> = { 'ocpp1.6': v16Handlers, 'ocpp2.0.1': v201Handlers };

/** What a Pending station may send besides BootNotification: the report it was asked for (2.0.1 B02). */
const WHILE_PENDING = new Set(['BootNotification', 'NotifyReport']);

type FollowUp = (call: StationCall) => Promise<void>;

const notSupported = async (action: string): Promise<never> => {
  throw createRPCError('NotSupported', `${action} is not supported by this central system`);
};

type ServerClient = {
  identity: string;
  protocol: string;
  call(action: string, payload: unknown, options?: { callTimeoutMs?: number }): Promise<unknown>;
  session: Record<string, unknown>;
  handle(method: string, h: (o: { params?: unknown; messageId: string }) => Promise<unknown>): void;
  close(o?: { code?: number; reason?: string }): Promise<unknown>;
  once(event: 'close', l: () => void): void;
  on(event: string, l: (...a: never[]) => void): void;
  sendRaw(message: string): void;
};

/** What the transport of an upgrade request proves: TLS, and the client certificate it carried. */
function connectionSecurity(req: IncomingMessage): ConnectionSecurity {
  const socket = req.socket as Partial<TLSSocket>;
  if (!socket.encrypted || !socket.getPeerCertificate) return PLAIN_CONNECTION;
  const peer = socket.getPeerCertificate();
  if (!peer || Object.keys(peer).length === 0) return { tls: true };
  const cn = peer.subject?.CN as unknown;
  return { tls: true, clientCertificate: { commonName: typeof cn === 'string' ? cn : undefined, trusted: socket.authorized === true } };
}

/** The OCPP-J gateway: WebSocket upgrade with station authentication, then one handler table per version. */
export class OcppGateway {
  readonly server: RPCServer;
  readonly connections: Connections<ServerClient>;
  readonly #commands: CommandRunner | undefined;
  readonly #silence: SilenceWatch;
  /** Each connection's gate: nothing is sent to a station before it may take it. */
  readonly #gates = new WeakMap<ServerClient, OutboundGate>();
  #httpServers: Server[] = [];
  #tlsFiles: TlsFiles[] = [];
  #timersStarted = false;

  constructor(private readonly o: GatewayOptions) {
    this.server = new RPCServer({
      protocols: [...SUPPORTED_PROTOCOLS],
      strictMode: true,
      callTimeoutMs: o.callTimeoutMs,
      wssOptions: { maxPayload: o.maxPayloadBytes },
    });
    this.connections = new Connections<ServerClient>(o.presence, o.nodeId);
    this.#commands = o.commands
      ? new CommandRunner(o.commands, (id) => this.#sendable(id), o.clock ?? systemClock, o.log.child({ component: 'commands' }), o.callTimeoutMs, o.keys, o.uploads)
      : undefined;
    this.#silence = new SilenceWatch(o.heartbeatIntervalSec * 2_000, (id) => void this.#closeSilent(id));
    this.server.auth((accept, reject, handshake) => void this.#authenticate(accept, reject, handshake));
    this.server.on('client', (client: ServerClient) => void this.#onClient(client));
  }

  async #authenticate(
    accept: (session?: Record<string, unknown>, protocol?: string | false) => void,
    reject: (code: number, message: string) => void,
    handshake: { endpoint: string; identity: string; protocols: Set<string>; password?: Buffer | undefined; request: IncomingMessage },
  ): Promise<void> {
    const refuse = (code: number, message: string, reason: string) => {
      this.o.metrics?.rejectedUpgrade(reason);
      this.o.log.info({ stationId: handshake.identity, reason }, 'OCPP upgrade refused');
      reject(code, message);
    };
    if (handshake.endpoint !== '/ocpp') return refuse(404, 'Not found', 'endpoint');
    const protocol = SUPPORTED_PROTOCOLS.find((p) => handshake.protocols.has(p));
    if (!protocol) return refuse(400, `Supported subprotocols: ${SUPPORTED_PROTOCOLS.join(', ')}`, 'subprotocol');
    try {
      const r = await this.o.services.stations.authenticate(handshake.identity, handshake.password, connectionSecurity(handshake.request));
      if (!r.ok) return refuse(401, 'Unauthorized', r.reason);
      accept({ operatorId: r.operatorId, registrationStatus: r.registrationStatus, place: r.place }, protocol);
    } catch (e) {
      this.o.log.error({ err: e, stationId: handshake.identity }, 'station authentication failed');
      refuse(503, 'Service unavailable', 'store');
    }
  }

  async #onClient(client: ServerClient): Promise<void> {
    const protocol = client.protocol as OcppProtocol;
    const followUps: FollowUp[] = [];
    const ctx: StationContext = {
      afterAnswer: (task) => void followUps.push(task),
      stationId: client.identity,
      operatorId: String(client.session.operatorId),
      protocol,
      place: client.session.place as StationContext['place'],
      registrationStatus: client.session.registrationStatus as StationContext['registrationStatus'],
      log: this.o.log.child({ stationId: client.identity, ocpp: protocol }),
    };
    applyFrameErrorRules(client, protocol);
    // After an accepted boot the station reports its statuses itself (the cold-boot sequence, 2.0.1
    // B01); one that reconnected without booting is asked for them.
    const gate = new OutboundGate(client, (afterBoot) => {
      this.kick(ctx.stationId);
      if (!afterBoot) this.#askForStatuses(client, ctx);
    });
    this.#gates.set(client, gate);
    const queue = new SerialQueue();
    for (const [action, make] of Object.entries(HANDLERS[protocol])) {
      const handler = make(this.o.services);
      client.handle(action, ({ params, messageId }) =>
        queue.run(async () => {
          followUps.length = 0;
          const result = await this.#dispatch(ctx, gate, messageId, action, () => handler(ctx, params));
          this.#followUp(client, ctx, gate, messageId, followUps.splice(0));
          return result;
        }),
      );
    }
    // ocpp-rpc answers NotImplemented ("not known") to anything without a handler; an action of the
    // version's schema set is known, just not handled here: NotSupported (see docs/decisions/0009).
    for (const action of KNOWN_ACTIONS[protocol]) {
      if (HANDLERS[protocol][action]) continue;
      client.handle(action, ({ messageId }) => queue.run(() => this.#dispatch(ctx, gate, messageId, action, () => notSupported(action))));
    }
    this.#silence.heard(ctx.stationId);
    client.once('close', () => {
      void this.connections
        .remove(ctx.stationId, client)
        .then(async (wasCurrent) => {
          this.o.metrics?.connections(this.connections.size);
          if (wasCurrent) this.#silence.forget(ctx.stationId);
          // A socket replaced by a newer one (reconnect) does not make the station offline.
          if (wasCurrent) await this.o.services.stations.disconnected(ctx.stationId, ctx.place);
        })
        .catch((err: unknown) => ctx.log.warn({ err }, 'disconnect bookkeeping failed'));
      ctx.log.debug('station disconnected');
    });
    const previousNode = await this.connections.add(ctx.stationId, client);
    if (previousNode) await this.o.onTakeover?.(previousNode, ctx.stationId).catch((err: unknown) => ctx.log.warn({ err }, 'takeover notice failed'));
    await this.o.services.stations.connected(ctx.stationId, ctx.place);
    // Commands that waited while the station was away go out when its gate opens, not now.
    this.o.metrics?.connections(this.connections.size);
    ctx.log.debug('station connected');
  }

  async #dispatch(ctx: StationContext, gate: OutboundGate, messageId: string, action: string, run: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
    const started = performance.now();
    const isBoot = action === 'BootNotification';
    try {
      // Until accepted, a station may only boot (OCPP 2.0.1 B02/B03; 1.6 4.2.1), or send the report it was asked for.
      if (ctx.registrationStatus !== 'Accepted' && !(WHILE_PENDING.has(action) && (isBoot || ctx.registrationStatus === 'Pending'))) {
        throw createRPCError('SecurityError', `Station is ${ctx.registrationStatus}: send BootNotification first`);
      }
      this.o.services.stations.seen(ctx.stationId);
      this.#silence.heard(ctx.stationId);
      const result = await run();
      this.o.metrics?.call(action, ctx.protocol, (performance.now() - started) / 1000, 'ok');
      if (ctx.registrationStatus === 'Accepted') gate.openAfter(messageId, isBoot);
      else if (isBoot && ctx.registrationStatus === 'Pending') gate.openPendingAfter(messageId, () => this.kick(ctx.stationId));
      return result;
    } catch (e) {
      this.o.metrics?.call(action, ctx.protocol, (performance.now() - started) / 1000, 'error');
      // A station that reconnected without booting was still answered (e.g. NotSupported); a failed boot opens nothing.
      if (!isBoot && ctx.registrationStatus === 'Accepted') gate.openAfter(messageId, false);
      if ((e as { rpcErrorCode?: string }).rpcErrorCode) throw e;
      if (isAppError(e)) throw createRPCError('GenericError', e.message, { code: e.code });
      ctx.log.error({ err: e, action }, 'OCPP handler failed');
      // Never leak internals to the station; it will retry the message.
      throw createRPCError('InternalError', 'Internal error');
    }
  }

  /** CALLs a handler asked for once its answer has left (the report fetched at a Pending boot). */
  #followUp(client: ServerClient, ctx: StationContext, gate: OutboundGate, messageId: string, tasks: FollowUp[]): void {
    if (tasks.length === 0) return;
    const call: StationCall = (action, payload) => client.call(action, payload, { callTimeoutMs: this.o.callTimeoutMs });
    gate.whenAnswered(messageId, () => {
      void (async () => {
        for (const task of tasks) await task(call);
      })().catch((err: unknown) => ctx.log.warn({ err }, 'follow-up after an answer failed'));
    });
  }

  #askForStatuses(client: ServerClient, ctx: StationContext): void {
    client
      .call('TriggerMessage', { requestedMessage: 'StatusNotification' }, { callTimeoutMs: 10_000 })
      .catch((err: unknown) => ctx.log.debug({ err }, 'TriggerMessage StatusNotification not answered'));
  }

  async #closeSilent(stationId: string): Promise<void> {
    const client = this.connections.get(stationId);
    if (!client) return;
    this.o.log.info({ stationId }, 'no message for twice the heartbeat interval: closing the socket');
    // The close handler marks the station offline; it reconnects when it is alive again.
    await client.close({ code: 1001, reason: 'Heartbeat missed' });
  }

  /** Another node says it now holds this station. */
  async evict(stationId: string): Promise<void> {
    if (await this.connections.evictIfTakenOver(stationId)) this.o.metrics?.connections(this.connections.size);
  }

  /** The station has pending commands: send them if its socket is here and may take them. */
  kick(stationId: string): void {
    if (this.#commands && this.#sendable(stationId)) void this.#commands.kick(stationId);
  }

  /** The station's socket, if it is here and its gate is open (for all, or only what a Pending station may take). */
  #sendable(stationId: string): CallableStation | undefined {
    const client = this.connections.get(stationId);
    const gate = client && this.#gates.get(client);
    if (!client || !gate) return undefined;
    if (gate.isOpen) return client;
    return gate.isPendingOpen ? { protocol: client.protocol, pendingOnly: true, call: (a, p, o) => client.call(a, p, o) } : undefined;
  }

  get handleUpgrade(): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
    return this.server.handleUpgrade as unknown as (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  }

  /**
   * The TLS listener (security profiles 2 and 3): asks every station for a client certificate but
   * lets one without a certificate (or with one no trusted CA signed) finish the handshake, so the
   * station's own profile decides at the upgrade, with an HTTP answer it can log, not a TLS alert.
   */
  async listenTls(port: number, host: string, files: TlsFiles): Promise<Server> {
    const https = createTlsServer({ ...(await files.read()), requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2', noDelay: true }, (_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    https.on('upgrade', this.handleUpgrade);
    https.on('tlsClientError', (err: Error) => this.o.log.debug({ err }, 'TLS handshake failed'));
    files.watch((options) => https.setSecureContext(options));
    this.#tlsFiles.push(files);
    await new Promise<void>((resolve, reject) => {
      https.once('error', reject);
      https.listen({ port, host, backlog: 4096 }, () => resolve());
    });
    this.#httpServers.push(https);
    this.#startTimers();
    return https;
  }

  /** Serves upgrades on an existing HTTP server (when OCPP_PORT equals PORT). */
  attach(http: Server): void {
    http.on('upgrade', this.handleUpgrade);
    this.#startTimers();
  }

  /**
   * Its own HTTP server with a deep accept backlog: after an outage thousands of stations connect
   * within a second, and the default backlog (511) would drop their SYNs into retry back-off.
   */
  async listen(port: number, host: string): Promise<Server> {
    const http = createServer({ noDelay: true }, (_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    http.on('upgrade', this.handleUpgrade);
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen({ port, host, backlog: 4096 }, () => resolve());
    });
    this.#httpServers.push(http);
    this.#startTimers();
    return http;
  }

  /** Leases and the silence watch run once, however many listeners serve the gateway. */
  #startTimers(): void {
    if (this.#timersStarted) return;
    this.#timersStarted = true;
    this.connections.start();
    this.#silence.start();
  }

  async close(): Promise<void> {
    this.#silence.stop();
    for (const files of this.#tlsFiles) files.close();
    for (const http of this.#httpServers) http.close();
    await this.connections.closeAll();
    await this.server.close({ code: 1001, reason: 'Server shutting down', awaitPending: true });
  }
}
