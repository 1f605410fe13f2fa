import { SHANGHAI_OFFSET_MS, shanghaiDateTime } from '../../../shared/shanghai-time.js';

/** T/CEC times are "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai. */
export const tcecDateTime = (at: Date): string => shanghaiDateTime(at);

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** A partner's "YYYY-MM-DD HH:mm:ss" (Shanghai) as an instant; undefined if it is no real time. */
export function parseTcecDateTime(text: string): Date | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(utc);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return new Date(utc - SHANGHAI_OFFSET_MS);
}

/** "HH:MM" → "HHMM00" (PolicyInfo StartTime). */
export const policyStartOf = (hhmm: string): string => `${hhmm.slice(0, 2)}${hhmm.slice(3, 5)}00`;

/** "HHmmss" → "HH:MM"; seconds must be 00, as our periods start on whole minutes. */
export function periodStartOf(hhmmss: string): string | undefined {
  const m = /^([01]\d|2[0-3])([0-5]\d)(\d{2})$/.exec(hhmmss);
  if (!m || m[3] !== '00') return undefined;
  return `${m[1]}:${m[2]}`;
}
