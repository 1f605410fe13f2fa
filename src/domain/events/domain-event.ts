/**
 * What happened, as the rest of the platform learns it: each event is written to the outbox in the
 * same transaction as the change it describes, and consumers (CDR pricing, follow-ups, caches,
 * roaming pushes) read it from there. `key` identifies the fact: the same fact is stored once, so
 * a replayed OCPP message or a retried batch emits nothing new.
 */
export interface EventPayloads {
  /** The station reported the start (1.6 StartTransaction, 2.0.1 TransactionEvent Started). */
  'session.started': {
    sessionId: string;
    stationId: string;
    evseNo: number | null;
    connectorNo: number | null;
    idToken: string | null;
    authStatus: string | null;
    /** 2.0.1 transactionInfo.remoteStartId: the remote start it answers. */
    remoteStartId?: number | undefined;
    /** The reservation the transaction used. */
    reservationId?: number | undefined;
    startedAt: string;
  };
  /** New meter readings of a running session (one event per session and write batch). */
  'session.energy': { sessionId: string; stationId: string; at: string; registerWh: string | null };
  /** The session is over: its CDR follows. */
  'session.ended': { sessionId: string; stationId: string; stoppedAt: string; energyWh: number | null; stopReason: string | null };
  /** A connector reported (or was given) a status. */
  'connector.status': { stationId: string; evseNo: number; connectorNo: number; status: string; ocppStatus: string | null; at: string };
  /** A station answered a command (or it timed out or failed). */
  'command.answered': { commandId: string; stationId: string; kind: string; status: string };
  /** Master data drivers' answers are built from changed (locations, stations, EVSEs, connectors). */
  'catalog.changed': { entity: 'operator' | 'location' | 'station' | 'connector' | 'token'; id: string };
  'tariff.changed': { tariffId: string; version?: number | undefined };
  'agreement.changed': { agreementId: string };
  'cdr.created': { cdrId: string; sessionId: string; kind: string; status: string };
  /** A held CDR was released or voided. */
  'cdr.reviewed': { cdrId: string; status: string };
  'settlement.closed': { kind: string; date: string };
  /** A site's grid limit was set or changed (maxPowerW), or removed (null). */
  'grid-limit.changed': { locationId: string; maxPowerW: number | null };
  /** A station reported a limit on itself or an EVSE (evseNo 0: the station), or its end (limitW null), or an EV its needs. */
  'charging-limit.changed': { stationId: string; evseNo: number; source: string; limitW: number | null };
  /** A running session's priority in its site's sharing changed. */
  'session.priority-changed': { sessionId: string; stationId: string; priority: number };
  /** A station asked for a certificate (SignCertificate) and the request passed the checks: the CA signs it. */
  'certificate.requested': { requestId: string; stationId: string };
  /** A station reported the state of a firmware update (FirmwareStatusNotification). */
  'firmware.status': { stationId: string; status: string; requestId: number | null; at: string };
  /** A station booted (BootNotification), with the firmware it runs now. */
  'station.booted': { stationId: string; firmwareVersion: string | null; at: string };
}

export type EventKind = keyof EventPayloads;
export const EVENT_KINDS = [
  'session.started',
  'session.energy',
  'session.ended',
  'connector.status',
  'command.answered',
  'catalog.changed',
  'tariff.changed',
  'agreement.changed',
  'cdr.created',
  'cdr.reviewed',
  'settlement.closed',
  'grid-limit.changed',
  'charging-limit.changed',
  'session.priority-changed',
  'certificate.requested',
  'firmware.status',
  'station.booted',
] as const satisfies readonly EventKind[];

export interface DomainEvent<K extends EventKind = EventKind> {
  readonly kind: K;
  /** Identifies the fact; a second event with the same key is dropped. */
  readonly key: string;
  /** What it is about (session, station, command, tariff id …). */
  readonly subject: string;
  readonly payload: EventPayloads[K];
  readonly occurredAt: Date;
}

export function domainEvent<K extends EventKind>(kind: K, key: string, subject: string, payload: EventPayloads[K], occurredAt: Date): DomainEvent<K> {
  return { kind, key: `${kind}:${key}`, subject, payload, occurredAt };
}

/** An event as stored: its place in the outbox order, then the event. */
export interface StoredEvent<K extends EventKind = EventKind> extends DomainEvent<K> {
  /** Opaque, ordered: (writing transaction, id). */
  readonly position: EventPosition;
}

export interface EventPosition {
  readonly txId: string;
  readonly id: string;
}

export const isKind = <K extends EventKind>(e: StoredEvent, kind: K): e is StoredEvent<K> => e.kind === kind;
