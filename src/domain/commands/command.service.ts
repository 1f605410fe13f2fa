import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { newId, newReservationId } from '../../shared/ids.js';
import { localListProblem } from '../local-lists/local-list-diff.js';
import { idTokenType } from '../authorization/index.js';
import { pemCertificateProblem } from '../certificates/pem-certificate.js';
import { PLATFORM_COMMAND_KINDS, type Command, type CommandKind, type CommandParams } from './command.model.js';
import type { CommandDispatcher, CommandRepository } from './command.ports.js';
import { mayControl, mayRoam, type Principal } from '../access/index.js';
import type { AgreementLookup } from '../agreements/agreement.ports.js';
import { chargingProfileProblem } from '../smart-charging/charging-profile.js';

/** Commands for which evseId 0 names the whole station (or its grid connection). */
const STATION_WIDE_KINDS: readonly CommandKind[] = ['set-charging-profile', 'clear-charging-profile', 'get-composite-schedule'];

/** Variables that hold the station's HTTP Basic key (2.0.1 SecurityCtrlr.BasicAuthPassword, 1.6 AuthorizationKey). */
const STATION_KEY_VARIABLES: readonly string[] = ['BasicAuthPassword', 'AuthorizationKey'];

/** What the platform knows of a station, to check a command before it is queued. */
export interface CommandTargets {
  station(stationId: string): Promise<{ operatorId: string; city: string | null; evses: ReadonlyMap<number, readonly number[]> } | null>;
  /** The station and transactionId of a session that is still running. */
  activeSession(sessionId: string): Promise<{ stationId: string; transactionId: string; idToken: string | null; evseNo?: number | null } | null>;
  /** What the station reported as its 2.0.1 DeviceDataCtrlr.ItemsPerMessage[instance] (null: nothing). */
  itemsPerMessage?(stationId: string, instance: string): Promise<number | null>;
  /** An id token as registered: its operator, type and group. */
  token(uid: string): Promise<{ operatorId: string; type: string; groupId: string | null } | null>;
}

export interface SubmitCommand {
  readonly stationId: string;
  readonly kind: CommandKind;
  readonly params: CommandParams;
  /** Who asks: checked against mayControl before anything is stored. */
  readonly principal: Principal;
  /** How long the command may wait for an offline station (default 5 minutes). */
  readonly expiresAt?: Date | undefined;
}

const DEFAULT_TTL_MS = 5 * 60_000;

/**
 * Remote control: checks a command against what the station has, stores it (durably: it waits for
 * an offline station), and has it routed to the node holding the station's socket.
 */
export class CommandService {
  constructor(
    private readonly repo: CommandRepository,
    private readonly targets: CommandTargets,
    private readonly dispatcher: CommandDispatcher,
    private readonly clock: Clock,
    private readonly agreements: AgreementLookup,
  ) {}

  async submit(input: SubmitCommand): Promise<Command> {
    if (PLATFORM_COMMAND_KINDS.includes(input.kind)) throw new AppError('FORBIDDEN', `${input.kind} is sent by the platform only`);
    const station = await this.targets.station(input.stationId);
    const p = input.principal;
    // Another operator's station is not even acknowledged to a key that may not control it.
    if (!station || (p.kind === 'operator' && !p.roles.includes('EMSP') && p.operatorId !== station.operatorId)) {
      throw new AppError('STATION_NOT_FOUND', `station ${input.stationId} not found`, { field: 'stationId' });
    }
    const params = await this.#checked(input, station.evses);
    const tokenUid = input.kind === 'stop' ? params.stopTokenUid : params.idToken;
    const token = tokenUid ? await this.targets.token(tokenUid) : null;
    const tokenOperatorId = token?.operatorId ?? null;
    const now = this.clock.now();
    const roaming = tokenOperatorId ? mayRoam(tokenOperatorId, station.operatorId, station.city, now, await this.agreements.between(tokenOperatorId, station.operatorId)) : null;
    if (!mayControl(p, { kind: input.kind, stationOperatorId: station.operatorId, tokenOperatorId, roaming })) {
      throw new AppError('FORBIDDEN', `this key may not send ${input.kind} to station ${input.stationId}`);
    }
    const requestedBy = p.kind === 'admin' ? 'admin' : p.operatorId;
    const expiresAt = input.expiresAt ?? new Date(now.getTime() + DEFAULT_TTL_MS);
    if (expiresAt <= now) throw new AppError('VALIDATION_FAILED', 'expiresAt is in the past', { field: 'expiresAt' });
    const { stopTokenUid: _, ...checked } = params;
    // The command is built when it is sent, maybe minutes later on another node: what it needs of the token goes with it.
    const stored: CommandParams =
      input.kind === 'start' || input.kind === 'reserve' || (input.kind === 'customer-information' && checked.idToken !== undefined)
        ? { ...checked, idTokenType: token ? idTokenType(token.type) : 'Central', groupId: token?.groupId ?? undefined }
        : checked;
    const command = await this.repo.create({ id: newId(), stationId: input.stationId, kind: input.kind, params: stored, requestedBy, expiresAt });
    await this.dispatcher.notify(input.stationId);
    return command;
  }

