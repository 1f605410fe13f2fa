import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { Command, CommandOutcome, CommandRepository } from '../../domain/commands/index.js';
import type { OcppProtocol } from '../context.js';
import { SerialQueue } from '../serial-queue.js';
import { v16Call, v16Outcome } from '../v16/commands.js';
import { v201Call, v201Outcome } from '../v201/commands.js';
import type { OutboundCall } from './outbound-call.js';

export interface CallableStation {
  readonly protocol: string;
  call(action: string, payload: unknown, options?: { callTimeoutMs?: number }): Promise<unknown>;
}

const TRANSLATE: Record<OcppProtocol, { call: (c: Command) => OutboundCall; outcome: (r: { status?: unknown }) => CommandOutcome }> = {
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
      const command = await this.repo.claimNext(stationId, this.clock.now());
      if (!command) return;
      const outcome = await this.#send(station, command);
      // What follows from the answer (reservations) reacts to the command.answered event this writes.
      await this.repo.complete(command.id, outcome, this.clock.now());
    }
  }

  async #send(station: CallableStation, command: Command): Promise<CommandOutcome> {
    const t = TRANSLATE[station.protocol as OcppProtocol];
    if (!t) return { status: 'failed', error: `unsupported protocol ${station.protocol}` };
    const { action, payload } = t.call(command);
    const timeout = Math.max(1_000, Math.min(this.callTimeoutMs, command.expiresAt.getTime() - this.clock.now().getTime()));
    try {
      return t.outcome((await station.call(action, payload, { callTimeoutMs: timeout })) as { status?: unknown });
    } catch (e) {
      const err = e as { name?: string; rpcErrorCode?: string; message?: string; details?: unknown };
      if (err.name === 'TimeoutError') return { status: 'timed-out', error: `no answer to ${action} within ${timeout} ms` };
      // The station's CALLERROR (or a closed socket): the command failed; say why.
      const error = err.rpcErrorCode ? `${err.rpcErrorCode}: ${err.message ?? ''}` : (err.message ?? String(e));
      return err.rpcErrorCode ? { status: 'failed', error, response: { errorCode: err.rpcErrorCode, description: err.message } } : { status: 'failed', error };
    }
  }
}
