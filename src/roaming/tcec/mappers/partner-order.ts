import { Decimal } from 'decimal.js';
import type { Cdr, CdrLocation } from '../../../domain/cdrs/cdr.model.js';
import { price } from '../../../domain/pricing/price.js';
import type { CdrLine, PricedPeriod, TariffVersion } from '../../../domain/pricing/pricing.model.js';
import { shanghaiDate } from '../../../shared/shanghai-time.js';
import { parseTcecDateTime } from './tcec-time.js';
import type { ChargeOrderInfo, DisputeReason } from './tcec-objects.js';
import { fromWire, whOf } from './wire-numbers.js';

const money = (n: unknown, field: string): Decimal => fromWire(n, field).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

function time(text: unknown, field: string): Date {
  const at = typeof text === 'string' ? parseTcecDateTime(text) : undefined;
  if (!at) throw new TypeError(`${field} is not a time "YYYY-MM-DD HH:mm:ss": ${JSON.stringify(text)}`);
  return at;
}

/** The tariff id partner orders are priced under on our side (they are priced by the partner). */
export const partnerPolicyTariffId = (partnerId: string): string => `${partnerId}:policy`;

export interface PartnerOrderContext {
  readonly id: string;
  /** The partner: the CPO of its stations. */
  readonly partnerId: string;
  /** Our member operator whose driver charged: the provider who pays. */
  readonly providerId: string;
  readonly agreementId: string | null;
  readonly idToken: string | null;
  /** Where it charged, as our catalog knows the partner's connector. */
  readonly location: CdrLocation;
  readonly now: Date;
}

/**
 * A partner's order push as a CDR with the partner as CPO: one energy line per ChargeDetail with
 * the partner's prices and amounts (it priced the session; we check, we do not re-price the CDR),
 * idle and session fees unknown to T/CEC. Throws a TypeError naming the field that is wrong.
 */
export function cdrOfPartnerOrder(order: ChargeOrderInfo, ctx: PartnerOrderContext): Cdr {
  const startedAt = time(order.StartTime, 'StartTime');
  const stoppedAt = time(order.EndTime, 'EndTime');
  if (stoppedAt.getTime() < startedAt.getTime()) throw new TypeError('EndTime is before StartTime');
  const tariffId = partnerPolicyTariffId(ctx.partnerId);
  const details = Array.isArray(order.ChargeDetails) ? order.ChargeDetails : [];
  const lines: CdrLine[] = details.map((d, i) => {
    const at = `ChargeDetails[${i}]`;
    const energyAmount = money(d.DetailElecMoney, `${at}.DetailElecMoney`);
    const serviceAmount = money(d.DetailSeviceMoney, `${at}.DetailSeviceMoney`);
    return {
      kind: 'energy',
      startsAt: time(d.DetailStartTime, `${at}.DetailStartTime`),
      endsAt: time(d.DetailEndTime, `${at}.DetailEndTime`),
      wh: whOf(fromWire(d.DetailPower, `${at}.DetailPower`)),
      minutes: 0,
      tier: null,
      tariffId,
      tariffVersion: 1,
      energyPrice: fromWire(d.ElecPrice, `${at}.ElecPrice`).toDecimalPlaces(4, Decimal.ROUND_HALF_UP),
      serviceFee: fromWire(d.SevicePrice, `${at}.SevicePrice`).toDecimalPlaces(4, Decimal.ROUND_HALF_UP),
      energyAmount,
      serviceAmount,
      feeAmount: new Decimal(0),
      amount: energyAmount.plus(serviceAmount),
      splitBy: 'meter',
    };
  });
  const energyAmount = money(order.TotalElecMoney, 'TotalElecMoney');
  const serviceAmount = money(order.TotalSeviceMoney, 'TotalSeviceMoney');
  return {
    id: ctx.id,
    sessionId: String(order.StartChargeSeq),
    kind: 'original',
    status: 'priced',
    statusReason: null,
    quality: [],
    cpoId: ctx.partnerId,
    providerId: ctx.providerId,
    agreementId: ctx.agreementId,
    creditsCdrId: null,
    replacesCdrId: null,
    idToken: ctx.idToken,
    location: ctx.location,
    tariff: { tariffId, name: 'T/CEC business policy', versions: [] },
    startedAt,
    stoppedAt,
    lines,
    totals: {
      energyWh: whOf(fromWire(order.TotalPower, 'TotalPower')),
      energyAmount,
      serviceAmount,
      idleAmount: new Decimal(0),
      sessionFeeAmount: new Decimal(0),
      total: money(order.TotalMoney, 'TotalMoney'),
    },
    currency: 'CNY',
    settlementDay: shanghaiDate(stoppedAt),
    createdAt: ctx.now,
    review: null,
  };
}

