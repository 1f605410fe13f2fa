/**
 * A simulated charging station speaking OCPP 1.6J or 2.0.1 through one version-neutral API.
 * Version-specific payloads live in v16-messages.ts / v201-messages.ts.
 */
import { advanceEnergy } from './energy.js';
import { newSession } from './session-factory.js';
import { MeterRegisters } from './meter-registers.js';
import { OfflineQueue } from './offline-queue.js';
import type { ReplayOptions, ReplaySummary } from './offline-queue.js';
import { CallRecorder } from './call-recorder.js';
import { createRpcClient, tlsOptions } from './rpc-client.js';
import { StationSecurity, type StationTls } from './security.js';
import type { RpcClient } from './rpc-client.js';
import { v16Messages } from './v16-messages.js';
import { connectorReport, v201Messages } from './v201-messages.js';
import type { VersionMessages } from './version-messages.js';
import { SimDeviceModel, type SimVariable } from './device-model.js';
import { installIncomingHandlers } from './incoming-handlers.js';
import { StationReservations } from './reservations.js';
import { StationChargingProfiles, type Electrical } from './charging-profiles.js';
import { StationFirmware } from './firmware.js';
import { StationLocalList } from './local-list.js';
import type { Rng } from '../random.js';
import type {
  BootResult,
  CallRecord,
  ChargingSession,
  ConnectorSpec,
  ConnectorState,
  PendingCall,
  StationSpec,
  StopReason,
} from './types.js';

export interface SimulatedStationOptions {
  /** OCPP endpoint without the identity, e.g. ws://127.0.0.1:9220/ocpp */
  endpoint: string;
  spec: StationSpec;
  registers?: MeterRegisters;
  /** Simulated seconds per real second for the energy model (default 1). */
  timeScale?: number;
  rng?: Rng;
  reconnect?: boolean;
  callTimeoutMs?: number;
  strictMode?: boolean;
  /** Observer of every call made (for stats and tests). */
  onCall?: (record: CallRecord) => void;
  /** Keep at most this many call records in `log` (default 500). */
  logLimit?: number;
  /** TLS for a wss:// endpoint: the CA it trusts, and a client certificate and key for mutual TLS (profile 3). */
  tls?: StationTls;
  /** Send no HTTP Basic password (security profile 3: the certificate is the credential). */
  noPassword?: boolean;
  /** Report a reservation's expiry: Available, and 2.0.1 ReservationStatusUpdate Expired (default true; some real stations do not). */
  reportReservationExpiry?: boolean;
  /**
   * The station's clock (default the machine's): every timestamp it sends comes from it. A test
   * can set it to charge "yesterday at 16:50" (an offline station replaying its day does that too).
   */
  clock?: () => Date;
}

export interface StartSessionOptions {
  evseId: number;
  connectorId?: number;
  idTag: string;
  /** Send Authorize before starting (default false). */
  authorize?: boolean;
  /** Initial state of charge in percent (default random 15–50). */
  soc?: number;
  /** 2.0.1: the RequestStartTransaction's remoteStartId, reported back in the Started event. */
  remoteStartId?: number;
  /** What the vehicle draws without a limit, in W (default: plausible for the connector). */
  evPowerW?: number;
}

export class StationOfflineError extends Error {
  constructor(id: string, action: string) {
    super(`${id} is offline; ${action} cannot be queued`);
  }
}

/** A call the central system made to a simulated station. */
export interface ReceivedCall {
  readonly action: string;
  readonly payload: unknown;
  readonly params: unknown;
  readonly at: Date;
  answer: unknown;
}

export class SimulatedStation {
  readonly spec: StationSpec;
  readonly registers: MeterRegisters;
  bootResult: BootResult | undefined;
  private readonly messages: VersionMessages;
  private readonly client: RpcClient;
  private readonly recorder: CallRecorder;
  private readonly queue = new OfflineQueue();
  private readonly active = new Map<string, ChargingSession>();
  private readonly rng: Rng;
  private offline = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  /** ReserveNow / CancelReservation state. */
  readonly reservations: StationReservations;
  /** SetChargingProfile / ClearChargingProfile state: it caps each session's power. */
  readonly chargingProfiles = new StationChargingProfiles();
  /** Its key, client certificate and installed roots. */
  readonly security: StationSecurity;
  /**
   * The calls the central system made to it (most recent 500), oldest first: action, payload
   * (also as `params`), when, and the station's answer once it gave one.
   */
  readonly received: ReceivedCall[] = [];
  /** SendLocalList state: the tokens it authorizes while offline. */
  readonly localList = new StationLocalList();
  /** UpdateFirmware state: a status sequence, then a reboot with the new version. */
  readonly firmware: StationFirmware;
  /** Its variables (2.0.1) or configuration keys (1.6). */
  readonly deviceModel: SimDeviceModel;
  /** Resolves when CertificateSigned brings the certificate for the CSR sent last. */
  #certificateWaiters: ((ok: boolean) => void)[] = [];

