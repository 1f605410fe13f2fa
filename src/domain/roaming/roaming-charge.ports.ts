import type { NewRoamingCharge, RoamingCharge, RoamingChargePatch, RoamingSide } from './roaming-charge.model.js';

export interface RoamingChargeStore {
  /** False when (partnerId, ref) exists already (a repeated start): nothing changes. */
  create(c: NewRoamingCharge): Promise<boolean>;
  get(partnerId: string, ref: string): Promise<RoamingCharge | null>;
  bySession(sessionId: string): Promise<RoamingCharge | null>;
  byCommand(commandId: string): Promise<RoamingCharge | null>;
  update(partnerId: string, ref: string, patch: RoamingChargePatch, now: Date): Promise<RoamingCharge | null>;
  /** Charges of a side not finished (state below 4), oldest first. */
  active(side: RoamingSide, limit: number): Promise<RoamingCharge[]>;
  /** Finished charges with a CDR, of one partner and side, stopped in [from, to). */
  finished(partnerId: string, side: RoamingSide, from: Date, to: Date): Promise<RoamingCharge[]>;
}
