import type { LiveCost } from '../../../domain/cdrs/cdr.service.js';
import type { Partner } from '../../../domain/partners/index.js';
import { CHARGE_STATES, type NewPartnerPush, type RoamingChargeStore } from '../../../domain/roaming/index.js';
import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import { kwhOf, tcecDateTime, toWire } from '../mappers/index.js';
import { PUSH_KINDS } from './push-keys.js';
import type { PushSender } from './push-sender.js';

/** How often a charging partner charge is reported when the partner did not say (statusPushSeconds). */
export const DEFAULT_STATUS_PUSH_SECONDS = 60;

export interface ChargeStatusTickerDeps {
  readonly partners: { get(id: string): Promise<Partner | null> };
  readonly charges: RoamingChargeStore;
  readonly liveCost: (sessionId: string) => Promise<LiveCost | null>;
  readonly sender: Pick<PushSender, 'enqueueAndSend'>;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * notification_equip_charge_status every statusPushSeconds while a partner's charge is charging.
 * Every node ticks; the push key is the charge and the period number, so the queue keeps one per
 * period whichever node queued it first, and a restart neither skips nor repeats a period.
 */
export class ChargeStatusTicker {
  #timer: NodeJS.Timeout | undefined;
  #busy = false;

  constructor(private readonly d: ChargeStatusTickerDeps) {}

  start(everyMs = 1_000): void {
    this.#timer = setInterval(() => void this.tick(), everyMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async tick(): Promise<number> {
    if (this.#busy) return 0;
    this.#busy = true;
    try {
      const now = this.d.clock.now();
      const pushes: NewPartnerPush[] = [];
      for (const c of await this.d.charges.active('station', 5_000)) {
        if (c.state !== CHARGE_STATES.charging || !c.sessionId || !c.startedAt) continue;
        const partner = await this.d.partners.get(c.partnerId);
        if (!partner || partner.state === 'suspended') continue;
        const every = (partner.tcec.statusPushSeconds ?? DEFAULT_STATUS_PUSH_SECONDS) * 1000;
        const period = Math.floor((now.getTime() - c.startedAt.getTime()) / every);
        if (period < 1) continue;
        const cost = await this.d.liveCost(c.sessionId);
        if (!cost) continue;
        const t = cost.totals;
        pushes.push({
          partnerId: c.partnerId,
          kind: PUSH_KINDS.chargeStatus,
          key: `charge-status:${c.ref}:${period}`,
          body: {
            StartChargeSeq: c.ref,
            StartChargeSeqStat: CHARGE_STATES.charging,
            ConnectorID: c.partnerConnectorId,
            ConnectorStatus: 3,
            CurrentA: 0,
            VoltageA: 0,
            Soc: 0,
            StartTime: tcecDateTime(c.startedAt),
            EndTime: tcecDateTime(cost.asOf),
            TotalPower: kwhOf(t.energyWh, 2),
            ElecMoney: toWire(t.energyAmount, 2),
            SeviceMoney: toWire(t.serviceAmount.plus(t.idleAmount).plus(t.sessionFeeAmount), 2),
            TotalMoney: toWire(t.total, 2),
            SumPeriod: 0,
          },
          createdAt: now,
        });
      }
      if (pushes.length > 0) await this.d.sender.enqueueAndSend(pushes);
      return pushes.length;
    } catch (err) {
      this.d.log.warn({ err }, 'charge status tick failed');
      return 0;
    } finally {
      this.#busy = false;
    }
  }
}