  constructor(private readonly options: SimulatedStationOptions) {
    this.spec = options.spec;
    this.registers = options.registers ?? MeterRegisters.forStation(options.spec.id);
    this.rng = options.rng ?? Math.random;
    this.messages = this.spec.ocppVersion === '1.6' ? v16Messages : v201Messages;
    this.security = new StationSecurity(this.spec.password, options.tls);
    this.deviceModel = new SimDeviceModel(this.spec);
    this.client = createRpcClient({
      endpoint: options.endpoint,
      identity: this.spec.id,
      password: options.noPassword ? undefined : this.spec.password,
      protocol: this.messages.protocol,
      reconnect: options.reconnect ?? false,
      callTimeoutMs: options.callTimeoutMs ?? 30_000,
      strictMode: options.strictMode ?? true,
      tls: this.security.tls,
    });
    this.recorder = new CallRecorder(this.client, options.logLimit ?? 500, options.onCall);
    this.reservations = new StationReservations(
      {
        freeEvses: () => this.freeEvses(),
        hasEvse: (evseId) => this.spec.evses.some((e) => e.evseId === evseId),
        setEvseState: async (evseId, state) => {
          for (const c of this.spec.evses.find((e) => e.evseId === evseId)?.connectors ?? []) await this.setStatus(evseId, c.connectorId, state);
        },
        reportExpired: async (reservationId) => {
          const call = this.messages.reservationExpired(reservationId);
          if (call) await this.send(call);
        },
      },
      options.reportReservationExpiry ?? true,
    );
    this.firmware = new StationFirmware({
      report: async (status, job) => {
        // 1.6 signed updates report with the security extension's message (and its requestId).
        const action = this.spec.ocppVersion === '1.6' && job.signed ? 'SignedFirmwareStatusNotification' : 'FirmwareStatusNotification';
        const withId = this.spec.ocppVersion === '2.0.1' || job.signed;
        await this.send({ action, build: () => ({ status, ...(withId && job.requestId !== undefined ? { requestId: job.requestId } : {}) }) }).catch(() => undefined);
      },
      reboot: (version) => this.reboot(version),
    });
    installIncomingHandlers(this);
  }

  /** Notes a call from the central system; the returned record takes the answer when there is one. */
  recordReceived(action: string, payload: unknown): ReceivedCall {
    const call: ReceivedCall = { action, payload, params: payload, at: new Date(), answer: undefined };
    this.received.push(call);
    if (this.received.length > 500) this.received.shift();
    return call;
  }

  /** FirmwareStatusNotification with the last status (TriggerMessage); Idle when no update runs. */
  async reportFirmwareStatus(): Promise<void> {
    const job = this.firmware.current;
    const status = job ? this.firmware.status : 'Idle';
    const withId = this.spec.ocppVersion === '2.0.1' && job?.requestId !== undefined && status !== 'Idle';
    await this.send({ action: 'FirmwareStatusNotification', build: () => ({ status, ...(withId ? { requestId: job.requestId } : {}) }) });
  }

  /**
   * A restart: running sessions end (reason Reboot), the connection closes, and the station comes
   * back and boots (with a new firmware version after an update).
   */
  async reboot(firmwareVersion?: string): Promise<void> {
    for (const s of this.activeSessions) await this.stopSession(s, 'Reboot').catch(() => undefined);
    if (firmwareVersion !== undefined) this.spec.firmwareVersion = firmwareVersion;
    this.stopHeartbeat();
    await this.client.close({ code: 1012, reason: 'reboot', force: true }).catch(() => undefined);
    await this.connect();
    await this.boot();
    await this.reportAllStatuses();
  }

  /**
   * Offline authorization from the local list: a token listed with any status but Accepted is
   * refused; one not listed is let charge (the platform decides when the start is replayed).
   */
  offlineRefusal(idTag: string): string | undefined {
    const status = this.localList.statusOf(idTag);
    return status !== undefined && status !== 'Accepted' ? status : undefined;
  }