  /**
   * A command the platform itself sends (a certificate its CA issued): no principal, a given id so
   * a retried caller queues it once, and a day to wait for an offline station.
   */
  async sendFromPlatform(c: { id: string; stationId: string; kind: CommandKind; params: CommandParams; ttlMs?: number }): Promise<void> {
    if (await this.repo.get(c.id)) return;
    const expiresAt = new Date(this.clock.now().getTime() + (c.ttlMs ?? 24 * 3_600_000));
    await this.repo.create({ id: c.id, stationId: c.stationId, kind: c.kind, params: c.params, requestedBy: 'platform', expiresAt });
    await this.dispatcher.notify(c.stationId);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.repo.get(id)) !== null;
  }

  /** Marks every command past its expiry timed-out; returns how many. */
  expireDue(): Promise<number> {
    return this.repo.expire(this.clock.now());
  }

  /** A command is visible to the admin and to the operator that sent it. */
  async get(id: string, principal: Principal): Promise<Command> {
    let c = await this.repo.get(id);
    // Expiry is applied when someone looks (a write only when one is due).
    if (c && (c.status === 'pending' || c.status === 'sent') && c.expiresAt <= this.clock.now()) {
      await this.repo.expire(this.clock.now());
      c = await this.repo.get(id);
    }
    if (!c || (principal.kind === 'operator' && c.requestedBy !== principal.operatorId)) throw new AppError('COMMAND_NOT_FOUND', `command ${id} not found`);
    return c;
  }

  async #checked(input: SubmitCommand, evses: ReadonlyMap<number, readonly number[]>): Promise<CommandParams & { stopTokenUid?: string | undefined }> {
    const p = input.params;
    const need = (field: keyof CommandParams) => {
      if (p[field] === undefined) throw new AppError('VALIDATION_FAILED', `${input.kind} needs ${field}`, { field });
    };
    // An operator may unlock a connector whose status has not arrived yet (a 1.6 station may not report every
    // connector before trouble): any connector in the OCPP range goes out, and the station answers for it.
    const reportedOnly = input.kind !== 'unlock';
    if (!reportedOnly && ((p.evseId !== undefined && p.evseId < 1) || (p.connectorId !== undefined && p.connectorId < 1))) {
      throw new AppError('VALIDATION_FAILED', 'unlock needs an evseId (and connectorId) of 1 or more', { field: p.evseId !== undefined && p.evseId < 1 ? 'evseId' : 'connectorId' });
    }
    if (reportedOnly && p.evseId !== undefined && !evses.has(p.evseId) && !(p.evseId === 0 && STATION_WIDE_KINDS.includes(input.kind))) {
      throw new AppError('CONNECTOR_NOT_FOUND', `station ${input.stationId} has no EVSE ${p.evseId}`, { field: 'evseId' });
    }
    if (reportedOnly && p.connectorId !== undefined && (p.evseId === undefined || !evses.get(p.evseId)?.includes(p.connectorId))) {
      throw new AppError('CONNECTOR_NOT_FOUND', `station ${input.stationId} has no connector ${p.evseId ?? '?'}/${p.connectorId}`, { field: 'connectorId' });
    }
    switch (input.kind) {
      case 'start': {
        need('idToken');
        const cp = p.chargingProfile;
        if (cp === undefined) return p;
        // The profile goes with RemoteStartTransaction / RequestStartTransaction: a TxProfile for the transaction to come.
        if (cp.purpose !== 'TxProfile') throw new AppError('VALIDATION_FAILED', 'start takes a chargingProfile with purpose TxProfile only', { field: 'chargingProfile.purpose' });
        if (cp.transactionId !== undefined) throw new AppError('VALIDATION_FAILED', 'a start chargingProfile has no transactionId (the transaction does not exist yet)', { field: 'chargingProfile.transactionId' });
        // Without an EVSE the station picks one: checked as for EVSE 1 (a TxProfile is never for EVSE 0).
        const problem = chargingProfileProblem(cp, p.evseId ?? 1);
        if (problem) throw new AppError('VALIDATION_FAILED', problem.message, { field: problem.field });
        return p;
      }
      case 'stop': {
        need('sessionId');
        const s = await this.targets.activeSession(p.sessionId!);
        if (!s || s.stationId !== input.stationId) throw new AppError('SESSION_NOT_ACTIVE', `session ${p.sessionId} is not running on ${input.stationId}`, { field: 'sessionId' });
        return { ...p, transactionId: s.transactionId, stopTokenUid: s.idToken ?? undefined };
      }
      case 'reserve':
        need('idToken');
        need('reservationExpiresAt');
        if (!(Date.parse(p.reservationExpiresAt!) > this.clock.now().getTime())) {
          throw new AppError('VALIDATION_FAILED', 'reservationExpiresAt must be a time in the future', { field: 'reservationExpiresAt' });
        }
        return { ...p, reservationId: p.reservationId ?? newReservationId() };
      case 'cancel-reservation':
        need('reservationId');
        return p;
      case 'unlock':
        need('evseId');
        return { ...p, connectorId: p.connectorId ?? 1 };
      case 'reset':
        return { ...p, resetType: p.resetType ?? 'Soft' };
      case 'change-availability':
        need('operative');
        return p;
      case 'set-charging-profile': {
        need('evseId');
        need('chargingProfile');
        const problem = chargingProfileProblem(p.chargingProfile!, p.evseId!);
        if (problem) throw new AppError('VALIDATION_FAILED', problem.message, { field: problem.field });
        if (p.chargingProfile!.purpose !== 'TxProfile' || p.sessionId === undefined) {
          // A TxProfile without a session goes as given, for whatever transaction runs on that EVSE:
          // the station rejects it when none does (OCPP 2.0.1 K01.FR.03, TC_K_02).
          return p;
        }
        // A TxProfile named by its session is sent with the station's id for that transaction.
        const s = await this.targets.activeSession(p.sessionId);
        if (!s || s.stationId !== input.stationId) throw new AppError('SESSION_NOT_ACTIVE', `session ${p.sessionId} is not running on ${input.stationId}`, { field: 'sessionId' });
        return { ...p, transactionId: s.transactionId };
      }
      case 'clear-charging-profile':
        return p;
      case 'get-composite-schedule':
        need('evseId');
        need('duration');
        return p;
      case 'install-certificate': {
        need('certificateType');
        need('certificate');
        const problem = pemCertificateProblem(p.certificate!);
        if (problem) throw new AppError('VALIDATION_FAILED', `certificate ${problem}`, { field: 'certificate' });
        return p;
      }
      case 'delete-certificate':
        need('certificateHashData');
        return p;
      case 'trigger':
        need('message');
        return p;
      case 'get-transaction-status': {
        if (p.sessionId === undefined) return p;
        const s = await this.targets.activeSession(p.sessionId);
        if (!s || s.stationId !== input.stationId) throw new AppError('SESSION_NOT_ACTIVE', `session ${p.sessionId} is not running on ${input.stationId}`, { field: 'sessionId' });
        // 1.6 has no GetTransactionStatus: it asks the session's connector for its meter values instead.
        return { ...p, transactionId: s.transactionId, evseId: s.evseNo ?? undefined };
      }
      case 'update-firmware': {
        if (!p.firmware) throw new AppError('VALIDATION_FAILED', 'update-firmware needs location and retrieveAt', { field: 'location' });
        const f = p.firmware;
        if (!Number.isFinite(Date.parse(f.retrieveAt))) throw new AppError('VALIDATION_FAILED', 'retrieveAt must be a date-time', { field: 'retrieveAt' });
        // The station names the request in its status notifications: any positive int32 will do.
        return { ...p, firmware: { ...f, requestId: f.requestId || newReservationId() } };
      }
      case 'send-local-list': {
        if (!p.localList) throw new AppError('VALIDATION_FAILED', 'send-local-list needs listVersion', { field: 'listVersion' });
        const problem = localListProblem(p.localList);
        if (problem) throw new AppError('VALIDATION_FAILED', problem, { field: 'localList' });
        return p;
      }
      case 'get-variables':
      case 'set-variables':
        need('variables');
        if (p.variables!.length === 0) throw new AppError('VALIDATION_FAILED', `${input.kind} needs at least one variable`, { field: 'variables' });
        if (input.kind === 'get-variables') {
          const max = (await this.targets.itemsPerMessage?.(input.stationId, 'GetVariables')) ?? null;
          return max !== null && max > 0 ? { ...p, itemsPerMessage: max } : p;
        }
        if (input.kind === 'set-variables') {
          const i = p.variables!.findIndex((v) => v.value === undefined);
          if (i >= 0) throw new AppError('VALIDATION_FAILED', `variables[${i}] needs a value`, { field: `variables/${i}/value` });
          // The station's key changes only through rotate-password, which keeps the platform's hash in step.
          const k = p.variables!.findIndex((v) => STATION_KEY_VARIABLES.includes(v.variable.name));
          if (k >= 0) throw new AppError('VALIDATION_FAILED', `${p.variables![k]!.variable.name} is the station's key: use the rotate-password command`, { field: `variables/${k}/variable` });
        }
        return p;
      case 'get-base-report':
        return { ...p, reportBase: p.reportBase ?? 'FullInventory' };
      case 'data-transfer':
        need('vendorId');
        return p;
      case 'get-log':
        if (p.from !== undefined && p.to !== undefined && Date.parse(p.from) > Date.parse(p.to)) {
          throw new AppError('VALIDATION_FAILED', 'from is after to', { field: 'from' });
        }
        return p;
      case 'set-display-message': {
        need('displayMessage');
        const m = p.displayMessage!;
        if (m.startsAt !== undefined && m.endsAt !== undefined && Date.parse(m.startsAt) >= Date.parse(m.endsAt)) {
          throw new AppError('VALIDATION_FAILED', 'displayMessage.startsAt must be before endsAt', { field: 'displayMessage/endsAt' });
        }
        return { ...p, displayMessage: { ...m, id: m.id ?? newReservationId() } };
      }
      case 'clear-display-message':
        need('displayMessageId');
        return p;
      case 'customer-information':
        if (!p.report && !p.clear) throw new AppError('VALIDATION_FAILED', 'customer-information needs report or clear (or both)', { field: 'report' });
        if ((p.customerIdentifier === undefined) === (p.idToken === undefined)) {
          throw new AppError('VALIDATION_FAILED', 'customer-information names the customer by customerIdentifier or idToken (one of them)', { field: 'customerIdentifier' });
        }
        return { ...p, report: p.report ?? false, clear: p.clear ?? false };
      case 'publish-firmware':
      case 'unpublish-firmware': {
        const pub = p.publish;
        if (!pub || !/^[0-9a-fA-F]{32}$/.test(pub.checksum)) throw new AppError('VALIDATION_FAILED', `${input.kind} needs checksum: the image's MD5, 32 hex digits`, { field: 'checksum' });
        if (input.kind === 'unpublish-firmware') return { ...p, publish: { checksum: pub.checksum } };
        if (!pub.location) throw new AppError('VALIDATION_FAILED', 'publish-firmware needs location', { field: 'location' });
        return { ...p, publish: { ...pub, requestId: pub.requestId ?? newReservationId() } };
      }
      case 'get-local-list-version':
      case 'clear-cache':
      case 'get-display-messages':
      case 'get-report':
      case 'get-installed-certificate-ids':
      case 'renew-certificate':
      case 'rotate-password':
      case 'certificate-signed':
        return p;
    }
  }
}
