import { domainEvent, type DomainEvent } from '../events/index.js';
import type { ChargingSession } from './session.model.js';

/** What the start's message said beyond the session itself. */
export interface StartReferences {
  readonly remoteStartId?: number | undefined;
  readonly reservationId?: number | undefined;
}

export const sessionStarted = (s: ChargingSession, refs: StartReferences = {}): DomainEvent<'session.started'> =>
  domainEvent('session.started', s.id, s.id, {
    sessionId: s.id,
    stationId: s.stationId,
    evseNo: s.evseNo,
    connectorNo: s.connectorNo,
    idToken: s.idToken,
    authStatus: s.authStatus,
    ...(refs.remoteStartId !== undefined ? { remoteStartId: refs.remoteStartId } : {}),
    ...(refs.reservationId !== undefined ? { reservationId: refs.reservationId } : {}),
    startedAt: s.startedAt.toISOString(),
  }, s.startedAt);

export const sessionEnded = (s: ChargingSession): DomainEvent<'session.ended'> =>
  domainEvent('session.ended', s.id, s.id, {
    sessionId: s.id,
    stationId: s.stationId,
    stoppedAt: (s.stoppedAt ?? s.startedAt).toISOString(),
    energyWh: s.energyWh,
    stopReason: s.stopReason,
  }, s.stoppedAt ?? s.startedAt);

/**
 * The one place that says a session started or ended: from the state before and after a change.
 * `startReported`: the message was the station's start (2.0.1 Started may arrive after other
 * events of an offline replay, so creation alone does not say it).
 */
export function sessionTransitionEvents(before: ChargingSession | null, after: ChargingSession, startReported: boolean, refs: StartReferences = {}): DomainEvent[] {
  const events: DomainEvent[] = [];
  if (startReported) events.push(sessionStarted(after, refs));
  if (before?.status !== 'COMPLETED' && after.status === 'COMPLETED') events.push(sessionEnded(after));
  return events;
}
