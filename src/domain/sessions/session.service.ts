import type { Clock } from '../../shared/clock.js';
import { energyBetween } from '../../shared/energy.js';
import { newId } from '../../shared/ids.js';
import type { AuthorizationDecision, AuthorizationService, ChargingPlace } from '../authorization/index.js';
import type { MeterSample } from './meter-sample.js';
import { sessionEnded, sessionTransitionEvents } from './session-events.js';
import type { ChargingSession } from './session.model.js';
import type { SessionRepository } from './session.ports.js';
import { applyTransactionEvent, type TransactionEventInput } from './transaction-event.js';

export interface Start16 {
  stationId: string;
  operatorId: string;
  /** The station's city: agreements may cover only some cities. */
  city: string | null;
  connectorId: number;
  idTag: string;
  meterStartWh: number;
  timestamp: Date;
  reservationId?: number | undefined;
}

export interface Stop16 {
  stationId: string;
  operatorId: string;
  city: string | null;
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

/**
 * Charging sessions as stations report them, for every OCPP version. What follows from a start or
 * an end (linking remote starts, using up reservations, pricing) reacts to the session.started and
 * session.ended events these changes write, not to calls from here.
 */
export class SessionService {
  constructor(
    private readonly repo: SessionRepository,
    private readonly auth: AuthorizationService,
    private readonly clock: Clock,
  ) {}

  /** A token presented at a station of `place.operatorId` in `place.city`. */
  authorize(uid: string, place: ChargingPlace): Promise<AuthorizationDecision> {
    return this.auth.authorize(uid, place);
  }

  async start16(input: Start16): Promise<{ transactionId: number; auth: AuthorizationDecision; session: ChargingSession }> {
    const auth = await this.auth.authorize(input.idTag, { operatorId: input.operatorId, city: input.city });
    const { session, ocppTxNo } = await this.repo.start16({
      id: newId(),
      stationId: input.stationId,
      operatorId: input.operatorId,
      startKey: startKey16(input),
      connectorNo: input.connectorId,
      idToken: input.idTag,
      authStatus: auth.status,
      providerId: auth.operatorId ?? null,
      agreementId: auth.agreementId ?? null,
      startedAt: input.timestamp,
      meterStartWh: input.meterStartWh,
      reservationId: input.reservationId,
    });
    return { transactionId: ocppTxNo, auth, session };
  }

  /** Returns the session as stored, or null if the station named a transaction we never saw. */
  async stop16(input: Stop16): Promise<{ session: ChargingSession | null; auth?: AuthorizationDecision }> {
    const auth = input.idTag ? await this.auth.authorize(input.idTag, { operatorId: input.operatorId, city: input.city }) : undefined;
    const session = await this.repo.update(input.stationId, input.transactionId, (current) => {
      // Unknown or already finished: a replayed stop changes nothing.
      if (!current || current.status === 'COMPLETED') return { kind: 'none' };
      const stopped: ChargingSession = {
        ...current,
        status: 'COMPLETED',
        stoppedAt: input.timestamp,
        meterStopWh: input.meterStopWh,
        energyWh: energyBetween(current.meterStartWh, input.meterStopWh),
        stopReason: input.reason ?? 'Local',
      };
      return { kind: 'save', session: stopped, samples: input.samples, events: [sessionEnded(stopped)] };
    });
    return auth ? { session, auth } : { session };
  }

  async meterValues(stationId: string, evseNo: number, transactionId: string | null, samples: readonly MeterSample[]): Promise<void> {
    if (samples.length === 0) return;
    await this.repo.addSamples(stationId, evseNo, transactionId, samples);
  }

  /** 2.0.1 TransactionEvent: idempotent on (transactionId, seqNo); creates the session on first sight. */
  async transactionEvent(
    ev: Omit<TransactionEventInput, 'authStatus' | 'providerId' | 'agreementId'> & { city: string | null },
  ): Promise<{ session: ChargingSession | null; auth?: AuthorizationDecision; duplicate: boolean }> {
    const auth = ev.idToken ? await this.auth.authorize(ev.idToken, { operatorId: ev.operatorId, city: ev.city }) : undefined;
    const input: TransactionEventInput = auth ? { ...ev, authStatus: auth.status, providerId: auth.operatorId, agreementId: auth.agreementId } : ev;
    let duplicate = false;
    const session = await this.repo.update(
      ev.stationId,
      ev.transactionId,
      (current, seen) => {
        duplicate = seen;
        if (seen) return { kind: 'none' };
        const next = applyTransactionEvent(current, input, newId);
        // One session.started per session (by its key): from the Started event, or from an earlier
        // one of an offline replay that already names the remote start or the reservation.
        const startReported = ev.eventType === 'Started' || ev.remoteStartId !== undefined || ev.reservationId !== undefined;
        const events = sessionTransitionEvents(current, next, startReported, { remoteStartId: ev.remoteStartId, reservationId: ev.reservationId });
        return { kind: 'save', session: next, samples: ev.samples, events };
      },
      {
        seqNo: ev.seqNo,
        eventType: ev.eventType,
        triggerReason: ev.triggerReason,
        occurredAt: ev.timestamp,
        offline: ev.offline,
        chargingState: ev.chargingState,
      },
    );
    return auth ? { session, auth, duplicate } : { session, duplicate };
  }

  /**
   * The stale-session sweep: a running session nobody has heard of since `before` (the station
   * lost it, or never sent its stop) ends as of its last event or reading, with its last register
   * reading, stop reason StaleSession; its CDR follows from the session.ended event. A station
   * that reports it later changes nothing (it is finished). Returns how many were closed.
   */
  async closeStale(before: Date, limit = 500): Promise<number> {
    let closed = 0;
    for (const s of await this.repo.stale(before, limit)) if (await this.closeSilent(s, 'StaleSession')) closed++;
    return closed;
  }

  /**
   * Ends a running session the platform gave up on (the stale sweep, or reconciliation when the
   * station no longer knows it) as of its last news, with its last register reading and this stop
   * reason; its CDR follows from session.ended. True when this call ended it.
   */
  async closeSilent(s: { stationId: string; transactionId: string; lastActivityAt: Date; lastRegisterWh: number | null }, stopReason: string): Promise<boolean> {
    const saved = await this.repo.update(s.stationId, s.transactionId, (current) => {
      if (!current || current.status === 'COMPLETED') return { kind: 'none' };
      const stopWh = s.lastRegisterWh ?? current.meterStartWh;
      const stopped: ChargingSession = {
        ...current,
        status: 'COMPLETED',
        stoppedAt: s.lastActivityAt,
        meterStopWh: stopWh,
        energyWh: energyBetween(current.meterStartWh, stopWh),
        stopReason,
      };
      return { kind: 'save', session: stopped, samples: [], events: [sessionEnded(stopped)] };
    });
    return saved?.stopReason === stopReason && saved.stoppedAt?.getTime() === s.lastActivityAt.getTime();
  }

  now(): Date {
    return this.clock.now();
  }
}
