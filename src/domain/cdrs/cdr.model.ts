import type { CdrLine, CdrTotals, IdleFee, PricedPeriod, QualityFinding } from '../pricing/pricing.model.js';

export const CDR_KINDS = ['original', 'credit', 'replacement'] as const;
export type CdrKind = (typeof CDR_KINDS)[number];

/**
 * priced: counts in settlement; unpriced: no tariff covered the session (the reason says why),
 * never settled at 0; held: data quality needs a look (kept out until released or voided);
 * voided: an operator threw it out.
 */
export const CDR_STATUSES = ['priced', 'unpriced', 'held', 'voided'] as const;
export type CdrStatus = (typeof CDR_STATUSES)[number];

/** Where the session charged, as it was when the CDR was made. */
export interface CdrLocation {
  readonly locationId: string | null;
  readonly name: string | null;
  readonly city: string | null;
  readonly district: string | null;
  readonly address: string | null;
  readonly stationId: string;
  readonly evseNo: number | null;
  readonly connectorNo: number | null;
  readonly standard: string | null;
  readonly powerType: 'AC' | 'DC' | null;
  readonly maxPowerKw: number | null;
}

/** The tariff and the versions of it that were valid while the session charged. */
export interface CdrTariff {
  readonly tariffId: string | null;
  readonly name: string | null;
  readonly versions: readonly {
    readonly version: number;
    readonly validFrom: Date;
    readonly validTo: Date | null;
    readonly periods: readonly PricedPeriod[];
    readonly idleFee: IdleFee | null;
    readonly sessionFee: PricedPeriod['energyPrice'] | null;
  }[];
}

export interface CdrReview {
  readonly by: string;
  readonly at: Date;
  readonly note: string | null;
}

export interface Cdr {
  readonly id: string;
  readonly sessionId: string;
  readonly kind: CdrKind;
  readonly status: CdrStatus;
  /** Why it is unpriced. */
  readonly statusReason: string | null;
  readonly quality: readonly QualityFinding[];
  /** The operator whose station charged. */
  readonly cpoId: string;
  /** The provider (EMSP) who pays: the token's operator, or the CPO itself for its own customers. */
  readonly providerId: string;
  readonly agreementId: string | null;
  /** A credit: the CDR it cancels. */
  readonly creditsCdrId: string | null;
  /** A replacement: the CDR it corrects. */
  readonly replacesCdrId: string | null;
  readonly idToken: string | null;
  readonly location: CdrLocation;
  readonly tariff: CdrTariff;
  readonly startedAt: Date;
  readonly stoppedAt: Date;
  readonly lines: readonly CdrLine[];
  readonly totals: CdrTotals;
  readonly currency: 'CNY';
  /** Asia/Shanghai day of the session's end, "YYYY-MM-DD". */
  readonly settlementDay: string;
  readonly createdAt: Date;
  readonly review: CdrReview | null;
}

/** Settlement counts what was priced (and released); never unpriced, held or voided CDRs. */
export const isSettleable = (c: Pick<Cdr, 'status'>): boolean => c.status === 'priced';
