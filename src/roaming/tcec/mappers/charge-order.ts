import { Decimal } from 'decimal.js';
import type { Cdr } from '../../../domain/cdrs/cdr.model.js';
import type { CdrLine } from '../../../domain/pricing/pricing.model.js';
import { tcecConnectorId } from './connector-id.js';
import { tcecDateTime } from './tcec-time.js';
import type { ChargeDetail, ChargeOrderInfo, CheckedOrder, StopReason } from './tcec-objects.js';
import { DEFAULT_DECIMALS, kwhOf, toWire, type WireDecimals } from './wire-numbers.js';

export interface ChargeOrderOptions {
  /** The partner's StartChargeSeq (its start) or the one we made for the session. */
  readonly startChargeSeq: string;
  readonly stopReason?: StopReason | undefined;
  readonly decimals?: WireDecimals | undefined;
}

/**
 * One CDR line as a ChargeDetail. Energy lines carry their prices, kWh and the two amounts as
 * priced (already rounded to the fen per line); T/CEC knows only electricity and service money,
 * so an idle or session fee line travels as service money with no energy.
 */
function chargeDetailOf(line: CdrLine, d: WireDecimals): ChargeDetail {
  const energy = line.kind === 'energy';
  return {
    DetailStartTime: tcecDateTime(line.startsAt),
    DetailEndTime: tcecDateTime(line.endsAt),
    ElecPrice: energy ? toWire(line.energyPrice, d.price) : 0,
    SevicePrice: energy ? toWire(line.serviceFee, d.price) : 0,
    DetailPower: energy ? kwhOf(line.wh, d.energy) : 0,
    DetailElecMoney: toWire(line.energyAmount, d.money),
    DetailSeviceMoney: toWire(energy ? line.serviceAmount : line.feeAmount, d.money),
  };
}

/**
 * A priced CDR as the order of notification_charge_order_info: one ChargeDetail per CDR line, so
 * the details add up to the totals to the fen (idle and session fees inside the service money).
 */
export function chargeOrderInfoOf(cdr: Cdr, opts: ChargeOrderOptions): ChargeOrderInfo {
  const d = opts.decimals ?? DEFAULT_DECIMALS;
  const t = cdr.totals;
  const service = t.serviceAmount.plus(t.idleAmount).plus(t.sessionFeeAmount);
  return {
    StartChargeSeq: opts.startChargeSeq,
    ConnectorID: tcecConnectorId(cdr.location.stationId, cdr.location.evseNo ?? 1, cdr.location.connectorNo ?? 1),
    StartTime: tcecDateTime(cdr.startedAt),
    EndTime: tcecDateTime(cdr.stoppedAt),
    TotalPower: kwhOf(t.energyWh, d.energy),
    TotalElecMoney: toWire(t.energyAmount, d.money),
    TotalSeviceMoney: toWire(service, d.money),
    TotalMoney: toWire(t.total, d.money),
    StopReason: opts.stopReason ?? 0,
    SumPeriod: cdr.lines.length,
    ChargeDetails: cdr.lines.map((l) => chargeDetailOf(l, d)),
  };
}

/** A CDR as one line of check_charge_orders. */
export function checkedOrderOf(cdr: Pick<Cdr, 'totals'>, startChargeSeq: string, d: WireDecimals = DEFAULT_DECIMALS): CheckedOrder {
  return { StartChargeSeq: startChargeSeq, TotalPower: kwhOf(cdr.totals.energyWh, d.energy), TotalMoney: toWire(cdr.totals.total, d.money) };
}

/** The batch totals of check_charge_orders, summed exactly. */
export function checkTotals(orders: readonly CheckedOrder[], d: WireDecimals = DEFAULT_DECIMALS): { OrderCount: number; TotalOrderPower: number; TotalOrderMoney: number } {
  const power = orders.reduce((s, o) => s.plus(new Decimal(String(o.TotalPower))), new Decimal(0));
  const money = orders.reduce((s, o) => s.plus(new Decimal(String(o.TotalMoney))), new Decimal(0));
  return { OrderCount: orders.length, TotalOrderPower: toWire(power, d.energy), TotalOrderMoney: toWire(money, d.money) };
}
