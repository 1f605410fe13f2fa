/**
 * Boot-storm worker (a child process of gateway-bench.ts):
 *   tsx simulators/bench/storm-worker.ts ENDPOINT FROM TO TIMEOUT_MS
 * Prints "READY", waits for "GO" on stdin, then opens stations FROM..TO-1 of the storm pool all at
 * once; each sends BootNotification and one StatusNotification per connector. Prints
 * "RESULT {json}" when all are done (or the timeout hits), holds the sockets until "EXIT".
 */
import { createInterface } from 'node:readline';
import { RawOcppSocket } from '../raw-ocpp-socket.js';
import { benchStation, bootCall, statusCalls } from './bench-fleet.js';

export interface StormWorkerResult {
  stations: number;
  accepted: number;
  errors: number;
  errorKinds: Record<string, number>;
  /** ms from GO until the last station finished its status notifications. */
  allDoneMs: number;
  /** ms from GO until half the stations were done. */
  halfDoneMs: number;
  /** Connection attempts repeated after a transport error (like a real station's backoff). */
  retries: number;
  timedOut: boolean;
}

const [endpoint = '', fromArg = '0', toArg = '0', timeoutArg = '120000'] = process.argv.slice(2);
const from = Number(fromArg);
const to = Number(toArg);
const timeoutMs = Number(timeoutArg);
const sockets: RawOcppSocket[] = [];
const MAX_ATTEMPTS = 5;

async function runStation(i: number, t0: number, doneTimes: number[], result: StormWorkerResult): Promise<void> {
  const station = benchStation('S', i);
  const kind = (k: string): void => {
    result.errors++;
    result.errorKinds[k] = (result.errorKinds[k] ?? 0) + 1;
  };
  let socket: RawOcppSocket | undefined;
  for (let attempt = 1; !socket; attempt++) {
    try {
      socket = await RawOcppSocket.open({
        endpoint,
        identity: station.id,
        password: station.password,
        protocol: station.ocppVersion === '1.6' ? 'ocpp1.6' : 'ocpp2.0.1',
        timeoutMs,
      });
      sockets.push(socket);
    } catch (err) {
      const status = (err as { status?: number }).status;
      const left = timeoutMs - (performance.now() - t0);
      if (status === undefined && attempt < MAX_ATTEMPTS && left > 5_000) {
        // Transport error (e.g. accept queue overflow): back off 0.5–1 s × attempt, then retry.
        result.retries++;
        await new Promise((r) => setTimeout(r, (500 + Math.random() * 500) * attempt));
        continue;
      }
      kind(status ? `http-${status}` : `connect:${(err as NodeJS.ErrnoException).code ?? (err as Error).message.slice(0, 40)}`);
      return;
    }
  }
  try {
    const boot = bootCall(station);
    const reply = await socket.call(boot.action, boot.payload, undefined, timeoutMs);
    const status = reply[0] === 3 ? (reply[2] as { status?: string }).status : `error:${reply[2]}`;
    if (status !== 'Accepted') return kind(`boot:${status}`);
    for (const call of statusCalls(station)) {
      const r = await socket.call(call.action, call.payload, undefined, timeoutMs);
      if (r[0] !== 3) return kind(`status:${r[2]}`);
    }
    result.accepted++;
    doneTimes.push(performance.now() - t0);
  } catch (err) {
    kind((err as Error).message.startsWith('no response') ? 'timeout' : 'socket');
  }
}

async function storm(): Promise<StormWorkerResult> {
  const result: StormWorkerResult = {
    stations: to - from,
    accepted: 0,
    errors: 0,
    errorKinds: {},
    allDoneMs: Number.NaN,
    halfDoneMs: Number.NaN,
    retries: 0,
    timedOut: false,
  };
  const doneTimes: number[] = [];
  const t0 = performance.now();
  const all: Array<Promise<void>> = [];
  for (let i = from; i < to; i++) all.push(runStation(i, t0, doneTimes, result));
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
  result.timedOut = (await Promise.race([Promise.all(all), timeout])) === 'timeout';
  doneTimes.sort((a, b) => a - b);
  result.allDoneMs = result.accepted === result.stations ? (doneTimes.at(-1) ?? Number.NaN) : Number.NaN;
  result.halfDoneMs = doneTimes[Math.floor(result.stations / 2)] ?? Number.NaN;
  return result;
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'GO') {
    void storm().then((r) => console.log(`RESULT ${JSON.stringify(r)}`));
  } else if (line.trim() === 'EXIT') {
    for (const s of sockets) s.close();
    setTimeout(() => process.exit(0), 200);
  }
});
console.log('READY');
