import { Decimal } from 'decimal.js';
import type { Cdr } from '../../../domain/cdrs/cdr.model.js';
import type { DisputeReason } from '../../../domain/disputes/dispute.model.js';
import type { Partner } from '../../../domain/partners/index.js';
import { CHARGE_STATES, type RoamingCharge } from '../../../domain/roaming/index.js';
import { newId } from '../../../shared/ids.js';
import { TCEC_RET, TcecRefusal } from '../envelope/index.js';
import {
  cdrOfPartnerOrder,
  checkPartnerOrder,
  DEFAULT_DECIMALS,
  fromWire,
  kwhOf,
  parseTcecDateTime,
  periodsFromPolicyInfos,
  toWire,
  whOf,
  type ChargeOrderInfo,
  type ConnectorStatusInfo,
  type DisputedOrder,
  type PolicyInfo,
} from '../mappers/index.js';
import type { InboundContext, InboundHandlers } from '../server/inbound-handler.js';
import type { DriverSideDeps } from './driver-side.deps.js';
import type { TcecDriverSide } from './driver-side.js';

const business = (msg: string): TcecRefusal => new TcecRefusal(TCEC_RET.business, msg);
const obj = (body: unknown): Record<string, unknown> => (body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {});

/**
 * What a partner whose stations our drivers use (role cpo) pushes to us: statuses into live
 * status, its charge results onto our driver's charge, its orders as CDRs — confirmed, or
 * disputed when they do not add up or do not match its own business policy — and its order
 * checks answered with our disputes.
 */
export function driverSideHandlers(d: DriverSideDeps, side: TcecDriverSide): InboundHandlers {
  const charge = async (ctx: InboundContext, body: Record<string, unknown>): Promise<RoamingCharge> => {
    const ref = body.StartChargeSeq;
    if (typeof ref !== 'string') throw business('StartChargeSeq missing');
    const c = await d.charges.get(ctx.partner.id, ref);
    if (!c || c.side !== 'driver') throw business(`unknown StartChargeSeq ${ref}`);
    return c;
  };
  const at = (v: unknown): Date | undefined => (typeof v === 'string' ? parseTcecDateTime(v) : undefined);

  const handlers: InboundHandlers = {
    notification_stationStatus: async (ctx, body) => {
      const info = obj(obj(body).ConnectorStatusInfo) as unknown as ConnectorStatusInfo;
      if (typeof info.ConnectorID !== 'string' || !Number.isFinite(Number(info.Status))) throw business('ConnectorStatusInfo needs ConnectorID and Status');
      // A connector we never synced: accepted but ignored (Status 1), the partner need not retry.
      return { data: { Status: (await side.applyStatus(ctx.partner.id, info)) ? 0 : 1 } };
    },

    notification_start_charge_result: async (ctx, raw) => {
      const body = obj(raw);
      const c = await charge(ctx, body);
      const stat = Number(body.StartChargeSeqStat);
      const started = stat === CHARGE_STATES.charging || stat === CHARGE_STATES.starting;
      await d.charges.update(ctx.partner.id, c.ref, { state: started ? CHARGE_STATES.charging : CHARGE_STATES.unknown, startedAt: at(body.StartTime) ?? ctx.now }, ctx.now);
      return { data: { StartChargeSeq: c.ref, SuccStat: 0, FailReason: 0 } };
    },

    notification_equip_charge_status: async (ctx, raw) => {
      const body = obj(raw);
      const c = await charge(ctx, body);
      const energyWh = body.TotalPower === undefined ? undefined : whOf(fromWire(body.TotalPower, 'TotalPower'));
      await d.charges.update(ctx.partner.id, c.ref, { ...(energyWh === undefined ? {} : { energyWh }), ...(c.state === CHARGE_STATES.starting ? { state: CHARGE_STATES.charging } : {}) }, ctx.now);
      return { data: { StartChargeSeq: c.ref, SuccStat: 0 } };
    },

    notification_stop_charge_result: async (ctx, raw) => {
      const body = obj(raw);
      const c = await charge(ctx, body);
      await d.charges.update(ctx.partner.id, c.ref, { state: Number(body.SuccStat) === 0 ? CHARGE_STATES.finished : c.state, stoppedAt: ctx.now }, ctx.now);
      return { data: { StartChargeSeq: c.ref, SuccStat: 0, FailReason: 0 } };
    },

    notification_charge_order_info: async (ctx, raw) => {
      const order = obj(raw) as unknown as ChargeOrderInfo;
      const c = await charge(ctx, order as unknown as Record<string, unknown>);
      const cdr = await orderCdr(d, ctx.partner, c, order, ctx.now);
      const check = checkPartnerOrder(cdr, await policyOf(d, ctx.partner, c), c.energyWh ?? undefined);
      const stored = (await d.cdrs.insert([cdr])).length === 1 ? cdr : ((await d.cdrs.list({ sessionId: c.ref, limit: 1 })).items[0] ?? cdr);
      await d.charges.update(ctx.partner.id, c.ref, {
        cdrId: stored.id,
        state: CHARGE_STATES.finished,
        stoppedAt: stored.stoppedAt,
        energyWh: stored.totals.energyWh,
        confirmResult: check.agreed ? 0 : 1,
        ...(check.agreed ? {} : { disputeReason: check.reason }),
      }, ctx.now);
      if (!check.agreed) await dispute(d, c.providerId, stored.id, check.reason, check.detail);
      return { data: { StartChargeSeq: c.ref, ConnectorID: c.partnerConnectorId, ConfirmResult: check.agreed ? 0 : 1 } };
    },

    check_charge_orders: async (ctx, raw) => {
      const body = obj(raw);
      const orders = Array.isArray(body.ChargeOrders) ? (body.ChargeOrders as Record<string, unknown>[]) : [];
      const disputes: DisputedOrder[] = [];
      for (const o of orders) {
        const ref = String(o.StartChargeSeq);
        const theirs = { power: fromWire(o.TotalPower, 'TotalPower'), money: fromWire(o.TotalMoney, 'TotalMoney') };
        const c = await d.charges.get(ctx.partner.id, ref);
        const cdr = c?.cdrId ? await d.cdrs.get(c.cdrId) : null;
        const reason = !c || !cdr ? 1 : disputeReasonAgainst(cdr, c, theirs);
        if (reason === null) continue;
        disputes.push({ StartChargeSeq: ref, TotalPower: toWire(theirs.power, 2), TotalMoney: toWire(theirs.money, 2), DisputeReason: reason });
        if (c && cdr && c.disputeReason === null) {
          await d.charges.update(ctx.partner.id, ref, { confirmResult: 1, disputeReason: reason }, ctx.now);
          await dispute(d, c.providerId, cdr.id, reason, `check_charge_orders ${String(body.CheckOrderSeq)}: the partner counts ${theirs.power.toFixed(2)} kWh, ${theirs.money.toFixed(2)} CNY`);
        }
      }
      const power = disputes.reduce((s, o) => s.plus(String(o.TotalPower)), new Decimal(0));
      const money = disputes.reduce((s, o) => s.plus(String(o.TotalMoney)), new Decimal(0));
      return {
        data: {
          CheckOrderSeq: body.CheckOrderSeq,
          StartTime: body.StartTime,
          EndTime: body.EndTime,
          TotalDisputeOrder: disputes.length,
          TotalDisputePower: toWire(power, DEFAULT_DECIMALS.energy),
          TotalDisputeMoney: toWire(money, DEFAULT_DECIMALS.money),
          DisputeOrders: disputes,
        },
      };
    },
  };
  // Only a partner whose stations our drivers use (role cpo) sends these.
  return Object.fromEntries(
    Object.entries(handlers).map(([iface, handle]) => [
      iface,
      async (ctx: InboundContext, body: unknown) => {
        if (ctx.partner.role !== 'cpo') throw business(`${iface} is for partners whose stations our drivers use (role cpo), not a ${ctx.partner.role}`);
        return handle(ctx, body);
      },
    ]),
  );
}

