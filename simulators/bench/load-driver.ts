/**
 * Load generation over raw OCPP sockets: opening + booting a set of stations, a closed loop
 * (one call in flight per socket, as fast as answers come) and an open loop at a fixed rate.
 * Every loop is bounded in time and in count.
 */
import { RawOcppSocket } from '../raw-ocpp-socket.js';
import { mapConcurrent } from '../admin-client.js';
import { bootCall } from './bench-fleet.js';
import type { BenchStation } from './bench-fleet.js';
import { StationWorkload } from './workload.js';

export interface LoadConnection {
  socket: RawOcppSocket;
  workload: StationWorkload;
}

export interface LoadResult {
  ok: number;
  errors: number;
  errorCodes: Record<string, number>;
  latenciesMs: number[];
  elapsedMs: number;
  /** Calls that were due but still unsent when the time ran out (open loop only). */
  backlog: number;
}

export async function openLoadConnections(endpoint: string, stations: BenchStation[], boot: boolean): Promise<LoadConnection[]> {
  return mapConcurrent(stations, 50, async (station) => {
    const socket = await RawOcppSocket.open({
      endpoint,
      identity: station.id,
      password: station.password,
      protocol: station.ocppVersion === '1.6' ? 'ocpp1.6' : 'ocpp2.0.1',
      timeoutMs: 30_000,
    });
    if (boot) {
      const { action, payload } = bootCall(station);
      await socket.call(action, payload);
    }
    return { socket, workload: new StationWorkload(station) };
  });
}

function emptyResult(): LoadResult {
  return { ok: 0, errors: 0, errorCodes: {}, latenciesMs: [], elapsedMs: 0, backlog: 0 };
}

async function oneCall(conn: LoadConnection, result: LoadResult, scheduledAt?: number): Promise<void> {
  const { action, payload } = conn.workload.next();
  const t0 = performance.now();
  try {
    const frame = await conn.socket.call(action, payload);
    result.latenciesMs.push(performance.now() - (scheduledAt ?? t0));
    conn.workload.onResult(action, frame);
    if (frame[0] === 3) result.ok++;
    else {
      result.errors++;
      const code = `${action}:${frame[2]}`;
      result.errorCodes[code] = (result.errorCodes[code] ?? 0) + 1;
    }
  } catch (err) {
    result.errors++;
    const code = `${action}:${(err as Error).message.startsWith('no response') ? 'timeout' : 'socket'}`;
    result.errorCodes[code] = (result.errorCodes[code] ?? 0) + 1;
  }
}

/** Each connection keeps exactly one call in flight until durationMs or maxCalls. */
export async function closedLoop(conns: LoadConnection[], durationMs: number, maxCalls: number): Promise<LoadResult> {
  const result = emptyResult();
  const start = performance.now();
  const deadline = start + durationMs;
  let issued = 0;
  await Promise.all(
    conns.map(async (conn) => {
      while (performance.now() < deadline && issued < maxCalls && !conn.socket.closed) {
        issued++;
        await oneCall(conn, result);
      }
    }),
  );
  result.elapsedMs = performance.now() - start;
  return result;
}

/**
 * Open loop: calls become due at `ratePerSec` regardless of answers; an idle connection takes the
 * oldest due call. Latency counts from when the call became due (at tick granularity), so time
 * spent waiting for a free connection is included (no coordinated omission).
 */
export async function fixedRate(conns: LoadConnection[], ratePerSec: number, durationMs: number): Promise<LoadResult> {
  const result = emptyResult();
  const start = performance.now();
  const total = Math.floor((ratePerSec * durationMs) / 1000);
  const due: number[] = [];
  let scheduled = 0;
  const idle = [...conns];
  const inFlight = new Set<Promise<void>>();

  const dispatch = (): void => {
    while (due.length > 0 && idle.length > 0) {
      const conn = idle.shift() as LoadConnection;
      const at = due.shift() as number;
      const p = oneCall(conn, result, at).then(() => {
        inFlight.delete(p);
        if (!conn.socket.closed) idle.push(conn);
        dispatch();
      });
      inFlight.add(p);
    }
  };

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const shouldHave = Math.min(total, Math.floor(((now - start) * ratePerSec) / 1000));
      while (scheduled < shouldHave) {
        // Due "now": the generator's own 2 ms tick is not charged to the server; waiting for a free socket is.
        due.push(now);
        scheduled++;
      }
      dispatch();
      if (now - start >= durationMs) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  result.backlog = due.length;
  due.length = 0;
  // Let in-flight calls finish (bounded by the socket's call timeout).
  await Promise.all([...inFlight]);
  result.elapsedMs = performance.now() - start;
  return result;
}

export function closeAll(conns: LoadConnection[]): void {
  for (const c of conns) c.socket.close();
}