  /** Every call made (most recent `logLimit`), with its payload and result or error. */
  get log(): CallRecord[] {
    return this.recorder.log;
  }

  get id(): string {
    return this.spec.id;
  }

  /** The station's own time (see options.clock). */
  now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  /** The raw ocpp-rpc client, for tests that send custom calls or register handlers. */
  get rpc(): RpcClient {
    return this.client;
  }

  get isOffline(): boolean {
    return this.offline;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  get activeSessions(): ChargingSession[] {
    return [...this.active.values()];
  }

  connectorSpec(evseId: number, connectorId = 1): ConnectorSpec {
    const evse = this.spec.evses.find((e) => e.evseId === evseId);
    const connector = evse?.connectors.find((c) => c.connectorId === connectorId);
    if (!connector) throw new Error(`${this.id} has no connector ${evseId}/${connectorId}`);
    return connector;
  }

  /** EVSEs with no session running. */
  freeEvses(): number[] {
    const busy = new Set(this.activeSessions.map((s) => s.evseId));
    return this.spec.evses.map((e) => e.evseId).filter((id) => !busy.has(id));
  }

  async connect(): Promise<void> {
    await this.client.connect();
    this.offline = false;
  }

  async boot(): Promise<BootResult> {
    const result = await this.send(this.messages.boot(this.spec));
    this.bootResult = this.messages.parseBoot(result);
    return this.bootResult;
  }

  /** StatusNotification for the station (1.6 connector 0) and every connector. */
  async reportAllStatuses(state: ConnectorState = 'Available'): Promise<void> {
    const now = this.now();
    const stationCall = this.messages.stationStatus(state, now);
    if (stationCall) await this.send(stationCall);
    for (const evse of this.spec.evses) {
      const busy = this.activeSessions.some((s) => s.evseId === evse.evseId);
      for (const c of evse.connectors) {
        const s: ConnectorState = busy ? 'Charging' : state;
        await this.send(this.messages.connectorStatus(evse.evseId, c.connectorId, s, now));
      }
    }
  }

  async setStatus(evseId: number, connectorId: number, state: ConnectorState): Promise<void> {
    await this.send(this.messages.connectorStatus(evseId, connectorId, state, this.now()));
  }

  /** 2.0.1 only: announce connector types and EVSE power limits with NotifyReport. */
  async notifyConnectors(): Promise<void> {
    if (this.spec.ocppVersion !== '2.0.1') return;
    await this.send(connectorReport(this.spec, this.now()));
  }

  /** 2.0.1: a report (GetBaseReport / GetReport) in NotifyReport parts of `perPart` variables. */
  async sendReport(requestId: number, variables: SimVariable[], perPart = 20): Promise<void> {
    const generatedAt = this.now().toISOString();
    for (let seqNo = 0, i = 0; i < variables.length; seqNo++, i += perPart) {
      const reportData = variables.slice(i, i + perPart).map((v) => SimDeviceModel.reportData(v));
      const payload = { requestId, generatedAt, seqNo, tbc: i + perPart < variables.length, reportData };
      await this.send({ action: 'NotifyReport', build: () => payload });
    }
  }

  async heartbeat(): Promise<string> {
    const result = (await this.send(this.messages.heartbeat())) as { currentTime: string };
    return result.currentTime;
  }

  startHeartbeat(intervalSec: number): void {
    this.stopHeartbeat();
    this.heartbeatTimer = setInterval(() => {
      if (!this.offline) this.heartbeat().catch(() => undefined);
    }, intervalSec * 1000);
    this.heartbeatTimer.unref();
  }

  stopHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  async authorize(uid: string): Promise<string> {
    const result = await this.send(this.messages.authorize(uid));
    return this.messages.parseAuthorize(result);
  }

  /** Plug in and start charging. Works offline too: the start is queued and replayed later. */
  async startSession(opts: StartSessionOptions): Promise<ChargingSession> {
    const connectorId = opts.connectorId ?? 1;
    const connector = this.connectorSpec(opts.evseId, connectorId);
    if (this.activeSessions.some((s) => s.evseId === opts.evseId)) {
      throw new Error(`${this.id} EVSE ${opts.evseId} is busy`);
    }
    const refusal = this.offline ? this.offlineRefusal(opts.idTag) : undefined;
    if (refusal) throw new Error(`${this.id}: ${opts.idTag} is ${refusal} on the local list`);
    const claim = this.reservations.claim(opts.evseId, opts.idTag);
    if (!claim.allowed) throw new Error(`${this.id} EVSE ${opts.evseId} is reserved for another driver`);
    const now = this.now();
    const sessionArgs: Parameters<typeof newSession>[0] = {
      version: this.spec.ocppVersion,
      evseId: opts.evseId,
      connector,
      idTag: opts.idTag,
      registerWh: this.registers.get(opts.evseId, connectorId),
      offline: this.offline,
      rng: this.rng,
      now,
    };
    if (opts.soc !== undefined) sessionArgs.soc = opts.soc;
    if (opts.evPowerW !== undefined) sessionArgs.evPowerW = opts.evPowerW;
    const session = newSession(sessionArgs);
    if (claim.reservationId !== undefined) session.reservationId = claim.reservationId;
    if (opts.remoteStartId !== undefined) session.remoteStartId = opts.remoteStartId;
    const localId = session.localId;
    // Claim the EVSE before any await, so two concurrent starts cannot pick the same one.
    this.active.set(localId, session);
    // From the first moment, within the default profile in force (the transaction has no id yet).
    this.applyLimit(session, now);
    try {
      if (opts.authorize && !this.offline) await this.authorize(opts.idTag);
      if (!this.offline) await this.setStatus(opts.evseId, connectorId, 'Preparing');
    } catch (err) {
      this.active.delete(localId);
      throw err;
    }
    const call = this.messages.start(session, now, this.offline);
    const applyStart = (result: unknown): void => {
      const parsed = this.messages.parseStart(result);
      if (parsed.transactionId !== undefined) session.transactionId = parsed.transactionId;
      if (parsed.authStatus !== undefined) session.authStatus = parsed.authStatus;
      // A default profile already installed limits the new transaction from its start.
      this.applyLimit(session, this.now());
    };
    if (this.offline) {
      this.queue.push({ call, onResult: applyStart });
    } else {
      try {
        applyStart(await this.send(call));
      } catch (err) {
        this.active.delete(localId);
        throw err;
      }
      await this.setStatus(opts.evseId, connectorId, 'Charging');
    }
    return session;
  }

  /** Advance the meter to now and report it (queued while offline). */
  async sendMeterValues(session: ChargingSession): Promise<void> {
    const now = this.advance(session);
    await this.sendOrQueue(this.messages.meter(session, now, this.offline));
  }

  async stopSession(session: ChargingSession, reason: StopReason = 'Local'): Promise<void> {
    const now = this.advance(session);
    session.stoppedAt = now;
    session.stopReason = reason;
    this.active.delete(session.localId);
    if (session.transactionId !== undefined) this.chargingProfiles.transactionEnded(String(session.transactionId));
    await this.sendOrQueue(this.messages.stop(session, reason, now, this.offline));
    if (!this.offline) {
      await this.setStatus(session.evseId, session.connectorId, 'Finishing');
      await this.setStatus(session.evseId, session.connectorId, 'Available');
    }
  }

  /**
   * The station forgets a running transaction without a word (a crash that lost its memory): it
   * sends nothing more about it and answers GetTransactionStatus as if it never ran.
   */
  loseSession(session: ChargingSession): void {
    this.active.delete(session.localId);
  }

  /** Drop the connection; until reconnect() transaction messages are queued. */
  async goOffline(): Promise<void> {
    this.offline = true;
    this.stopHeartbeat();
    await this.client.close({ code: 1001, reason: 'simulated outage', force: true });
  }

  /** Reconnect, optionally boot and report statuses, then replay the offline queue. */
  async reconnect(opts: ReplayOptions & { boot?: boolean; statuses?: boolean } = {}): Promise<ReplaySummary> {
    await this.connect();
    if (opts.boot ?? true) await this.boot();
    if (opts.statuses ?? true) await this.reportAllStatuses();
    return this.replayQueue(opts);
  }

  async replayQueue(opts: ReplayOptions = {}): Promise<ReplaySummary> {
    const replayOptions: ReplayOptions = { rng: opts.rng ?? this.rng };
    if (opts.duplicateFraction !== undefined) replayOptions.duplicateFraction = opts.duplicateFraction;
    if (opts.duplicateAll !== undefined) replayOptions.duplicateAll = opts.duplicateAll;
    return this.queue.replay(async (call, duplicate) => {
      try {
        return { ok: true, result: await this.send(call, { duplicate, replayed: true }) };
      } catch {
        return { ok: false };
      }
    }, replayOptions);
  }

  /** Any call, recorded like the others. Rejects with the RPC error on CALLERROR. */
  async call(action: string, payload: Record<string, unknown>): Promise<unknown> {
    return this.send({ action, build: () => payload });
  }

  /** A new HTTP Basic key from the central system: used from the next connection on. */
  setKey(key: string | Buffer): void {
    this.security.key = key;
    if (!this.options.noPassword) this.client.reconfigure({ password: key } as Parameters<RpcClient['reconfigure']>[0]);
  }

  /** The certificate and key (and CA) the next connection presents. */
  useTls(tls: StationTls): void {
    this.security.tls = { ...this.security.tls, ...tls };
    this.client.reconfigure({ wsOpts: tlsOptions(this.security.tls) } as Parameters<RpcClient['reconfigure']>[0]);
  }

  /** Connect without the HTTP Basic password from now on (it moved to security profile 3). */
  dropPassword(): void {
    this.client.reconfigure({ password: null } as unknown as Parameters<RpcClient['reconfigure']>[0]);
  }

  /**
   * SignCertificate with a new key pair; resolves true once CertificateSigned brought a certificate
   * for it (used from the next connection on), false when the central system rejected the CSR.
   */
  async requestCertificate(timeoutMs = 30_000): Promise<boolean> {
    const csr = await this.security.newCsr(this.spec.id, this.spec.vendor);
    const signed = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#certificateWaiters.push((ok) => {
        clearTimeout(timer);
        resolve(ok);
      });
    });
    const payload = this.spec.ocppVersion === '1.6' ? { csr } : { csr, certificateType: 'ChargingStationCertificate' };
    const answer = (await this.send({ action: 'SignCertificate', build: () => payload })) as { status?: string };
    if (answer.status !== 'Accepted') {
      this.#certificateWaiters = [];
      return false;
    }
    return signed;
  }

  /** CertificateSigned arrived: Accepted when it is for the pending CSR. */
  async certificateSigned(chainPem: string): Promise<'Accepted' | 'Rejected'> {
    const ok = await this.security.acceptChain(chainPem);
    if (ok) this.useTls({ cert: this.security.tls.cert, key: this.security.tls.key });
    for (const w of this.#certificateWaiters.splice(0)) w(ok);
    return ok ? 'Accepted' : 'Rejected';
  }

  async close(): Promise<void> {
    this.stopHeartbeat();
    await this.client.close({ code: 1000, force: true }).catch(() => undefined);
  }

  private advance(session: ChargingSession): Date {
    const now = this.now();
    const next = advanceEnergy(session, now.getTime() - session.lastMeterAt.getTime(), this.options.timeScale ?? 1);
    session.meterWh = next.meterWh;
    session.soc = next.soc;
    session.lastMeterAt = now;
    this.registers.set(session.evseId, session.connectorId, session.meterWh);
    // A schedule may have moved to its next period.
    this.applyLimit(session, now);
    return now;
  }

  /** How an EVSE turns amperes into watts: AC up to 7.4 kW on one phase, larger AC on three. */
  electrical(evseId: number): Electrical {
    const c = this.spec.evses.find((e) => e.evseId === evseId)?.connectors[0];
    const ac = c !== undefined && (c.standard === 'GBT_AC' || c.standard === 'TYPE2');
    return { ac, phases: c !== undefined && c.maxPowerKw <= 7.4 ? 1 : 3 };
  }

  /** The limit the charging profiles put on an EVSE now (W; Infinity: none). */
  limitW(evseId: number, now: Date = this.now()): number {
    const s = this.activeSessions.find((x) => x.evseId === evseId);
    const tx = s?.transactionId !== undefined ? { id: String(s.transactionId), startedAt: s.startedAt } : undefined;
    return this.chargingProfiles.limitW(evseId, tx, now, this.electrical(evseId));
  }

  /** The session draws what the vehicle wants, within the limit in force. */
  private applyLimit(session: ChargingSession, now: Date): void {
    session.powerW = Math.max(0, Math.floor(Math.min(session.evPowerW, this.limitW(session.evseId, now))));
  }

  /** Profiles changed: the energy so far at the old power, the new limits from now on. */
  profilesChanged(): void {
    for (const s of this.activeSessions) this.advance(s);
  }

  private async sendOrQueue(call: PendingCall): Promise<void> {
    if (this.offline) this.queue.push({ call });
    else await this.send(call);
  }

  private async send(call: PendingCall, flags: { duplicate?: boolean; replayed?: boolean } = {}): Promise<unknown> {
    if (this.offline) throw new StationOfflineError(this.id, call.action);
    return this.recorder.send(call, flags);
  }
}
