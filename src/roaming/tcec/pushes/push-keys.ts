import { createHash } from 'node:crypto';

/** The T/CEC interfaces we push. */
export const PUSH_KINDS = {
  stationStatus: 'notification_stationStatus',
  stationInfo: 'notification_stationInfo',
  startResult: 'notification_start_charge_result',
  chargeStatus: 'notification_equip_charge_status',
  stopResult: 'notification_stop_charge_result',
  orderInfo: 'notification_charge_order_info',
  checkOrders: 'check_charge_orders',
} as const;

/**
 * A StartChargeSeq for a session no partner started (supervision order pushes): our OperatorID
 * and 18 digits derived from the session id, so every node and every retry names it alike.
 */
export function sessionChargeSeq(ourOperatorId: string, sessionId: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(sessionId).digest('hex').slice(0, 16)}`).toString().padStart(18, '0').slice(-18);
  return `${ourOperatorId}${digits}`;
}
