import type { Partner } from '../../../domain/partners/index.js';
import type { NewPartnerPush, PartnerPush, PartnerPushQueue, PushOutcome } from '../../../domain/roaming/index.js';
import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import type { TcecClient } from '../client/index.js';

/** What a partner answered to a push we sent, for the interfaces whose answer matters (order confirmations, disputes). */
export type AnswerHandler = (push: PartnerPush, partner: Partner, answer: unknown) => Promise<void>;

export interface PushSenderOptions {
  readonly queue: PartnerPushQueue;
  readonly client: Pick<TcecClient, 'call'>;
  readonly partners: { get(id: string): Promise<Partner | null> };
  readonly clock: Clock;
  readonly log: Logger;
  readonly answers?: Readonly<Record<string, AnswerHandler>>;
  /** How long a claim holds a push while it is being sent (default 30 s). */
  readonly claimMs?: number | undefined;
  /** How often due retries and abandoned claims are looked for (default 1 s). */
  readonly pollMs?: number | undefined;
  /** Parallel lanes per partner; pushes about one connector or charge keep one lane, so their order (default 8). */
  readonly lanes?: number | undefined;
}

/** What a push is about, so pushes about the same connector or charge go out in order. */
function laneKey(push: Pick<PartnerPush, 'body' | 'key'>): string {
  const b = (push.body ?? {}) as Record<string, unknown>;
  const status = b.ConnectorStatusInfo as Record<string, unknown> | undefined;
  return String(status?.ConnectorID ?? b.StartChargeSeq ?? b.ConnectorID ?? push.key);
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Sends queued pushes. A new push is sent at once by the node that queued it (it holds the claim);
 * retries, and pushes whose sender died, are picked up when due by whichever node polls first.
 * A partner answer Ret 0 is delivered; Ret 0 with Status 1 is "ignored, do not retry"; anything
 * else (no answer, Ret ≠ 0) is a failure retried a minute later, 4 tries in all.
 */
export class PushSender {
  readonly #lanes = new Map<string, Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  #inFlight = 0;
  readonly #idle: (() => void)[] = [];

  constructor(private readonly o: PushSenderOptions) {}

  /** Queues pushes (once per fact) and sends the new ones now. */
  async enqueueAndSend(pushes: readonly NewPartnerPush[]): Promise<PartnerPush[]> {
    const now = this.o.clock.now();
    const fresh = await this.o.queue.enqueue(pushes, new Date(now.getTime() + (this.o.claimMs ?? 30_000)));
    for (const p of fresh) this.dispatch(p);
    return fresh;
  }

  start(): void {
    this.#timer = setInterval(() => void this.poll(), this.o.pollMs ?? 1_000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.drain();
  }

  /** Until every push handed to a lane so far has been tried. */
  drain(): Promise<void> {
    return this.#inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Claims due pushes (retries, and those a dead node held) and sends them. */
  async poll(): Promise<number> {
    if (this.#polling) return 0;
    this.#polling = true;
    try {
      const now = this.o.clock.now();
      const due = await this.o.queue.claimDue(now, new Date(now.getTime() + (this.o.claimMs ?? 30_000)), 200);
      for (const p of due) this.dispatch(p);
      return due.length;
    } catch (err) {
      this.o.log.warn({ err }, 'push poll failed');
      return 0;
    } finally {
      this.#polling = false;
    }
  }

  private dispatch(push: PartnerPush): void {
    const lane = `${push.partnerId}#${hash(laneKey(push)) % (this.o.lanes ?? 8)}`;
    this.#inFlight++;
    const next = (this.#lanes.get(lane) ?? Promise.resolve())
      .then(() => this.sendOne(push))
      .catch((err: unknown) => this.o.log.warn({ err, push: push.id }, 'push bookkeeping failed'))
      .finally(() => {
        if (this.#lanes.get(lane) === next) this.#lanes.delete(lane);
        if (--this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
    this.#lanes.set(lane, next);
  }

  /** A retried connector status that a newer status of the same connector has already reached the partner after. */
  private async overtaken(push: PartnerPush): Promise<boolean> {
    if (push.attempts === 0 || push.kind !== 'notification_stationStatus') return false;
    const connectorId = ((push.body ?? {}) as { ConnectorStatusInfo?: { ConnectorID?: unknown } }).ConnectorStatusInfo?.ConnectorID;
    return typeof connectorId === 'string' && this.o.queue.deliveredAfter(push.partnerId, push.kind, push.id, ['ConnectorStatusInfo', 'ConnectorID'], connectorId);
  }

  private async sendOne(push: PartnerPush): Promise<void> {
    const partner = await this.o.partners.get(push.partnerId);
    let outcome: PushOutcome;
    if (!partner) outcome = { kind: 'failed', error: 'partner no longer exists' };
    else if (partner.state === 'suspended') outcome = { kind: 'failed', error: 'partner suspended' };
    else if (await this.overtaken(push)) outcome = { kind: 'superseded' };
    else {
      try {
        const answer = await this.o.client.call(partner, push.kind, push.body);
        if (answer.ret !== 0) outcome = { kind: 'failed', error: `Ret ${answer.ret} ${answer.msg}`.trim() };
        else {
          const body = (answer.body ?? {}) as Record<string, unknown>;
          outcome = Number(body.Status) === 1 ? { kind: 'ignored' } : { kind: 'sent' };
          const handler = this.o.answers?.[push.kind];
          if (handler) await handler(push, partner, answer.body);
        }
      } catch (err) {
        outcome = { kind: 'failed', error: (err as Error).message };
      }
    }
    await this.o.queue.complete(push.id, outcome, this.o.clock.now());
  }
}