/**
 * Our reason to dispute an order of the check: one we disputed already keeps its reason; else the
 * money (2) or the energy (3) the partner now counts differs from the order it pushed us.
 */
function disputeReasonAgainst(cdr: Cdr, c: RoamingCharge, theirs: { power: Decimal; money: Decimal }): DisputeReason | null {
  if (c.disputeReason === 1 || c.disputeReason === 2 || c.disputeReason === 3) return c.disputeReason;
  if (!theirs.money.minus(cdr.totals.total).abs().lte('0.005')) return 2;
  if (!theirs.power.minus(kwhOf(cdr.totals.energyWh, 2)).abs().lte('0.005')) return 3;
  return null;
}

async function orderCdr(d: DriverSideDeps, partner: Partner, c: RoamingCharge, order: ChargeOrderInfo, now: Date): Promise<Cdr> {
  const location = await d.catalog.getLocation((await d.links.byPartnerConnector(partner.id, c.partnerConnectorId))?.locationId ?? '');
  try {
    return cdrOfPartnerOrder(order, {
      id: newId(),
      partnerId: partner.id,
      providerId: c.providerId,
      agreementId: null,
      idToken: c.idToken,
      location: {
        locationId: location?.id ?? null,
        name: location?.name ?? null,
        city: location?.city ?? null,
        district: location?.district ?? null,
        address: location?.address ?? null,
        stationId: c.stationId,
        evseNo: c.evseNo,
        connectorNo: c.connectorNo,
        standard: null,
        powerType: null,
        maxPowerKw: null,
      },
      now,
    });
  } catch (e) {
    throw business((e as Error).message);
  }
}

/** The partner's business policy for the connector, asked of the partner (query_equip_business_policy). */
async function policyOf(d: DriverSideDeps, partner: Partner, c: RoamingCharge) {
  const answer = await d.client.request<{ SuccStat?: unknown; PolicyInfos?: PolicyInfo[] }>(partner, 'query_equip_business_policy', { EquipBizSeq: c.ref, ConnectorID: c.partnerConnectorId });
  try {
    return periodsFromPolicyInfos(answer?.PolicyInfos ?? []);
  } catch (e) {
    throw new TcecRefusal(TCEC_RET.system, `the partner's business policy is unusable: ${(e as Error).message}`);
  }
}

async function dispute(d: DriverSideDeps, providerId: string, cdrId: string, reason: DisputeReason, note: string): Promise<void> {
  try {
    await d.raiseDispute(providerId, cdrId, reason, note);
  } catch (err) {
    d.log.warn({ err, cdrId }, 'dispute of a partner order not raised');
  }
}
