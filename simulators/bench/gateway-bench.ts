/**
 * Gateway load benchmark (not a test):  tsx simulators/bench/gateway-bench.ts [--quick] [--storm 1000,15000]
 * (a) ceiling: round trips/s of a bare ws JSON echo server under the same load generator;
 * (b) the real server (src/main.ts on a fresh PostgreSQL database): sustained OCPP calls/s with a
 *     MeterValues + Start/Stop (1.6) / TransactionEvent (2.0.1) mix, p50/p99, ratio b/a, and p99 at a
 *     fixed 1,000 calls/s;
 * (c) boot storms: N stations at once, each BootNotification + one StatusNotification per connector.
 * Loopback only; every loop is bounded in count and time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { provisionBench } from './bench-provision.js';
import { benchStation } from './bench-fleet.js';
import { closeAll, closedLoop, fixedRate, openLoadConnections } from './load-driver.js';
import type { LoadResult } from './load-driver.js';
import { cpuSeconds, databaseCpuSeconds, postgresCpuSeconds, createDatabase, dbUrl, dropDatabase, startEchoServer, startGateway, stopChild } from './server-process.js';
import type { ServerHandle } from './server-process.js';
import { ms, perSec, summarize, table } from './stats.js';
import { runStorm } from './storm.js';
import type { StormResult } from './storm.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    storm: { type: 'string' },
    connections: { type: 'string' },
    duration: { type: 'string' },
    rate: { type: 'string' },
    port: { type: 'string' },
    'ocpp-port': { type: 'string' },
    'skip-echo': { type: 'boolean' },
    'provision-concurrency': { type: 'string' },
    'storm-timeout': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`tsx simulators/bench/gateway-bench.ts [--quick] [--storm 1000,15000] [--connections 50]
  [--duration 15] [--rate 1000] [--port 3900] [--ocpp-port 9900] [--skip-echo]
  [--provision-concurrency 32] [--storm-timeout 300]`);
  process.exit(0);
}

const quick = values.quick ?? false;
const cwd = process.cwd();
const connections = Number(values.connections ?? (quick ? 20 : 50));
const durationMs = Number(values.duration ?? (quick ? 5 : 15)) * 1000;
const fixedRatePerSec = Number(values.rate ?? 1000);
const fixedMs = quick ? 5_000 : 10_000;
const storms = (values.storm ?? (quick ? '200' : '1000,15000')).split(',').map(Number).filter((n) => n > 0);
const port = Number(values.port ?? 3900);
const ocppPort = Number(values['ocpp-port'] ?? 9900);
const provisionConcurrency = Number(values['provision-concurrency'] ?? 32);
const stormTimeoutMs = Number(values['storm-timeout'] ?? (quick ? 60 : 300)) * 1000;
const MAX_CALLS = 2_000_000;
const log = (msg: string): void => console.log(`[bench] ${msg}`);

interface Row {
  what: string;
  throughput: string;
  p50: string;
  p99: string;
  notes: string;
}
const rows: Row[] = [];

function loadRow(what: string, r: LoadResult, notes = ''): Row {
  const s = summarize(r.latenciesMs);
  const errs = r.errors ? ` errors ${r.errors} ${JSON.stringify(r.errorCodes)}` : '';
  return { what, throughput: perSec((r.ok * 1000) / r.elapsedMs), p50: ms(s.p50), p99: ms(s.p99), notes: `${notes}${errs}`.trim() };
}

async function benchEcho(): Promise<number> {
  const echo = await startEchoServer(cwd, 0);
  try {
    const stations = Array.from({ length: connections }, (_, i) => benchStation('L', i));
    const conns = await openLoadConnections(`ws://127.0.0.1:${echo.port}/ocpp`, stations, false);
    const r = await closedLoop(conns, durationMs, MAX_CALLS);
    closeAll(conns);
    rows.push(loadRow('(a) ws echo server, closed loop', r, `${connections} sockets`));
    return (r.ok * 1000) / r.elapsedMs;
  } finally {
    await stopChild(echo.child);
  }
}

async function benchGateway(server: ServerHandle, ceiling: number, dbName: string): Promise<void> {
  const endpoint = `ws://127.0.0.1:${ocppPort}/ocpp`;
  const stations = Array.from({ length: connections }, (_, i) => benchStation('L', i));
  const conns = await openLoadConnections(endpoint, stations, true);
  // Warm up (JIT, connection pools), not measured.
  await closedLoop(conns, Math.min(2_000, durationMs / 3), 5_000);
  const cpu0 = cpuSeconds(server.child.pid);
  const sustained = await closedLoop(conns, durationMs, MAX_CALLS);
  const cpu = (cpuSeconds(server.child.pid) - cpu0) / (sustained.elapsedMs / 1000);
  const rate = (sustained.ok * 1000) / sustained.elapsedMs;
  const ratio = Number.isFinite(ceiling) ? ` b/a = ${(rate / ceiling).toFixed(3)}` : '';
  rows.push(loadRow('(b) gateway, closed loop', sustained, `${connections} sockets, server CPU ${(cpu * 100).toFixed(0)}%${ratio}`));
  // At a fixed rate the machine is not saturated: CPU per call (server, and PostgreSQL) is the
  // cost of a message, steadier than throughput on a drifting machine.
  const s0 = cpuSeconds(server.child.pid);
  const p0 = postgresCpuSeconds();
  const d0 = await databaseCpuSeconds(dbName);
  const fixed = await fixedRate(conns, fixedRatePerSec, fixedMs);
  const d1 = await databaseCpuSeconds(dbName);
  const perCall = (seconds: number) => `${((seconds * 1e6) / Math.max(1, fixed.ok)).toFixed(0)} µs`;
  // PostgreSQL as a whole (WAL writer included, but also whatever else runs on the machine), and
  // the bench database's own backends alone.
  const cost = `CPU per call: server ${perCall(cpuSeconds(server.child.pid) - s0)}, PostgreSQL ${perCall(postgresCpuSeconds() - p0)} (this database's backends ${perCall(d1 - d0)})`;
  rows.push(loadRow(`(b) gateway at fixed ${fixedRatePerSec}/s`, fixed, fixed.backlog ? `backlog ${fixed.backlog} unsent: rate not sustainable; ${cost}` : cost));
  if (rate < fixedRatePerSec) {
    // The fixed rate is beyond the server: also show latency at half its sustained rate.
    const half = Math.max(1, Math.round(rate / 2));
    const r = await fixedRate(conns, half, fixedMs);
    rows.push(loadRow(`(b) gateway at fixed ${half}/s (50 % of sustained)`, r, r.backlog ? `backlog ${r.backlog} unsent` : ''));
  }
  closeAll(conns);
}

function stormRow(r: StormResult): Row {
  const kinds = Object.keys(r.errorKinds).length ? ` ${JSON.stringify(r.errorKinds)}` : '';
  return {
    what: `(c) boot storm N=${r.stations}`,
    throughput: Number.isFinite(r.allDoneMs) ? perSec((r.stations * 1000) / r.allDoneMs) : '-',
    p50: Number.isFinite(r.halfDoneMs) ? `half ${ms(r.halfDoneMs)}` : '-',
    p99: Number.isFinite(r.allDoneMs) ? `all ${ms(r.allDoneMs)}` : 'not all',
    notes: `accepted ${r.accepted}/${r.stations}, errors ${r.errors}${kinds}, unfinished ${r.stations - r.accepted - r.errors}, connect retries ${r.retries}${r.timedOut ? ', TIMED OUT' : ''}, ${r.workers} worker(s)`,
  };
}

async function main(): Promise<void> {
  log(`connections=${connections} duration=${durationMs / 1000}s fixed=${fixedRatePerSec}/s storms=${storms.join(',')}`);
  const ceiling = values['skip-echo'] ? Number.NaN : await benchEcho();
  if (Number.isFinite(ceiling)) log(`echo ceiling ${perSec(ceiling)}`);

  const dbName = `xcl_bench_${process.pid}_${Date.now()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'xcl-bench-'));
  const adminKey = `bench-admin-key-${process.pid}-${Date.now()}`;
  await createDatabase(dbName);
  let server: ServerHandle | undefined;
  try {
    log(`database ${dbName} created; starting src/main.ts (it applies its migrations itself)`);
    server = await startGateway({ cwd, port, ocppPort, databaseUrl: dbUrl(dbName), adminKey, dataDir });
    const stormMax = Math.max(0, ...storms);
    const prov = await provisionBench({ apiUrl: `http://127.0.0.1:${port}`, adminKey, loadStations: connections, stormStations: stormMax, concurrency: provisionConcurrency, log });
    rows.push({ what: 'provisioning (admin API)', throughput: perSec((prov.requests * 1000) / prov.ms), p50: '-', p99: '-', notes: `${prov.requests} POSTs in ${(prov.ms / 1000).toFixed(1)} s, concurrency ${provisionConcurrency}` });
    await benchGateway(server, ceiling, dbName);
    for (const n of storms) {
      log(`boot storm N=${n}`);
      const r = await runStorm(cwd, `ws://127.0.0.1:${ocppPort}/ocpp`, n, stormTimeoutMs);
      rows.push(stormRow(r));
      await new Promise((res) => setTimeout(res, 3_000));
    }
  } catch (err) {
    console.error(`[bench] failed: ${(err as Error).message}`);
    if (server) console.error(`[bench] server output:\n${server.tail()}`);
    process.exitCode = 1;
  } finally {
    if (server) await stopChild(server.child);
    await dropDatabase(dbName).catch((e: unknown) => console.error(`[bench] could not drop ${dbName}: ${String(e)}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log('');
  console.log(table(['measure', 'throughput', 'p50', 'p99', 'notes'], rows.map((r) => [r.what, r.throughput, r.p50, r.p99, r.notes])));
}

await main();
