/**
 * SSE fan-out latency: N subscribers on GET /v1/availability/stream of the API node (a third with
 * no filter, a third with a city filter, a third with a bbox around a city centre), then a series
 * of connector status changes sent by stations connected to the gateway node. Latency per delivery
 * = when the subscriber parsed the event's `data:` line − when the StatusNotification's CALLRESULT
 * came back to the station (also reported: − when the station sent it).
 */
import http from 'node:http';
import { mapConcurrent } from '../admin-client.js';
import { CITIES } from '../templates.js';
import { changeStatus, eventKey } from './avail-fleet.js';
import type { LiveStation, StatusChange } from './avail-fleet.js';

interface Filter {
  city?: string;
  bbox?: [number, number, number, number];
}

interface Subscriber {
  req: http.ClientRequest;
  filter: Filter;
  probed: boolean;
}

export interface FanoutResult {
  subscribers: number;
  connectMs: number;
  changes: number;
  changeErrors: number;
  expected: number;
  delivered: number;
  /** From the CALLRESULT (negative: the subscriber had it before the station had its answer). */
  latenciesMs: number[];
  fromSendMs: number[];
  unprobed: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function filterFor(i: number): Filter {
  const city = CITIES[Math.floor(i / 3) % CITIES.length] ?? CITIES[0]!;
  if (i % 3 === 1) return { city: city.city };
  if (i % 3 === 2) return { bbox: [city.center.lng - 0.1, city.center.lat - 0.1, city.center.lng + 0.1, city.center.lat + 0.1] };
  return {};
}

function matches(f: Filter, s: LiveStation): boolean {
  if (f.city && s.location.city !== f.city) return false;
  if (f.bbox) {
    const [minLng, minLat, maxLng, maxLat] = f.bbox;
    if (s.location.lng < minLng || s.location.lng > maxLng || s.location.lat < minLat || s.location.lat > maxLat) return false;
  }
  return true;
}

function openSubscriber(port: number, adminKey: string, filter: Filter, onEvent: (key: string, t: number, sub: Subscriber) => void): Promise<Subscriber> {
  const q = new URLSearchParams();
  if (filter.city) q.set('city', filter.city);
  if (filter.bbox) q.set('bbox', filter.bbox.join(','));
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: `/v1/availability/stream?${q.toString()}`,
      agent: false,
      headers: { authorization: `Bearer ${adminKey}`, accept: 'text/event-stream' },
    });
    const sub: Subscriber = { req, filter, probed: false };
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('no ": connected" within 30 s'));
    }, 30_000);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        clearTimeout(timer);
        res.resume();
        reject(new Error(`HTTP ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (chunk: string) => {
        const t = performance.now();
        buf += chunk;
        for (let end = buf.indexOf('\n\n'); end >= 0; end = buf.indexOf('\n\n')) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (block.startsWith(': connected')) {
            clearTimeout(timer);
            resolve(sub);
            continue;
          }
          for (const line of block.split('\n')) {
            if (!line.startsWith('data: ')) continue;
            try {
              const e = JSON.parse(line.slice(6)) as { stationId: string; at: string };
              onEvent(eventKey(e.stationId, Date.parse(e.at)), t, sub);
            } catch {
              // not an event of ours
            }
          }
        }
      });
      res.on('error', () => undefined);
    });
    req.end();
  });
}

export async function runFanout(o: {
  apiPort: number;
  adminKey: string;
  stations: LiveStation[];
  subscribers: number;
  changes: number;
  intervalMs: number;
  log: (m: string) => void;
}): Promise<FanoutResult> {
  const receipts: Array<{ key: string; t: number }> = [];
  let measuring = false;
  const onEvent = (key: string, t: number, sub: Subscriber): void => {
    sub.probed = true;
    if (measuring) receipts.push({ key, t });
  };
  const t0 = performance.now();
  const subs: Subscriber[] = [];
  try {
    let failed = 0;
    await mapConcurrent(Array.from({ length: o.subscribers }, (_, i) => i), 50, async (i) => {
      try {
        subs.push(await openSubscriber(o.apiPort, o.adminKey, filterFor(i), onEvent));
      } catch (err) {
        if (++failed <= 3) o.log(`SSE subscriber ${i} failed: ${(err as Error).message}`);
      }
    });
    if (subs.length === 0) throw new Error('no SSE subscriber could connect');
    const connectMs = performance.now() - t0;
    o.log(`${subs.length} SSE subscribers connected in ${(connectMs / 1000).toFixed(1)} s`);

    // ": connected" is written before the server's subscription exists: probe until every
    // subscriber has seen an event (one per city per round; bounded).
    const byCity = CITIES.map((c) => o.stations.find((s) => s.location.city === c.city)).filter((s): s is LiveStation => s !== undefined);
    for (let round = 0; round < 15 && subs.some((s) => !s.probed); round++) {
      await Promise.all(byCity.map((s, k) => changeStatus(s, (round + k) % 2 === 0 ? 'Charging' : 'Available')));
      const until = performance.now() + 2_000;
      while (performance.now() < until && subs.some((s) => !s.probed)) await sleep(20);
    }
    const unprobed = subs.filter((s) => !s.probed).length;
    await sleep(500);

    // The measured status changes: spread over the fleet (and so over the three cities).
    measuring = true;
    const pending: Array<Promise<{ change: StatusChange; station: LiveStation } | null>> = [];
    const step = Math.max(1, Math.floor(o.stations.length / Math.max(1, o.changes)));
    for (let i = 0; i < o.changes; i++) {
      const station = o.stations[(i * step + 7) % o.stations.length] as LiveStation;
      pending.push(changeStatus(station, i % 2 === 0 ? 'Charging' : 'Available').then((change) => ({ change, station }), () => null));
      await sleep(o.intervalMs);
    }
    const done = await Promise.all(pending);
    const changes = new Map<string, StatusChange>();
    let expected = 0;
    let changeErrors = 0;
    for (const d of done) {
      if (!d || !d.change.ok) {
        changeErrors++;
        continue;
      }
      changes.set(d.change.key, d.change);
      expected += subs.filter((s) => matches(s.filter, d.station)).length;
    }
    const countOurs = (): number => receipts.reduce((n, r) => n + (changes.has(r.key) ? 1 : 0), 0);
    const deadline = performance.now() + 10_000;
    while (performance.now() < deadline && countOurs() < expected) await sleep(50);
    measuring = false;

    const latenciesMs: number[] = [];
    const fromSendMs: number[] = [];
    for (const r of receipts) {
      const c = changes.get(r.key);
      if (!c) continue;
      latenciesMs.push(r.t - c.resultAt);
      fromSendMs.push(r.t - c.sentAt);
    }
    return { subscribers: subs.length, connectMs, changes: changes.size, changeErrors, expected, delivered: latenciesMs.length, latenciesMs, fromSendMs, unprobed };
  } finally {
    for (const s of subs) s.req.destroy();
  }
}
