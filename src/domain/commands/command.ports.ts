import type { Command, CommandOutcome, CommandParams, CommandKind } from './command.model.js';

export interface NewCommand {
  readonly id: string;
  readonly stationId: string;
  readonly kind: CommandKind;
  readonly params: CommandParams;
  readonly requestedBy: string;
  readonly expiresAt: Date;
}

/** Commands are durable: kept across restarts until answered or expired. */
export interface CommandRepository {
  create(c: NewCommand): Promise<Command>;
  get(id: string): Promise<Command | null>;
  /** The oldest pending, unexpired command of the station (of these kinds, if given), marked sent (claimed) atomically. */
  claimNext(stationId: string, now: Date, kinds?: readonly CommandKind[]): Promise<Command | null>;
  complete(id: string, outcome: CommandOutcome, at: Date): Promise<void>;
  /** Pending or sent commands past their expiry become timed-out; returns how many. */
  expire(now: Date): Promise<number>;
  /** Of these stations, those with a remote start sent or accepted in the last hour and not linked yet. */
  stationsAwaitingStart(stationIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** Links the session a station started for a remote start. */
  linkSession(match: { stationId: string; remoteStartId?: number | undefined; evseId?: number | undefined; idToken?: string | undefined }, sessionId: string): Promise<void>;
}

/** Tells whichever node holds the station's socket that it has commands to send. */
export interface CommandDispatcher {
  notify(stationId: string): Promise<void>;
}
