/**
 * T/CEC status pushes under a fleet's churn: N stations (default 5,000) each change a connector's
 * status once a minute, spread evenly; the platform pushes every change to a T/CEC partner (a
 * stand-in platform in this process). Reports pushes/s sustained, the latency from the station's
 * StatusNotification to the partner's receipt (p50/p99), the sender's CPU, and the envelope's
 * encode+decode cost next to a bare JSON round trip of the same body.
 *
 *   npm run bench:tcec-push                 # 5,000 stations, 120 s measured
 *   npm run bench:tcec-push -- --quick      # 300 stations, 15 s (a smoke run)
 *   npm run bench:tcec-push -- --stations 2000 --seconds 60
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminClient, mapConcurrent } from '../admin-client.js';
import { RawOcppSocket } from '../raw-ocpp-socket.js';
import { FakeTcecPartner } from '../tcec-partner.js';
import { stationPassword } from '../templates.js';
import { encodeRequest, envelopeProfile, openRequestData, readRequestEnvelope, SeqCounter, verifyRequest } from '../../src/roaming/tcec/envelope/index.js';
import { createDatabase, dbUrl, dropDatabase, startGateway, stopChild } from './server-process.js';
import { ms, summarize, table } from './stats.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const arg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const STATIONS = arg('stations', quick ? 300 : 5000);
const SECONDS = arg('seconds', quick ? 15 : 120);
const WARMUP_S = quick ? 3 : 10;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const SECRETS = { operatorSecret: 'bench-op-secret1', dataSecret: 'bench-data-key16', dataSecretIv: 'bench-data-iv016', sigSecret: 'bench-sig-key016' };
const root = fileURLToPath(new URL('../..', import.meta.url));
const log = (m: string) => console.log(`[tcec-push-bench] ${m}`);

/** utime + stime of a process, in seconds (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** µs per encode+decode of a status push in the envelope, and per JSON stringify+parse of it. */
function envelopeMicro(iterations = 20_000): { envelopeUs: number; jsonUs: number } {
  const env = { profile: envelopeProfile(SECRETS), aliases: { SevicePrice: 'ServicePrice' } };
  const seq = new SeqCounter({ now: () => new Date() });
  const body = { ConnectorStatusInfo: { ConnectorID: 'BENCH-T-00001.1.1', Status: 3 } };
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) {
    const wire = JSON.stringify(encodeRequest(env, 'MA0000001', body, seq.next()));
    const e = readRequestEnvelope(JSON.parse(wire) as unknown);
    verifyRequest(env, e);
    sink += (openRequestData(env, e).body as typeof body).ConnectorStatusInfo.Status;
  }
  const t1 = performance.now();
  for (let i = 0; i < iterations; i++) sink += (JSON.parse(JSON.stringify(body)) as typeof body).ConnectorStatusInfo.Status;
  const t2 = performance.now();
  if (sink === 42) log('');
  return { envelopeUs: ((t1 - t0) * 1000) / iterations, jsonUs: ((t2 - t1) * 1000) / iterations };
}

