import type { Clock } from '../../shared/clock.js';
import { energyBetween } from '../../shared/energy.js';
import { newId } from '../../shared/ids.js';
import type { AuthorizationDecision, AuthorizationService } from '../authorization/index.js';
import type { MeterSample } from './meter-sample.js';
import type { ChargingSession } from './session.model.js';
import type { SessionRepository } from './session.ports.js';
import { applyTransactionEvent, type TransactionEventInput } from './transaction-event.js';

export interface Start16 {
  stationId: string;
  operatorId: string;
  connectorId: number;
  idTag: string;
  meterStartWh: number;
  timestamp: Date;
}

export interface Stop16 {
  stationId: string;
  transactionId: string;
  meterStopWh: number;
  timestamp: Date;
  reason?: string | undefined;
  idTag?: string | undefined;
  samples: readonly MeterSample[];
}

/** A replayed 1.6 StartTransaction is recognised by these fields and gets the same transactionId. */
export const startKey16 = (s: Start16): string =>
  [s.stationId, s.connectorId, s.idTag, s.timestamp.toISOString(), s.meterStartWh].join('|');

/** Ties a session a station started to the remote start command that asked for it. */
export interface RemoteStartLinker {
  linkSession(match: { stationId: string; remoteStartId?: number | undefined; evseId?: number | undefined; idToken?: string | undefined }, sessionId: string): Promise<void>;
}

/** Charging sessions as stations report them, for every OCPP version. */
export class SessionService {
  constructor(
    private readonly repo: SessionRepository,
    private readonly auth: AuthorizationService,
    private readonly clock: Clock,
    private readonly remoteStarts?: RemoteStartLinker | undefined,
  ) {}

  authorize(uid: string): Promise<AuthorizationDecision> {
    return this.auth.authorize(uid);
  }

  async start16(input: Start16): Promise<{ transactionId: number; auth: AuthorizationDecision; session: ChargingSession }> {
    const auth = await this.auth.authorize(input.idTag);
    const { session, ocppTxNo, created } = await this.repo.start16({
      id: newId(),
      stationId: input.stationId,
      operatorId: input.operatorId,
      startKey: startKey16(input),
      connectorNo: input.connectorId,
      idToken: input.idTag,
      authStatus: auth.status,
      startedAt: input.timestamp,
      meterStartWh: input.meterStartWh,
    });
    if (created) await this.remoteStarts?.linkSession({ stationId: input.stationId, evseId: input.connectorId, idToken: input.idTag }, session.id);
    return { transactionId: ocppTxNo, auth, session };
  }

  /** Returns the session as stored, or null if the station named a transaction we never saw. */
  async stop16(input: Stop16): Promise<{ session: ChargingSession | null; auth?: AuthorizationDecision }> {
    const auth = input.idTag ? await this.auth.authorize(input.idTag) : undefined;
    const session = await this.repo.update(input.stationId, input.transactionId, (current) => {
      // Unknown or already finished: a replayed stop changes nothing.
      if (!current || current.status === 'COMPLETED') return { kind: 'none' };
      return {
        kind: 'save',
        session: {
          ...current,
          status: 'COMPLETED',
          stoppedAt: input.timestamp,
          meterStopWh: input.meterStopWh,
          energyWh: energyBetween(current.meterStartWh, input.meterStopWh),
          stopReason: input.reason ?? 'Local',
        },
        samples: input.samples,
      };
    });
    return auth ? { session, auth } : { session };
  }

  async meterValues(stationId: string, evseNo: number, transactionId: string | null, samples: readonly MeterSample[]): Promise<void> {
    if (samples.length === 0) return;
    await this.repo.addSamples(stationId, evseNo, transactionId, samples);
  }

  /** 2.0.1 TransactionEvent: idempotent on (transactionId, seqNo); creates the session on first sight. */
  async transactionEvent(
    ev: Omit<TransactionEventInput, 'authStatus'>,
  ): Promise<{ session: ChargingSession | null; auth?: AuthorizationDecision; duplicate: boolean }> {
    const auth = ev.idToken ? await this.auth.authorize(ev.idToken) : undefined;
    const input: TransactionEventInput = auth ? { ...ev, authStatus: auth.status } : ev;
    let duplicate = false;
    const session = await this.repo.update(
      ev.stationId,
      ev.transactionId,
      (current, seen) => {
        duplicate = seen;
        if (seen) return { kind: 'none' };
        return { kind: 'save', session: applyTransactionEvent(current, input, newId), samples: ev.samples };
      },
      { seqNo: ev.seqNo, eventType: ev.eventType, triggerReason: ev.triggerReason, occurredAt: ev.timestamp, offline: ev.offline },
    );
    // The station names our remoteStartId; a station that omits it is matched by token and EVSE.
    if (!duplicate && session && (ev.remoteStartId !== undefined || (ev.eventType === 'Started' && ev.idToken))) {
      await this.remoteStarts?.linkSession(
        ev.remoteStartId !== undefined ? { stationId: ev.stationId, remoteStartId: ev.remoteStartId } : { stationId: ev.stationId, evseId: ev.evseNo, idToken: ev.idToken },
        session.id,
      );
    }
    return auth ? { session, auth, duplicate } : { session, duplicate };
  }

  now(): Date {
    return this.clock.now();
  }
}
