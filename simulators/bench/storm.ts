/** Runs one boot storm over 1 or 2 worker processes and merges their results. */
import type { ChildProcess } from 'node:child_process';
import { spawnTs, stopChild, waitForLine } from './server-process.js';
import type { StormWorkerResult } from './storm-worker.js';

export interface StormResult extends StormWorkerResult {
  workers: number;
}

/** Sockets per worker process: stays well below the 20,000 descriptors a process may hold. */
export const MAX_SOCKETS_PER_WORKER = 9_000;

export async function runStorm(cwd: string, endpoint: string, n: number, timeoutMs: number): Promise<StormResult> {
  const workers = Math.max(1, Math.ceil(n / MAX_SOCKETS_PER_WORKER));
  const per = Math.ceil(n / workers);
  const children: ChildProcess[] = [];
  try {
    for (let w = 0; w < workers; w++) {
      const from = w * per;
      const to = Math.min(n, from + per);
      const child = spawnTs('simulators/bench/storm-worker.ts', [endpoint, String(from), String(to), String(timeoutMs)], process.env, cwd);
      child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[storm-worker ${w}] ${d.toString()}`));
      children.push(child);
    }
    await Promise.all(children.map((c) => waitForLine(c, /^READY$/, 30_000)));
    const results = children.map((c) => waitForLine(c, /^RESULT /, timeoutMs + 30_000));
    for (const c of children) c.stdin?.write('GO\n');
    const parsed = (await Promise.all(results)).map((line) => JSON.parse(line.slice('RESULT '.length)) as StormWorkerResult);
    for (const c of children) c.stdin?.write('EXIT\n');
    const merged: StormResult = {
      workers,
      stations: 0,
      accepted: 0,
      errors: 0,
      errorKinds: {},
      allDoneMs: 0,
      halfDoneMs: 0,
      retries: 0,
      timedOut: false,
    };
    // JSON turns NaN ("not all done") into null.
    const num = (x: number | null): number => (typeof x === 'number' ? x : Number.NaN);
    for (const r of parsed) {
      merged.stations += r.stations;
      merged.accepted += r.accepted;
      merged.errors += r.errors;
      merged.timedOut ||= r.timedOut;
      merged.retries += r.retries;
      merged.allDoneMs = Math.max(merged.allDoneMs, num(r.allDoneMs));
      merged.halfDoneMs = Math.max(merged.halfDoneMs, num(r.halfDoneMs));
      for (const [k, v] of Object.entries(r.errorKinds)) merged.errorKinds[k] = (merged.errorKinds[k] ?? 0) + v;
    }
    return merged;
  } finally {
    await Promise.all(children.map((c) => stopChild(c, 5_000)));
  }
}
