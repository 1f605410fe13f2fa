import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import type { PlatformCommands } from '../firmware/firmware-campaign.service.js';
import { missingSeqNos, nextStep, transactionStatusVerdict, UNKNOWN_TO_STATION, type SilentSession } from './reconciliation.model.js';
import type { ReconciliationRepository } from './reconciliation.ports.js';

/** How a session is closed (SessionService.closeSilent, as the stale sweep does). */
export interface SessionCloser {
  closeSilent(s: { stationId: string; transactionId: string; lastActivityAt: Date; lastRegisterWh: number | null }, stopReason: string): Promise<boolean>;
}

/**
 * Periodic reconciliation of running sessions (the reconcile-sessions job) and the station's
 * answers (the transaction-reconciliation consumer). The stale-session sweep stays the last
 * resort for stations that never answer.
 */
export class ReconciliationService {
  constructor(
    private readonly repo: ReconciliationRepository,
    private readonly commands: PlatformCommands,
    private readonly sessions: SessionCloser,
    private readonly clock: Clock,
    /** A session silent this long is asked about. */
    private readonly silentMs: number,
  ) {}

  /** One round: returns how many sessions were asked about and how many closed. */
  async reconcile(limit = 200): Promise<{ probed: number; closed: number }> {
    const now = this.clock.now();
    let probed = 0;
    let closed = 0;
    for (const s of await this.repo.silent(new Date(now.getTime() - this.silentMs), limit)) {
      const step = nextStep(s, now, this.silentMs);
      if (step === 'close') {
        if (await this.sessions.closeSilent(s, UNKNOWN_TO_STATION)) closed++;
      } else if (step === 'probe') {
        await this.#probe(s);
        probed++;
      }
      if (s.ocppVersion === '2.0.1') await this.checkGaps(s.sessionId);
    }
    for (const id of await this.repo.withGaps(limit)) await this.checkGaps(id);
    return { probed, closed };
  }

  async #probe(s: SilentSession): Promise<void> {
    const id = newId();
    await this.repo.probeSent(s.sessionId, id, s.news, this.clock.now());
    await this.commands.sendFromPlatform({
      id,
      stationId: s.stationId,
      kind: 'get-transaction-status',
      params: { sessionId: s.sessionId, transactionId: s.transactionId, evseId: s.evseNo ?? undefined },
      ttlMs: this.silentMs,
    });
  }

  /** The station answered a probe; a 2.0.1 station that does not know the transaction (and has nothing queued) has it closed. */
  async probeAnswered(commandId: string, status: string, response: unknown): Promise<void> {
    const verdict = status === 'accepted' ? (response && typeof response === 'object' && 'messagesInQueue' in response ? transactionStatusVerdict(response) : 'accepted') : status;
    const s = await this.repo.probeAnswered(commandId, verdict, this.clock.now());
    if (s && verdict === 'unknown-to-station') await this.sessions.closeSilent(s, UNKNOWN_TO_STATION);
  }

  /** Records the seqNos missing from a 2.0.1 transaction's events (none: cleared). */
  async checkGaps(sessionId: string): Promise<number[]> {
    const gaps = missingSeqNos(await this.repo.seqNos(sessionId));
    await this.repo.recordGaps(sessionId, gaps, this.clock.now());
    return gaps;
  }

  gapsOf(sessionId: string) {
    return this.repo.gapsOf(sessionId);
  }
}
