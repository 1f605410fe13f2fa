import type { DomainEvent } from '../events/index.js';
import type { MeterSample } from './meter-sample.js';
import type { ChargingSession, SessionView } from './session.model.js';

export interface Start16Input {
  readonly id: string;
  readonly stationId: string;
  readonly operatorId: string;
  readonly startKey: string;
  readonly connectorNo: number;
  readonly idToken: string;
  readonly authStatus: string;
  readonly providerId: string | null;
  readonly agreementId: string | null;
  readonly startedAt: Date;
  readonly meterStartWh: number;
  /** The reservation the station says the transaction used (goes into the session.started event). */
  readonly reservationId?: number | undefined;
}

export type SessionChange =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'save';
      readonly session: ChargingSession;
      readonly samples: readonly MeterSample[];
      /** Written to the outbox in the same transaction. */
      readonly events: readonly DomainEvent[];
    };

export interface TxEventMeta {
  readonly seqNo: number;
  readonly eventType: string;
  readonly triggerReason: string;
  readonly occurredAt: Date;
  readonly offline: boolean;
  readonly chargingState?: string | undefined;
}

/** Durable sessions. Each method is atomic and resolves only once committed. */
export interface SessionRepository {
  /** Creates the 1.6 session unless one with the same startKey exists (emitting session.started); returns the one stored. */
  start16(input: Start16Input): Promise<{ session: ChargingSession; ocppTxNo: number; created: boolean }>;
  /**
   * Loads the session (station, transactionId) under a lock, lets `decide` compute the change and
   * stores it with its samples, in one transaction. With `event`, a (session, seqNo) seen before
   * is reported as `duplicate` to `decide`, and a new one is recorded.
   */
  update(
    stationId: string,
    transactionId: string,
    decide: (current: ChargingSession | null, duplicate: boolean) => SessionChange,
    event?: TxEventMeta,
  ): Promise<ChargingSession | null>;
  /** Running sessions with no event or reading since `before`: when they were last heard of, and their last register reading. */
  stale(before: Date, limit: number): Promise<{ stationId: string; transactionId: string; lastActivityAt: Date; lastRegisterWh: number | null }[]>;
  /** Stores samples; a sample seen before is skipped. transactionId links them to a session. */
  addSamples(stationId: string, evseNo: number, transactionId: string | null, samples: readonly MeterSample[]): Promise<void>;
}

export interface SessionFilter {
  readonly stationId?: string | undefined;
  readonly operatorId?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly status?: string | undefined;
  /** Only sessions at this operator's stations or charged with its tokens (an operator key's view). */
  readonly visibleTo?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

export interface SampleView {
  readonly sampledAt: string;
  readonly measurand: string;
  readonly phase: string | null;
  readonly location: string | null;
  readonly context: string;
  readonly value: string;
  readonly unit: string;
}

export interface SessionQueries {
  list(filter: SessionFilter): Promise<{ items: SessionView[]; nextCursor: string | null }>;
  get(id: string, visibleTo?: string): Promise<(SessionView & { samples: SampleView[] }) | null>;
}
