import { randomInt } from 'node:crypto';

/**
 * A new StartChargeSeq: our 9-character OperatorID and 18 digits, the Shanghai time to the second
 * (yyMMddHHmmss) and 6 random digits, so starts from any node never collide in practice.
 */
export function newStartChargeSeq(ourOperatorId: string, now: Date): string {
  const local = new Date(now.getTime() + 8 * 3_600_000).toISOString();
  const stamp = local.slice(2, 19).replace(/[-T:]/g, '');
  return `${ourOperatorId}${stamp}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}
