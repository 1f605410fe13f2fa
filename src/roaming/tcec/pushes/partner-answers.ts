import type { DisputeReason } from '../../../domain/disputes/dispute.model.js';
import type { Partner } from '../../../domain/partners/index.js';
import type { RoamingChargeStore } from '../../../domain/roaming/index.js';
import type { Clock } from '../../../shared/clock.js';
import { isAppError } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/logger.js';
import { PUSH_KINDS } from './push-keys.js';
import type { AnswerHandler } from './push-sender.js';

export interface PartnerAnswerDeps {
  readonly charges: RoamingChargeStore;
  /** Raises a dispute on our CDR on the partner's behalf (it pays for it). */
  readonly raiseDispute: (partnerId: string, cdrId: string, reason: DisputeReason, note: string) => Promise<unknown>;
  readonly clock: Clock;
  readonly log: Logger;
}

const REASONS: readonly number[] = [1, 2, 3];

/**
 * What the partner's answers to our order pushes mean on our side: ConfirmResult 1 to an order,
 * or an order among the DisputeOrders of a check, becomes a dispute of our CDR raised by the
 * partner (reason 2 when the order answer gives none), for the operator to accept or reject.
 */
export function partnerAnswerHandlers(d: PartnerAnswerDeps): Record<string, AnswerHandler> {
  const dispute = async (partner: Partner, ref: string, reason: DisputeReason, note: string): Promise<void> => {
    const charge = await d.charges.get(partner.id, ref);
    if (!charge?.cdrId) return void d.log.warn({ partner: partner.id, ref }, 'partner disputes an order we do not know');
    await d.charges.update(partner.id, ref, { confirmResult: 1, disputeReason: reason }, d.clock.now());
    try {
      await d.raiseDispute(partner.id, charge.cdrId, reason, note);
    } catch (err) {
      // A second answer about the same order (a retried push) finds its dispute open already.
      if (!isAppError(err) || (err.code !== 'DISPUTE_ALREADY_OPEN' && err.code !== 'CDR_NOT_REVIEWABLE')) throw err;
    }
  };
  return {
    [PUSH_KINDS.orderInfo]: async (push, partner, answer) => {
      const a = (answer ?? {}) as { StartChargeSeq?: unknown; ConfirmResult?: unknown };
      const ref = String(a.StartChargeSeq ?? (push.body as { StartChargeSeq: string }).StartChargeSeq);
      if (Number(a.ConfirmResult) === 1) await dispute(partner, ref, 2, 'the partner did not confirm the order (notification_charge_order_info ConfirmResult 1)');
      else await d.charges.update(partner.id, ref, { confirmResult: 0 }, d.clock.now());
    },
    [PUSH_KINDS.checkOrders]: async (_push, partner, answer) => {
      const orders = ((answer ?? {}) as { DisputeOrders?: unknown }).DisputeOrders;
      if (!Array.isArray(orders)) return;
      for (const o of orders as { StartChargeSeq?: unknown; DisputeReason?: unknown; TotalMoney?: unknown; TotalPower?: unknown }[]) {
        const reason = Number(o.DisputeReason);
        if (typeof o.StartChargeSeq !== 'string' || !REASONS.includes(reason)) continue;
        await dispute(partner, o.StartChargeSeq, reason as DisputeReason, `check_charge_orders: the partner counts ${String(o.TotalPower)} kWh, ${String(o.TotalMoney)} CNY`);
      }
    },
  };
}
