/**
 * The charging profiles a simulated station holds, and the limit they put on an EVSE now: like a
 * real station, per purpose the profile of the highest stack level that applies wins; a TxProfile
 * (for the running transaction) overrides a TxDefaultProfile; the station maximum caps both.
 * Both OCPP versions go through this version-neutral form.
 */

export type Purpose = 'ChargingStationMaxProfile' | 'TxDefaultProfile' | 'TxProfile';

export interface SimPeriod {
  startPeriod: number;
  limit: number;
  numberPhases?: number;
}

export interface SimProfile {
  id: number;
  stackLevel: number;
  purpose: Purpose;
  kind: 'Absolute' | 'Recurring' | 'Relative';
  recurrencyKind?: 'Daily' | 'Weekly';
  /** 0: the whole station (max), or every EVSE (TxDefault). */
  evseId: number;
  transactionId?: string;
  rateUnit: 'W' | 'A';
  startSchedule?: Date;
  duration?: number;
  validFrom?: Date;
  validTo?: Date;
  periods: SimPeriod[];
}

/** How the station turns amperes into watts on an EVSE. */
export interface Electrical {
  /** Phases an AC EVSE uses when a period does not say; DC: none (amperes × the DC voltage). */
  phases: number;
  ac: boolean;
}

const PHASE_VOLTAGE = 220;
const DC_VOLTAGE = 400;

export class StationChargingProfiles {
  #profiles: SimProfile[] = [];

  get all(): readonly SimProfile[] {
    return this.#profiles;
  }

  /** Installs a profile (replacing one with the same id, or the same purpose, stack level and EVSE). */
  set(p: SimProfile): void {
    this.#profiles = this.#profiles.filter(
      (x) => x.id !== p.id && !(x.purpose === p.purpose && x.stackLevel === p.stackLevel && x.evseId === p.evseId && (p.purpose !== 'TxProfile' || x.transactionId === p.transactionId)),
    );
    this.#profiles.push(p);
  }

  /** Removes what matches every given criterion; true when something was removed. */
  clear(c: { id?: number; evseId?: number; purpose?: Purpose; stackLevel?: number }): boolean {
    const before = this.#profiles.length;
    this.#profiles = this.#profiles.filter(
      (x) => !((c.id === undefined || x.id === c.id) && (c.evseId === undefined || x.evseId === c.evseId) && (c.purpose === undefined || x.purpose === c.purpose) && (c.stackLevel === undefined || x.stackLevel === c.stackLevel)),
    );
    return this.#profiles.length < before;
  }

  /** A transaction ended: its TxProfiles go with it. */
  transactionEnded(transactionId: string): void {
    this.#profiles = this.#profiles.filter((x) => !(x.purpose === 'TxProfile' && x.transactionId === transactionId));
  }

  /** The limit (W) on an EVSE now, for its running transaction if any; Infinity when none applies. */
  limitW(evseId: number, tx: { id: string; startedAt: Date } | undefined, now: Date, el: Electrical): number {
    const top = (purpose: Purpose, fits: (p: SimProfile) => boolean): number | undefined => {
      const candidates = this.#profiles
        .filter((p) => p.purpose === purpose && fits(p) && (!p.validFrom || p.validFrom <= now) && (!p.validTo || now < p.validTo))
        .map((p) => ({ p, w: this.#periodW(p, now, tx?.startedAt, el) }))
        .filter((x): x is { p: SimProfile; w: number } => x.w !== undefined)
        .sort((a, b) => b.p.stackLevel - a.p.stackLevel || (a.p.evseId === 0 ? 1 : -1));
      return candidates[0]?.w;
    };
    const max = top('ChargingStationMaxProfile', () => true);
    const txp = tx ? top('TxProfile', (p) => p.transactionId === tx.id && (p.evseId === evseId || p.evseId === 0)) : undefined;
    const def = top('TxDefaultProfile', (p) => p.evseId === evseId || p.evseId === 0);
    const own = txp ?? def ?? Infinity;
    return Math.min(own, max ?? Infinity);
  }

  /** The limit of the profile's period in force now, in W; undefined when the schedule has not begun or is over. */
  #periodW(p: SimProfile, now: Date, txStart: Date | undefined, el: Electrical): number | undefined {
    let start: number;
    if (p.kind === 'Relative') start = (txStart ?? now).getTime();
    else if (p.kind === 'Recurring' && p.startSchedule) {
      const cycle = (p.recurrencyKind === 'Weekly' ? 7 : 1) * 86_400_000;
      const since = now.getTime() - p.startSchedule.getTime();
      start = p.startSchedule.getTime() + Math.floor(since / cycle) * cycle;
    } else start = (p.startSchedule ?? now).getTime();
    const elapsed = (now.getTime() - start) / 1000;
    if (elapsed < 0 || (p.duration !== undefined && elapsed >= p.duration)) return undefined;
    const period = [...p.periods].sort((a, b) => a.startPeriod - b.startPeriod).filter((x) => x.startPeriod <= elapsed).pop();
    if (!period) return undefined;
    if (p.rateUnit === 'W') return period.limit;
    return el.ac ? period.limit * PHASE_VOLTAGE * (period.numberPhases ?? el.phases) : period.limit * DC_VOLTAGE;
  }
}
