// How the console writes times (Asia/Shanghai), money (CNY, exact strings from the API) and energy.
import { language } from './i18n.js';

const formats = new Map();
function dateFormat(kind) {
  const key = `${language()}:${kind}`;
  let f = formats.get(key);
  if (!f) {
    const options = { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit' };
    if (kind !== 'date') Object.assign(options, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    f = new Intl.DateTimeFormat(language() === 'zh' ? 'zh-CN' : 'en-CA', options);
    formats.set(key, f);
  }
  return f;
}

/** An instant as Shanghai local time, e.g. 2026-12-06 14:03:05. */
export function time(iso) {
  if (!iso) return '—';
  const parts = Object.fromEntries(dateFormat('time').formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}:${parts.second}`;
}

/** "YYYY-MM-DD" of an instant in Shanghai. */
export function shanghaiDate(at = new Date()) {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A datetime-local value ("YYYY-MM-DDTHH:MM", read as Shanghai time) → ISO instant. */
export function fromShanghaiLocal(value) {
  if (!value) return undefined;
  return new Date(`${value}:00+08:00`).toISOString();
}

const group = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A CNY amount given as an exact decimal string ("1234.5" or "8.40") → "¥1,234.50" / "CNY 1,234.50". Never a float. */
export function money(amount) {
  if (amount === null || amount === undefined) return '—';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(amount));
  if (!m) return String(amount);
  const cents = (m[3] ?? '').padEnd(2, '0').slice(0, 2);
  const text = `${m[1]}${group(m[2])}.${cents}`;
  return language() === 'zh' ? `¥${text}` : `CNY ${text}`;
}

/** A unit price (4 decimals) as given. */
export const price = (p) => (p === null || p === undefined ? '—' : `${p}`);

/** Integer Wh → "12.345 kWh" (integer arithmetic). */
export function kwh(wh) {
  if (wh === null || wh === undefined) return '—';
  const sign = wh < 0 ? '-' : '';
  const a = Math.abs(Math.trunc(wh));
  return `${sign}${group(String(Math.floor(a / 1000)))}.${String(a % 1000).padStart(3, '0')} kWh`;
}

/** A kWh string from the API ("12.345") → "12.345 kWh". */
export const kwhText = (s) => (s === null || s === undefined ? '—' : `${s} kWh`);

/** A share "0.4123" → "41.23 %". */
export function percent(share) {
  if (share === null || share === undefined) return '—';
  const m = /^(\d+)\.(\d{4})$/.exec(share);
  if (!m) return share;
  const hundredths = Number(m[1]) * 10000 + Number(m[2]);
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')} %`;
}

export const BUSY = ['PREPARING', 'CHARGING', 'SUSPENDED', 'FINISHING'];

/** One word for a set of connector statuses: what a map marker shows. */
export function availabilityOf(statuses) {
  if (statuses.length === 0) return 'unknown';
  if (statuses.includes('AVAILABLE')) return 'available';
  if (statuses.some((s) => BUSY.includes(s) || s === 'RESERVED')) return 'busy';
  if (statuses.every((s) => s === 'FAULTED')) return 'faulted';
  if (statuses.some((s) => s === 'FAULTED')) return 'faulted';
  return 'offline';
}
