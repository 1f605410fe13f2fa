import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { RawOcppSocket } from '../../simulators/raw-ocpp-socket.js';
import type { SimulatedStation } from '../../simulators/station/station.js';
import { FakeTcecPartner } from '../../simulators/tcec-partner.js';
import { stationPassword } from '../../simulators/templates.js';
import { TCEC_PUSHES } from '../../src/roaming/tcec/pushes/push-planner.js';
import { createTestDatabase, REDIS_URL, redisPrefix } from '../helpers/services.js';
import { connectAndBoot, simStationSpec, stationCreateBody } from '../helpers/sim-stations.js';
import { TcecCaller } from '../helpers/tcec-caller.js';
import { startServer, tempDataDir, type ServerProcess } from './server-process.js';

/** What we call the partner with (its secrets), and what it calls us with. */
const OUT = { operatorSecret: 'nodes-out-oper01', dataSecret: 'nodes-out-data01', dataSecretIv: 'nodes-out-iv0001', sigSecret: 'nodes-out-sig001' };
const IN = { operatorSecret: 'nodes-in-operat1', dataSecret: 'nodes-in-data001', dataSecretIv: 'nodes-in-iv00001', sigSecret: 'nodes-in-sig0001' };
const PARTNER_OPERATOR_ID = 'MA0000NDP';
const PER_NODE = 12;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Station {
  id: string;
  node: 'a' | 'b';
  socket: RawOcppSocket;
}

/**
 * Two platform processes on one PostgreSQL and one Redis, both sending to one strict T/CEC partner
 * as the same OperatorID. The partner refuses a repeated (OperatorID, TimeStamp, Seq) and keeps one
 * token per OperatorID (a new one ends the old), as the strictest real platforms do.
 */
