import { SHANGHAI_OFFSET_MS } from '../../../shared/shanghai-time.js';

const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** The envelope's TimeStamp: `yyyyMMddHHmmss` in Asia/Shanghai (UTC+8 all year). */
export function formatTimeStamp(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

/** A TimeStamp back to its instant; undefined when it is not a real time in that format. */
export function parseTimeStamp(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 2026-02-30 over into March: a real time formats back to the same text.
  const at = new Date(local - SHANGHAI_OFFSET_MS);
  return formatTimeStamp(at) === text ? at : undefined;
}
