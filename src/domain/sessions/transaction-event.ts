import { energyBetween } from '../../shared/energy.js';
import { energyRegisterWh, type MeterSample } from './meter-sample.js';
import type { ChargingSession } from './session.model.js';

/** A 2.0.1 TransactionEvent, already translated from the wire. */
export interface TransactionEventInput {
  readonly stationId: string;
  readonly operatorId: string;
  readonly transactionId: string;
  readonly eventType: 'Started' | 'Updated' | 'Ended';
  readonly seqNo: number;
  readonly timestamp: Date;
  readonly triggerReason: string;
  readonly offline: boolean;
  readonly evseNo?: number | undefined;
  readonly connectorNo?: number | undefined;
  readonly idToken?: string | undefined;
  readonly authStatus?: string | undefined;
  /** From the authorization of idToken: its operator and the agreement that allowed it here. */
  readonly providerId?: string | undefined;
  readonly agreementId?: string | undefined;
  readonly chargingState?: string | undefined;
  readonly stoppedReason?: string | undefined;
  /** Set when the station started the transaction for a RequestStartTransaction of ours. */
  readonly remoteStartId?: number | undefined;
  /** The reservation the transaction used. */
  readonly reservationId?: number | undefined;
  readonly samples: readonly MeterSample[];
}

/**
 * Pure fold of one TransactionEvent into the session it belongs to. Events may arrive out of
 * order (offline replay), so each field is set from whichever event carries it, and the Ended
 * event's data wins for the stop fields. The caller has already dropped duplicates by seqNo.
 */
export function applyTransactionEvent(
  current: ChargingSession | null,
  ev: TransactionEventInput,
  newId: () => string,
): ChargingSession {
  const base: ChargingSession = current ?? {
    id: newId(),
    stationId: ev.stationId,
    operatorId: ev.operatorId,
    ocppVersion: '2.0.1',
    transactionId: ev.transactionId,
    evseNo: null,
    connectorNo: null,
    idToken: null,
    authStatus: null,
    providerId: null,
    agreementId: null,
    status: 'ACTIVE',
    startedAt: ev.timestamp,
    stoppedAt: null,
    meterStartWh: null,
    meterStopWh: null,
    energyWh: null,
    stopReason: null,
    lastSeqNo: null,
    offline: false,
  };
  const beginWh = energyRegisterWh(ev.samples, 'Transaction.Begin');
  const endWh = energyRegisterWh(ev.samples, 'Transaction.End');
  const anyWh = energyRegisterWh(ev.samples);
  const startedAt =
    ev.eventType === 'Started' || ev.timestamp < base.startedAt ? ev.timestamp : base.startedAt;
  const ended = ev.eventType === 'Ended';
  // Transaction.Begin wins; a Started event's reading is the start; otherwise the first reading seen
  // stands in until the Started event (replayed later) arrives.
  const meterStartWh =
    beginWh ??
    (ev.eventType === 'Started' && anyWh !== undefined ? anyWh : null) ??
    base.meterStartWh ??
    (ended ? null : anyWh ?? null);
  const meterStopWh = ended ? endWh ?? anyWh ?? base.meterStopWh : base.meterStopWh;
  const stoppedAt = ended ? ev.timestamp : base.stoppedAt;
  const status = ended || base.status === 'COMPLETED' ? 'COMPLETED' : 'ACTIVE';
  // The session's own token (the first one seen) decides who pays, not a card shown to stop it.
  const ownToken = ev.idToken !== undefined && ev.idToken === (base.idToken ?? ev.idToken);
  return {
    ...base,
    providerId: base.providerId ?? (ownToken ? ev.providerId ?? null : null),
    agreementId: base.agreementId ?? (ownToken ? ev.agreementId ?? null : null),
    evseNo: ev.evseNo ?? base.evseNo,
    connectorNo: ev.connectorNo ?? base.connectorNo,
    idToken: base.idToken ?? ev.idToken ?? null,
    authStatus: ev.authStatus ?? base.authStatus,
    startedAt,
    meterStartWh,
    meterStopWh,
    stoppedAt,
    status,
    stopReason: ended ? ev.stoppedReason ?? base.stopReason ?? 'Local' : base.stopReason,
    energyWh: status === 'COMPLETED' ? energyBetween(meterStartWh, meterStopWh) : base.energyWh,
    lastSeqNo: Math.max(base.lastSeqNo ?? -1, ev.seqNo),
    offline: base.offline || ev.offline,
  };
}
