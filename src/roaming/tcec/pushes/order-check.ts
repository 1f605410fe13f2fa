import type { Cdr } from '../../../domain/cdrs/cdr.model.js';
import type { Partner } from '../../../domain/partners/index.js';
import type { NewPartnerPush, RoamingChargeStore } from '../../../domain/roaming/index.js';
import { shanghaiDayStart } from '../../../shared/shanghai-time.js';
import { checkedOrderOf, checkTotals, tcecDateTime, type CheckedOrder } from '../mappers/index.js';
import { PUSH_KINDS } from './push-keys.js';
import type { PushSender } from './push-sender.js';

export interface OrderCheckDeps {
  readonly partners: { list(): Promise<Partner[]> };
  readonly charges: RoamingChargeStore;
  readonly cdrs: { get(id: string): Promise<Cdr | null> };
  readonly sender: Pick<PushSender, 'enqueueAndSend'>;
}

/**
 * check_charge_orders for one Asia/Shanghai day: to every partner whose drivers charged at our
 * stations that day, the day's orders (StartChargeSeq, kWh, money) and their totals. Queued once
 * per partner and day (the key), so the daily job may run on several nodes or twice.
 */
export async function queueOrderChecks(d: OrderCheckDeps, day: string, now: Date): Promise<number> {
  const start = shanghaiDayStart(day);
  if (!start) throw new RangeError(`not a day: ${day}`);
  const end = new Date(start.getTime() + 86_400_000);
  const pushes: NewPartnerPush[] = [];
  for (const p of await d.partners.list()) {
    if (p.protocol !== 'tcec' || p.state === 'suspended') continue;
    const charges = await d.charges.finished(p.id, 'station', start, end);
    if (charges.length === 0) continue;
    const orders: CheckedOrder[] = [];
    for (const c of charges) {
      const cdr = await d.cdrs.get(c.cdrId!);
      if (cdr) orders.push(checkedOrderOf(cdr, c.ref));
    }
    const seq = `${p.tcec.ourOperatorId}${day.replaceAll('-', '')}${'0'.repeat(10)}`.slice(0, 27);
    pushes.push({
      partnerId: p.id,
      kind: PUSH_KINDS.checkOrders,
      key: `check:${day}`,
      body: { CheckOrderSeq: seq, StartTime: tcecDateTime(start), EndTime: tcecDateTime(new Date(end.getTime() - 1000)), ...checkTotals(orders), ChargeOrders: orders },
      createdAt: now,
    });
  }
  if (pushes.length > 0) await d.sender.enqueueAndSend(pushes);
  return pushes.length;
}
