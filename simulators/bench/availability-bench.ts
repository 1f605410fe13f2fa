/**
 * Availability benchmark (not a test):  npx tsx simulators/bench/availability-bench.ts [--quick]
 * Two server processes on one fresh PostgreSQL database and one Redis prefix (unique per run):
 * gateway node G (ROLE=gateway) holding the stations' sockets, API node A (ROLE=api) serving HTTP.
 * (a) GET /v1/locations search on A over a fleet of 5,000 stations (quick: 500) with live statuses,
 *     closed loop with N keep-alive clients: req/s, p50/p99;
 * (b) the same load generator against a bare fastify route returning a real answer: req/s; (a) and
 *     (b) alternate in rounds (--rounds, --duration split between them) and the median ratio is kept;
 * (c) SSE fan-out: 1,000 subscribers (quick: 200) on A, ~50 status changes sent to G;
 * (d) command round trip: POST /v1/commands/reset on A → station on G answers → GET sees accepted.
 * Loopback only; every loop is bounded in count and time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from 'redis';
import { benchFleet, closeFleet, commandStations, connectFleet, provisionAvailabilityFleet, searchPathGenerator } from './avail-fleet.js';
import type { LiveStation } from './avail-fleet.js';
import { runCommandRtt } from './command-rtt.js';
import { httpClosedLoop } from './http-load.js';
import type { HttpLoadResult } from './http-load.js';
import { cpuSeconds, createDatabase, dbUrl, dropDatabase, stopChild } from './server-process.js';
import { runFanout } from './sse-fanout.js';
import { ms, perSec, summarize, table } from './stats.js';
import { startBareServer, startTwoNodes, stopAll } from './two-node.js';
import type { NodeHandle } from './two-node.js';
import type { RpcClient } from '../station/rpc-client.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    stations: { type: 'string' },
    clients: { type: 'string' },
    duration: { type: 'string' },
    rounds: { type: 'string' },
    subscribers: { type: 'string' },
    changes: { type: 'string' },
    commands: { type: 'string' },
    'command-concurrency': { type: 'string' },
    'http-client': { type: 'string' },
    as: { type: 'string' },
    port: { type: 'string' },
    'ocpp-port': { type: 'string' },
    'redis-url': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`npx tsx simulators/bench/availability-bench.ts [--quick] [--stations 5000] [--clients 32] [--duration 20] [--rounds 5]
  [--subscribers 1000] [--changes 50] [--commands 200] [--command-concurrency 4] [--http-client http|fetch] [--as admin|operator]
  [--port 3910] [--ocpp-port 9910] [--redis-url redis://127.0.0.1:6379]`);
  process.exit(0);
}

const quick = values.quick ?? false;
const cwd = process.cwd();
const stationCount = Number(values.stations ?? (quick ? 500 : 5000));
const clients = Number(values.clients ?? 32);
const durationMs = Number(values.duration ?? (quick ? 4 : 20)) * 1000;
const rounds = Math.max(1, Number(values.rounds ?? (quick ? 2 : 5)));
const subscriberCount = Number(values.subscribers ?? (quick ? 200 : 1000));
const changeCount = Number(values.changes ?? 50);
const commandCount = Number(values.commands ?? (quick ? 100 : 200));
const commandConcurrency = Number(values['command-concurrency'] ?? 4);
const httpClient = values['http-client'] === 'fetch' ? 'fetch' : 'http';
// admin: the platform key (not rate limited); operator: an app's key, counted per request in Redis.
const searchAs = values.as === 'operator' ? 'operator' : 'admin';
const apiPort = Number(values.port ?? 3910);
const ocppPort = Number(values['ocpp-port'] ?? 9910);
const redisUrl = values['redis-url'] ?? 'redis://127.0.0.1:6379';
const COMMAND_STATIONS = 20;
const MAX_REQUESTS = 2_000_000;
const WARMUP_MS = 2_000;
const log = (msg: string): void => console.log(`[bench] ${msg}`);

type Row = [string, string, string, string, string];
const rows: Row[] = [];

/** An API key for an operator (as an app would hold), made through the admin API. */
async function operatorKey(apiUrl: string, adminKey: string, operatorId: string): Promise<string> {
  const res = await fetch(new URL('/v1/api-keys', apiUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ operatorId, name: 'availability benchmark' }),
  });
  const body = (await res.json()) as { key?: string };
  if (res.status !== 201 || !body.key) throw new Error(`POST /v1/api-keys → ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  return body.key;
}

/** Several rounds of one side as one result (counts and latencies pooled, time summed). */
function mergeRuns(runs: readonly HttpLoadResult[]): HttpLoadResult {
  const out: HttpLoadResult = { ok: 0, errors: 0, errorCodes: {}, latenciesMs: [], elapsedMs: 0, bytes: 0, clientCpuSec: 0, sampleBody: undefined };
  for (const r of runs) {
    out.ok += r.ok;
    out.errors += r.errors;
    for (const [k, v] of Object.entries(r.errorCodes)) out.errorCodes[k] = (out.errorCodes[k] ?? 0) + v;
    for (const l of r.latenciesMs) out.latenciesMs.push(l);
    out.elapsedMs += r.elapsedMs;
    out.bytes += r.bytes;
    out.clientCpuSec += r.clientCpuSec;
  }
  return out;
}

function loadRow(what: string, r: HttpLoadResult, notes: string): Row {
  const s = summarize(r.latenciesMs);
  const errs = r.errors ? ` errors ${r.errors} ${JSON.stringify(r.errorCodes)}` : '';
  const avgBytes = r.ok ? Math.round(r.bytes / r.ok) : 0;
  const clientCpu = Math.round((r.clientCpuSec * 100_000) / r.elapsedMs);
  return [what, perSec((r.ok * 1000) / r.elapsedMs), ms(s.p50), ms(s.p99), `${notes}, load generator CPU ${clientCpu}%, ${r.ok} req, avg body ${avgBytes} B${errs}`];
}

/** CPU seconds Redis has used (INFO cpu: user + sys), for its share of the search's cost. */
async function redisCpuSeconds(): Promise<number> {
  const redis = createClient({ url: redisUrl });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const info = await redis.info('cpu');
    const field = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
    return field('used_cpu_user') + field('used_cpu_sys');
  } catch {
    return Number.NaN;
  } finally {
    if (redis.isOpen) await redis.quit();
  }
}

/** Remove this run's Redis keys (bounded SCAN). */
async function cleanRedis(prefix: string): Promise<number> {
  const redis = createClient({ url: redisUrl });
  redis.on('error', () => undefined);
  await redis.connect();
  let removed = 0;
  try {
    let cursor = '0';
    for (let i = 0; i < 10_000; i++) {
      const r = await redis.scan(cursor, { MATCH: `${prefix}*`, COUNT: 1000 });
      if (r.keys.length > 0) removed += await redis.del(r.keys);
      cursor = String(r.cursor);
      if (cursor === '0') break;
    }
  } finally {
    await redis.quit();
  }
  return removed;
}

async function main(): Promise<void> {
  const runId = `${process.pid}_${Date.now()}`;
  const dbName = `xcl_avbench_${runId}`;
  const redisPrefix = `xcl-avbench-${runId}:`;
  const adminKey = `bench-admin-key-${runId}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'xcl-avbench-'));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const endpoint = `ws://127.0.0.1:${ocppPort}/ocpp`;
  log(`stations=${stationCount} clients=${clients} duration=${durationMs / 1000}s subscribers=${subscriberCount} changes=${changeCount} commands=${commandCount} (concurrency ${commandConcurrency}) http-client=${httpClient}`);
  await createDatabase(dbName);
  const nodes: NodeHandle[] = [];
  let live: LiveStation[] = [];
  let rpcClients: RpcClient[] = [];
  let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
  try {
    log(`database ${dbName}, REDIS_PREFIX ${redisPrefix}; starting gateway node G (:${ocppPort}) then API node A (:${apiPort})`);
    const { gateway, api } = await startTwoNodes({ cwd, databaseUrl: dbUrl(dbName), redisUrl, redisPrefix, adminKey, dataDir, apiPort, ocppPort }, nodes);

    const fleet = benchFleet(stationCount);
    log(`provisioning ${fleet.operators.length} operators, ${fleet.locations.length} locations, ${fleet.stations.length} stations through A`);
    const prov = await provisionAvailabilityFleet(fleet, apiUrl, adminKey, log);
    rows.push(['provisioning (admin API on A)', perSec((prov.requests * 1000) / prov.ms), '-', '-', `${prov.requests} POSTs in ${(prov.ms / 1000).toFixed(1)} s, ${fleet.locations.length} locations`]);

    log(`connecting ${fleet.stations.length} OCPP 1.6 stations to G (boot + StatusNotification per connector)`);
    const conn = await connectFleet(fleet, endpoint, log);
    live = conn.stations;
    rows.push(['stations online (G)', perSec((live.length * 1000) / conn.ms), '-', '-', `${live.length}/${fleet.stations.length} connected in ${(conn.ms / 1000).toFixed(1)} s, ${conn.available}/${conn.connectors} connectors Available, errors ${conn.errors}`]);
    if (live.length === 0) throw new Error('no station connected');

    // (a) the real search on A and (b) a bare fastify route serving a real answer of typical size,
    // with the same generator and URLs, in alternating rounds: the machine's speed drifts between
    // runs (shared host), so each round's ratio compares like with like and the median is reported.
    const headers = { authorization: `Bearer ${searchAs === 'operator' ? await operatorKey(apiUrl, adminKey, fleet.operators[0]?.id ?? '') : adminKey}` };
    const common = { headers, concurrency: clients, maxRequests: MAX_REQUESTS, client: httpClient } as const;
    log(`(a) warm-up ${WARMUP_MS} ms on A, searching with the ${searchAs} key`);
    const probe = await httpClosedLoop({ ...common, baseUrl: apiUrl, durationMs: 500, nextPath: searchPathGenerator(1) });
    const warm = await httpClosedLoop({ ...common, baseUrl: apiUrl, durationMs: WARMUP_MS, nextPath: searchPathGenerator(1), sampleNear: probe.bytes / Math.max(1, probe.ok) });
    if (warm.ok === 0) throw new Error(`search warm-up got no 200: ${JSON.stringify(warm.errorCodes)}`);
    const bodyFile = join(dataDir, 'sample-locations.json');
    // A body of the average size the search answered, served as it is by the bare route.
    writeFileSync(bodyFile, warm.sampleBody ?? '{"items":[],"nextCursor":null}');
    bare = await startBareServer(cwd, bodyFile);
    const bareUrl = `http://127.0.0.1:${bare.port}`;
    await httpClosedLoop({ ...common, baseUrl: bareUrl, durationMs: WARMUP_MS, nextPath: searchPathGenerator(1) });
    const roundMs = durationMs / rounds;
    const searchRuns: HttpLoadResult[] = [];
    const bareRuns: HttpLoadResult[] = [];
    const ratios: number[] = [];
    let cpuA = 0;
    let cpuG = 0;
    let cpuR = 0;
    let cpuB = 0;
    for (let round = 1; round <= rounds; round++) {
      const a0 = cpuSeconds(api.child.pid);
      const g0 = cpuSeconds(gateway.child.pid);
      const r0 = await redisCpuSeconds();
      const sr = await httpClosedLoop({ ...common, baseUrl: apiUrl, durationMs: roundMs, nextPath: searchPathGenerator(1 + round) });
      cpuA += cpuSeconds(api.child.pid) - a0;
      cpuG += cpuSeconds(gateway.child.pid) - g0;
      cpuR += (await redisCpuSeconds()) - r0;
      const b0 = cpuSeconds(bare.child.pid);
      const br = await httpClosedLoop({ ...common, baseUrl: bareUrl, durationMs: roundMs, nextPath: searchPathGenerator(1 + round) });
      cpuB += cpuSeconds(bare.child.pid) - b0;
      const ratio = sr.ok / sr.elapsedMs / (br.ok / br.elapsedMs);
      searchRuns.push(sr);
      bareRuns.push(br);
      ratios.push(ratio);
      log(`round ${round}/${rounds}: search ${perSec((sr.ok * 1000) / sr.elapsedMs)}, bare ${perSec((br.ok * 1000) / br.elapsedMs)}, ratio ${ratio.toFixed(3)}`);
    }
    await stopChild(bare.child);
    bare = undefined;
    const search = mergeRuns(searchRuns);
    const base = mergeRuns(bareRuns);
    const secsA = search.elapsedMs / 1000;
    const ratio = [...ratios].sort((x, y) => x - y)[Math.floor(ratios.length / 2)] ?? 0;
    rows.push(loadRow(`(a) GET /v1/locations, ${live.length} stations, ${searchAs} key`, search, `${clients} clients, CPU A ${((cpuA / secsA) * 100).toFixed(0)}% G ${((cpuG / secsA) * 100).toFixed(0)}% Redis ${((cpuR / secsA) * 100).toFixed(0)}%`));
    rows.push(loadRow('(b) bare fastify GET, same body', base, `${clients} clients, CPU ${((cpuB / (base.elapsedMs / 1000)) * 100).toFixed(0)}%`));
    rows.push(['(a)/(b) ratio, median of rounds', ratio.toFixed(3), '-', '-', `rounds ${ratios.map((r) => r.toFixed(3)).join(' ')}; goal ≥ 0.70: ${ratio >= 0.7 ? 'met' : 'NOT met'}`]);

    // (c) SSE fan-out.
    log(`(c) ${subscriberCount} SSE subscribers on A, ${changeCount} status changes via G`);
    const fan = await runFanout({ apiPort, adminKey, stations: live, subscribers: subscriberCount, changes: changeCount, intervalMs: 100, log });
    const fs = summarize(fan.latenciesMs);
    const fromSend = summarize(fan.fromSendMs);
    rows.push([
      `(c) SSE fan-out, ${fan.subscribers} subscribers`,
      `${fan.delivered}/${fan.expected} deliveries`,
      ms(fs.p50),
      ms(fs.p99),
      `from CALLRESULT; from station send p50 ${ms(fromSend.p50)} p99 ${ms(fromSend.p99)}; ${fan.changes} changes (${fan.changeErrors} failed), max ${ms(fs.max)}, subscribe ${(fan.connectMs / 1000).toFixed(1)} s${fan.unprobed ? `, ${fan.unprobed} never got a probe` : ''}`,
    ]);

    // (d) command round trip across nodes.
    log(`(d) ${COMMAND_STATIONS} ocpp-rpc stations on G answering Reset; ${commandCount} commands via A`);
    const cmd = await commandStations(COMMAND_STATIONS, apiUrl, adminKey, endpoint);
    rpcClients = cmd.clients;
    const rtt = await runCommandRtt({ apiUrl, adminKey, stationIds: cmd.ids, commands: commandCount, concurrency: commandConcurrency, pollMs: 5, timeoutMs: 10_000 });
    const rs = summarize(rtt.latenciesMs);
    const submit = summarize(rtt.submitMs);
    rows.push([
      '(d) command reset A → G → station → accepted',
      perSec((rtt.ok * 1000) / rtt.elapsedMs),
      ms(rs.p50),
      ms(rs.p99),
      `${rtt.ok}/${commandCount} accepted, ${commandConcurrency} in flight, POST alone p50 ${ms(submit.p50)} p99 ${ms(submit.p99)}, poll 5 ms (${(rtt.polls / Math.max(1, rtt.ok + rtt.failed)).toFixed(1)} GETs/command), max ${ms(rs.max)} ${JSON.stringify(rtt.outcomes)}`,
    ]);
  } catch (err) {
    console.error(`[bench] failed: ${(err as Error).stack ?? String(err)}`);
    for (const n of nodes) console.error(`[bench] ${n.name} output:\n${n.tail()}`);
    process.exitCode = 1;
  } finally {
    closeFleet(live);
    await Promise.all(rpcClients.map((c) => c.close({ force: true }).catch(() => undefined)));
    if (bare) await stopChild(bare.child);
    await stopAll(nodes.map((n) => n.child));
    await dropDatabase(dbName).catch((e: unknown) => console.error(`[bench] could not drop ${dbName}: ${String(e)}`));
    const removed = await cleanRedis(redisPrefix).catch(() => -1);
    log(`cleaned up: children stopped, database dropped, ${removed} Redis keys removed`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log('');
  console.log(table(['measure', 'throughput', 'p50', 'p99', 'notes'], rows));
}

await main();
