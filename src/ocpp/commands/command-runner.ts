import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { WHILE_PENDING_KINDS, type Command, type CommandOutcome, type CommandRepository } from '../../domain/commands/index.js';
import type { OcppProtocol } from '../context.js';
import { SerialQueue } from '../serial-queue.js';
import { v16Call, v16Outcome } from '../v16/commands.js';
import { v201Call, v201Outcome } from '../v201/commands.js';
import { joinedAnswers, type OutboundCall } from './outbound-call.js';
import { NotExpressible, type SendTimeSecrets } from './send-time.js';

export interface CallableStation {
  readonly protocol: string;
  /** Its boot was answered Pending on this connection: only what B02 allows goes out. */
  readonly pendingOnly?: boolean | undefined;
  call(action: string, payload: unknown, options?: { callTimeoutMs?: number }): Promise<unknown>;
}

/** Makes a station's new key when its rotation goes out (stored as a pending hash first). */
export interface StationKeyIssuer {
  issueKey(stationId: string, commandId: string, form: 'password-string' | 'authorization-key-hex'): Promise<string>;
}

/** Makes the one-time URL a get-log command's file is uploaded to, when it goes out. */
export interface LogUploadIssuer {
  issueUploadUrl(stationId: string, commandId: string, requestId: number): Promise<string>;
}

const TRANSLATE: Record<OcppProtocol, { call: (c: Command, secrets: SendTimeSecrets) => OutboundCall; outcome: (r: { status?: unknown }, kind: Command['kind'], command: Command) => CommandOutcome }> = {
  'ocpp1.6': { call: v16Call, outcome: v16Outcome },
  'ocpp2.0.1': { call: v201Call, outcome: v201Outcome },
};

/**
 * Sends a station its pending commands, one at a time and in order, when it is connected here:
 * on a notification from any API node, and whenever the station (re)connects and is accepted.
 */
export class CommandRunner {
  #queues = new Map<string, SerialQueue>();

  constructor(
    private readonly repo: CommandRepository,
    private readonly stationOf: (stationId: string) => CallableStation | undefined,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly callTimeoutMs: number,
    private readonly keys?: StationKeyIssuer | undefined,
    private readonly uploads?: LogUploadIssuer | undefined,
  ) {}

  kick(stationId: string): Promise<void> {
    let q = this.#queues.get(stationId);
    if (!q) {
      q = new SerialQueue();
      this.#queues.set(stationId, q);
    }
    return q.run(() => this.#drain(stationId)).catch((err: unknown) => this.log.error({ err, stationId }, 'sending commands failed'));
  }

  async #drain(stationId: string): Promise<void> {
    for (;;) {
      const station = this.stationOf(stationId);
      if (!station) return;
      const command = await this.repo.claimNext(stationId, this.clock.now(), station.pendingOnly ? WHILE_PENDING_KINDS : undefined);
      if (!command) return;
      const outcome = await this.#send(station, command);
      // What follows from the answer (reservations) reacts to the command.answered event this writes.
      await this.repo.complete(command.id, outcome, this.clock.now());
    }
  }

  async #secrets(command: Command, protocol: OcppProtocol): Promise<SendTimeSecrets> {
    if (command.kind === 'get-log') {
      if (!this.uploads) throw new NotExpressible('this gateway cannot take log uploads');
      return { uploadUrl: await this.uploads.issueUploadUrl(command.stationId, command.id, command.remoteStartId) };
    }
    if (command.kind !== 'rotate-password') return {};
    if (!this.keys) throw new NotExpressible('this gateway cannot make station keys');
    return { stationKey: await this.keys.issueKey(command.stationId, command.id, protocol === 'ocpp1.6' ? 'authorization-key-hex' : 'password-string') };
  }

  async #send(station: CallableStation, command: Command): Promise<CommandOutcome> {
    const t = TRANSLATE[station.protocol as OcppProtocol];
    if (!t) return { status: 'failed', error: `unsupported protocol ${station.protocol}` };
    let call: OutboundCall;
    try {
      call = t.call(command, await this.#secrets(command, station.protocol as OcppProtocol));
    } catch (e) {
      if (e instanceof NotExpressible) return { status: 'failed', error: e.message };
      throw e;
    }
    const { action } = call;
    const timeout = Math.max(1_000, Math.min(this.callTimeoutMs, command.expiresAt.getTime() - this.clock.now().getTime()));
    try {
      const answers: unknown[] = [];
      for (const payload of call.parts ?? [call.payload]) answers.push(await station.call(action, payload, { callTimeoutMs: timeout }));
      return t.outcome(joinedAnswers(answers) as { status?: unknown }, command.kind, command);
    } catch (e) {
      const err = e as { name?: string; rpcErrorCode?: string; message?: string; details?: unknown };
      if (err.name === 'TimeoutError') return { status: 'timed-out', error: `no answer to ${action} within ${timeout} ms` };
      // The station's CALLERROR (or a closed socket): the command failed; say why.
      const error = err.rpcErrorCode ? `${err.rpcErrorCode}: ${err.message ?? ''}` : (err.message ?? String(e));
      return err.rpcErrorCode ? { status: 'failed', error, response: { errorCode: err.rpcErrorCode, description: err.message } } : { status: 'failed', error };
    }
  }
}