async function main(): Promise<void> {
  const micro = envelopeMicro(quick ? 5_000 : 20_000);
  const dbName = `xj_tcec_bench_${Date.now()}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'xj-tcec-bench-'));
  await createDatabase(dbName);
  const partner = new FakeTcecPartner({ secrets: SECRETS });
  const baseUrl = await partner.listen();
  const port = 19_300 + Math.floor(Math.random() * 500);
  const server = await startGateway({ cwd: root, port, ocppPort: port + 1, databaseUrl: dbUrl(dbName), adminKey: ADMIN_KEY, dataDir });
  const sockets: { id: string; socket: RawOcppSocket }[] = [];
  try {
    const api = new AdminClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: ADMIN_KEY, timeoutMs: 60_000 });
    await api.create('/v1/operators', { id: 'BENCH-OP', name: 'Bench CPO', roles: ['CPO'] });
    await api.create('/v1/operators', { id: 'BENCH-MEMBER', name: 'Bench member', roles: ['EMSP'] });
    await api.create('/v1/locations', { id: 'BENCH-LOC', operatorId: 'BENCH-OP', name: 'Bench', city: 'Changsha', address: 'x', lat: 28.2, lng: 112.94 });
    await api.create('/v1/partners', {
      id: 'BENCH-PARTNER', name: 'Partner', protocol: 'tcec', role: 'emsp', operatorId: 'BENCH-OP',
      tcec: { partnerOperatorId: 'MA0000009', ourOperatorId: 'MA0000001', baseUrl, inbound: SECRETS, outbound: SECRETS },
    });
    const ids = Array.from({ length: STATIONS }, (_, i) => `BENCH-T-${String(i + 1).padStart(5, '0')}`);
    const evses = [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7 }] }];
    log(`provisioning ${STATIONS} stations`);
    await mapConcurrent(ids, 16, (id) => api.create('/v1/stations', { id, operatorId: 'BENCH-OP', locationId: 'BENCH-LOC', password: stationPassword(id, 1), evses }));
    log('connecting');
    await mapConcurrent(ids, 32, async (id) => {
      const s = await RawOcppSocket.open({ endpoint: `ws://127.0.0.1:${port + 1}/ocpp`, identity: id, password: stationPassword(id, 1), protocol: 'ocpp1.6' });
      await s.call('BootNotification', { chargePointVendor: 'XiangDian', chargePointModel: 'XD-BENCH' });
      sockets.push({ id, socket: s });
    });

    // Each station toggles Available ↔ Preparing once a minute, station i at offset i/N of the minute.
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let measuring = false;
    let received = 0;
    partner.handlers.notification_stationStatus = (body) => {
      const info = body.ConnectorStatusInfo as { ConnectorID: string; Status: number };
      const t = sentAt.get(`${info.ConnectorID}:${info.Status}`);
      if (measuring) {
        received++;
        if (t !== undefined) latencies.push(Date.now() - t);
      }
      return { Status: 0 };
    };
    const state = new Map<string, boolean>();
    const change = (s: RawOcppSocket, id: string): void => {
      const preparing = !state.get(id);
      state.set(id, preparing);
      sentAt.set(`${id}.1.1:${preparing ? 2 : 1}`, Date.now());
      void s.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: preparing ? 'Preparing' : 'Available', timestamp: new Date().toISOString() }).catch(() => undefined);
    };
    const timers: NodeJS.Timeout[] = [];
    sockets.forEach(({ id, socket }, i) => {
      const start = setTimeout(() => {
        change(socket, id);
        timers.push(setInterval(() => change(socket, id), 60_000));
      }, (i / sockets.length) * 60_000);
      timers.push(start);
    });

    log(`warming up ${WARMUP_S} s, then measuring ${SECONDS} s at ${(STATIONS / 60).toFixed(1)} changes/s`);
    await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
    const pid = server.child.pid!;
    const cpu0 = cpuSeconds(pid);
    const t0 = performance.now();
    measuring = true;
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    measuring = false;
    const wallS = (performance.now() - t0) / 1000;
    const cpu = (cpuSeconds(pid) - cpu0) / wallS;
    for (const t of timers) clearTimeout(t);
    const lat = summarize(latencies);
    console.log(
      table(
        ['stations', 'changes/s offered', 'pushes/s received', 'latency p50', 'latency p99', 'max', 'sender CPU (1 core = 100%)'],
        [[String(STATIONS), (STATIONS / 60).toFixed(1), (received / wallS).toFixed(1), ms(lat.p50), ms(lat.p99), ms(lat.max), `${(cpu * 100).toFixed(1)}%`]],
      ),
    );
    console.log(
      table(
        ['envelope encode+decode', 'bare JSON round trip', 'ratio'],
        [[`${micro.envelopeUs.toFixed(1)} µs`, `${micro.jsonUs.toFixed(2)} µs`, `${(micro.envelopeUs / micro.jsonUs).toFixed(1)}×`]],
      ),
    );
  } finally {
    for (const s of sockets) s.socket.close();
    await stopChild(server.child);
    await partner.close();
    await dropDatabase(dbName).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