export type OrderCheck =
  | { readonly agreed: true; readonly expectedMoney: Decimal }
  | { readonly agreed: false; readonly reason: DisputeReason; readonly detail: string; readonly expectedMoney: Decimal | null };

const ONE_FEN = new Decimal('0.01');

/**
 * Our check of a partner's order. Energy (reason 3): its details must add up to its TotalPower,
 * and it cannot be less than the partner itself reported while charging (`observedWh`, from its
 * status pushes). Money (reason 2): the totals must add up, and each detail re-priced with our
 * pricing engine against the partner's own business policy (split at its bands by time) must
 * give the order's TotalMoney. Details travel with 0.01 kWh, so up to one fen per detail is
 * rounding, not a dispute.
 */
export function checkPartnerOrder(cdr: Cdr, policy: readonly PricedPeriod[], observedWh?: number): OrderCheck {
  const t = cdr.totals;
  const lineWh = cdr.lines.reduce((s, l) => s + l.wh, 0);
  if (cdr.lines.length > 0 && Math.abs(lineWh - t.energyWh) > 10 * cdr.lines.length) {
    return { agreed: false, reason: 3, detail: `ChargeDetails add up to ${lineWh / 1000} kWh, TotalPower says ${t.energyWh / 1000} kWh`, expectedMoney: null };
  }
  if (observedWh !== undefined && t.energyWh + 10 < observedWh) {
    return { agreed: false, reason: 3, detail: `TotalPower ${t.energyWh / 1000} kWh is less than the ${observedWh / 1000} kWh reported while charging`, expectedMoney: null };
  }
  if (!t.energyAmount.plus(t.serviceAmount).minus(t.total).abs().lte(ONE_FEN)) {
    return { agreed: false, reason: 2, detail: `TotalElecMoney + TotalSeviceMoney = ${t.energyAmount.plus(t.serviceAmount).toFixed(2)}, TotalMoney = ${t.total.toFixed(2)}`, expectedMoney: null };
  }
  const version: TariffVersion = { tariffId: cdr.tariff.tariffId ?? 'policy', version: 1, validFrom: new Date(0), validTo: null, periods: policy, idleFee: null, sessionFee: null };
  // Without details the whole charge is one detail.
  const details = cdr.lines.length > 0 ? cdr.lines : [{ startsAt: cdr.startedAt, endsAt: cdr.stoppedAt, wh: t.energyWh }];
  let expected = new Decimal(0);
  for (const d of details) {
    const priced = price([version], { startedAt: d.startsAt, stoppedAt: d.endsAt, meterStartWh: 0, meterStopWh: d.wh, chargingEndedAt: null }, []);
    expected = expected.plus(priced.totals.total);
  }
  const tolerance = ONE_FEN.times(details.length);
  if (expected.minus(t.total).abs().gt(tolerance)) {
    return { agreed: false, reason: 2, detail: `its business policy gives ${expected.toFixed(2)} CNY for ${t.energyWh / 1000} kWh, the order says ${t.total.toFixed(2)}`, expectedMoney: expected };
  }
  return { agreed: true, expectedMoney: expected };
}