describe('T/CEC pushes from two platform nodes to one strict partner', () => {
  const cleanup: (() => Promise<void>)[] = [];
  const stations: Station[] = [];
  const nodes: Record<'a' | 'b', ServerProcess> = {} as Record<'a' | 'b', ServerProcess>;
  let db: pg.Client;
  let outage = false;
  /** Status pushes the partner accepted (answered Ret 0), as "ConnectorID:Status". */
  const delivered: string[] = [];
  const partner = new FakeTcecPartner({
    secrets: OUT,
    strict: true,
    tokenSeconds: 7200,
    handlers: {
      notification_stationStatus: (body) => {
        if (outage) return { ret: 500, msg: 'down for maintenance' };
        const info = body.ConnectorStatusInfo as { ConnectorID: string; Status: number };
        delivered.push(`${info.ConnectorID}:${info.Status}`);
        return { Status: 0 };
      },
    },
  });

  const query = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as T[];
  /** Every status push the store says was sent, as "ConnectorID:Status". */
  const sentStatusPushes = async () =>
    (await query<{ c: string; s: number }>(`SELECT body->'ConnectorStatusInfo'->>'ConnectorID' AS c, (body->'ConnectorStatusInfo'->>'Status')::int AS s FROM partner_pushes WHERE kind = 'notification_stationStatus' AND status = 'sent'`)).map((r) => `${r.c}:${r.s}`);
  const unfinished = async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM partner_pushes WHERE status = 'pending'`))[0]!.n);
  const setStatus = (s: Station, status: 'Available' | 'Preparing' | 'Unavailable') =>
    s.socket.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status, timestamp: new Date().toISOString() });
  /** Each status push delivered exactly once (none lost, none twice), no envelope refused, one token. */
  const expectExactlyOnce = async () => {
    // Settled: nothing owed, and every push the partner accepted is marked sent (it answers first).
    // A refusal (a replay, a token knocked out by another node's) is reported as soon as it happens.
    const state = async () => {
      if (partner.refused.length > 0) return `refused: ${partner.refused.map((r) => `${r.ret} ${r.msg} ${r.timeStamp}/${r.seq}`).join(', ')}`;
      const [owed, sent] = [await unfinished(), (await sentStatusPushes()).length];
      return owed === 0 && sent === delivered.length ? 'settled' : `${owed} owed, ${sent} marked sent, ${delivered.length} accepted`;
    };
    await expect.poll(state, { timeout: 60_000, interval: 250 }).toBe('settled');
    expect(partner.refused).toEqual([]);
    expect([...delivered].sort()).toEqual((await sentStatusPushes()).sort());
    expect(await query(`SELECT status, count(*)::int AS n FROM partner_pushes WHERE status NOT IN ('sent', 'ignored') GROUP BY status`)).toEqual([]);
    expect(partner.tokensIssued).toHaveLength(1);
  };

  beforeAll(async () => {
    const database = await createTestDatabase('xjtcecnodes');
    cleanup.push(database.drop);
    // Both nodes open the partners' secrets (and the shared token) with the same key.
    const shared = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: redisPrefix('tcecnodes'), PARTNER_SECRETS_KEY: randomBytes(32).toString('hex') };
    const dirs = await Promise.all([tempDataDir(), tempDataDir()]);
    for (const d of dirs) cleanup.push(d.remove);
    nodes.a = await startServer({ ...shared, NODE_ID: 'node-a', DATA_DIR: dirs[0]!.dir });
    cleanup.push(() => nodes.a.stop());
    nodes.b = await startServer({ ...shared, NODE_ID: 'node-b', DATA_DIR: dirs[1]!.dir });
    cleanup.push(() => nodes.b.stop());
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanup.push(() => db.end());

    const baseUrl = await partner.listen();
    cleanup.push(() => partner.close());
    const api = nodes.a;
    const created = async (path: string, body: unknown) => expect((await api.api(path, { body })).status, path).toBe(201);
    await created('/v1/operators', { id: 'CPO-N', name: 'Two-node CPO', roles: ['CPO'] });
    await created('/v1/locations', { id: 'LOC-N', operatorId: 'CPO-N', name: 'Xiangjiang hub', city: 'Changsha', address: 'x', lat: 28.2, lng: 112.94 });
    await created('/v1/partners', {
      id: 'STRICT', name: 'Strict partner', protocol: 'tcec', role: 'emsp', operatorId: 'CPO-N',
      tcec: { partnerOperatorId: PARTNER_OPERATOR_ID, ourOperatorId: 'MA0000NDS', baseUrl, inbound: IN, outbound: OUT },
    });
    await created('/v1/agreements', { providerId: 'STRICT', operatorId: 'CPO-N', validFrom: '2026-01-01T00:00:00Z' });
    const evses = [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7 }] }];
    for (const node of ['a', 'b'] as const) {
      for (let i = 1; i <= PER_NODE; i++) {
        const id = `N${node.toUpperCase()}-${String(i).padStart(2, '0')}`;
        await created('/v1/stations', { id, operatorId: 'CPO-N', locationId: 'LOC-N', password: stationPassword(id, 1), evses });
        const socket = await RawOcppSocket.open({ endpoint: nodes[node].ocpp, identity: id, password: stationPassword(id, 1), protocol: 'ocpp1.6' });
        cleanup.push(async () => socket.close());
        await socket.call('BootNotification', { chargePointVendor: 'XiangDian', chargePointModel: 'XD-N' });
        stations.push({ id, node, socket });
      }
    }
    await Promise.all(stations.map((s) => setStatus(s, 'Available')));
  });
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it('after an outage both nodes drain the backlog in the same seconds: each push once, no replay, one token', async () => {
    await expect.poll(() => delivered.length, { timeout: 30_000 }).toBe(2 * PER_NODE);
    outage = true;
    await Promise.all(stations.map((s) => setStatus(s, 'Preparing')));
    // Every change was tried once and refused: all are owed, retried a minute later by any node.
    await expect
      .poll(async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM partner_pushes WHERE status = 'pending' AND attempts = 1`))[0]!.n), { timeout: 20_000 })
      .toBe(2 * PER_NODE);
    outage = false;
    // The minute is shortened: the retries fall due over 3 seconds, and each node's 1-second poll
    // claims what is due when it looks, so both nodes send in each of those seconds.
    await query(`UPDATE partner_pushes SET next_at = now() + (id % ${2 * PER_NODE}) * interval '125 milliseconds' WHERE status = 'pending'`);
    await expectExactlyOnce();
    expect(delivered.filter((d) => d.endsWith(':2'))).toHaveLength(2 * PER_NODE);
  });

  it("a partner's query_start_charge at the node without the station's socket starts the charge there", async () => {
    const spec = simStationSpec('NA-START', '1.6', 'acWallbox7');
    expect((await nodes.a.api('/v1/stations', { body: stationCreateBody(spec, 'CPO-N', 'LOC-N') })).status).toBe(201);
    const station: SimulatedStation = await connectAndBoot(nodes.a.ocpp, spec, { timeScale: 60, reconnect: false });
    cleanup.push(() => station.close());
    const caller = new TcecCaller(nodes.b, PARTNER_OPERATOR_ID, IN);
    const ref = `${PARTNER_OPERATOR_ID}000000000000000001`;
    const started = await caller.request('query_start_charge', { StartChargeSeq: ref, ConnectorID: 'NA-START.1.1', QRCode: 'hlht://NA-START.1.1' });
    expect(started).toMatchObject({ StartChargeSeq: ref, StartChargeSeqStat: 1, SuccStat: 0 });
    // Node b routed the remote start to node a (Redis); the station started, and the result was pushed.
    await expect.poll(() => station.activeSessions.length, { timeout: 20_000 }).toBe(1);
    await expect
      .poll(() => partner.ofKind('notification_start_charge_result').some((r) => r.body.StartChargeSeq === ref && r.body.StartChargeSeqStat === 2), { timeout: 20_000 })
      .toBe(true);
    const status = await caller.request('query_equip_charge_status', { StartChargeSeq: ref });
    expect(status).toMatchObject({ StartChargeSeq: ref, StartChargeSeqStat: 2 });
    await expectExactlyOnce();
  });

  it('a node dies with pushes in flight: the other delivers them, none lost, none twice', async () => {
    // The node that queues (the push consumer's holder) sends new pushes at once.
    const owner = (await query<{ owner: string }>(`SELECT lease_owner AS owner FROM outbox_consumers WHERE name = $1`, [TCEC_PUSHES]))[0]?.owner;
    expect(owner).toMatch(/^node-[ab]$/);
    const doomed = owner === 'node-a' ? 'a' : 'b';
    const survivor = doomed === 'a' ? 'b' : 'a';
    const before = Number((await query<{ n: string }>(`SELECT count(*) AS n FROM partner_pushes`))[0]!.n);
    // The partner stalls: the pushes reach it and wait, unread, while their sender dies.
    partner.stalled = true;
    const changing = stations.filter((s) => s.node === survivor);
    await Promise.all(changing.map((s) => setStatus(s, 'Unavailable')));
    await expect.poll(async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM partner_pushes`))[0]!.n) - before, { timeout: 20_000 }).toBeGreaterThanOrEqual(PER_NODE);
    await expect.poll(() => partner.stalledCount, { timeout: 10_000 }).toBeGreaterThan(0);
    await nodes[doomed].kill();
    await sleep(500);
    partner.resume();
    // Its claims run out (30 s); the survivor claims and sends them (and takes over the consumer).
    await expectExactlyOnce();
    expect(delivered.filter((d) => d.endsWith(':255'))).toEqual(expect.arrayContaining(changing.map((s) => `${s.id}.1.1:255`)));
  });
});
