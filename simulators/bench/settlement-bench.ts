/**
 * Settlement at scale (not a test):  tsx simulators/bench/settlement-bench.ts [--sessions 1000000] [--keep]
 *
 * A fresh PostgreSQL database gets a month of finished sessions across the three cities (10
 * operators, several time-of-use tariffs, meter readings), written straight in with SQL, and their
 * session.ended events. Then, in this process and with the platform's own code: the outbox
 * consumer prices every session into a CDR, and the month closes into statements. Printed: CDRs
 * priced per second, the month's close time, and the process's peak memory, each next to a
 * baseline measured in the same run (reading the same sessions bare; summing the same CDRs with one
 * SQL GROUP BY).
 */
import { parseArgs } from 'node:util';
import { SqlCdrRepository } from '../../src/adapters/prisma/cdr.repository.js';
import { openDatabase } from '../../src/adapters/prisma/database.js';
import { migrate } from '../../src/adapters/prisma/migrator.js';
import { OutboxRunner } from '../../src/adapters/prisma/outbox-runner.js';
import { SqlOutbox } from '../../src/adapters/prisma/outbox.store.js';
import { SqlSettlementStore } from '../../src/adapters/prisma/settlement.store.js';
import { SqlTariffRepository } from '../../src/adapters/prisma/tariff.repository.js';
import { CdrService, cdrPricing } from '../../src/domain/cdrs/index.js';
import { SettlementService } from '../../src/domain/settlement/index.js';
import { tariffVersion } from '../../src/domain/tariffs/index.js';
import { systemClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createDatabase, dbUrl, dropDatabase } from './server-process.js';

const { values } = parseArgs({ options: { sessions: { type: 'string' }, keep: { type: 'boolean' } } });
const SESSIONS = Number(values.sessions ?? 1_000_000);
const MONTH = '2026-10-01';
const log = (msg: string) => process.stderr.write(`[settle] ${msg}\n`);

/** Peak resident and heap memory, sampled every 50 ms, from when `reset` was called. */
const memory = (() => {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  setInterval(sample, 50).unref();
  return {
    reset: () => {
      rss = 0;
      heap = 0;
      sample();
    },
    peak: () => {
      sample();
      return `RSS ${(rss / 2 ** 20).toFixed(0)} MiB, heap ${(heap / 2 ** 20).toFixed(0)} MiB`;
    },
  };
})();

async function main(): Promise<void> {
  const name = `xcl_settle_${process.pid}_${Date.now()}`;
  await createDatabase(name);
  const db = await openDatabase({ databaseUrl: dbUrl(name), poolSize: 8 });
  try {
    await migrate(db.sql);
    const t0 = performance.now();
    await generate(db.sql);
    log(`generated ${SESSIONS.toLocaleString('en')} sessions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const rows: string[][] = [];

    // Baseline for pricing: reading the same sessions bare, in the same batches.
    memory.reset();
    const b0 = performance.now();
    for (let after = ''; ; ) {
      const page = await db.sql.query<{ id: string }>(
        `SELECT s.id, s.started_at, s.stopped_at, s.meter_start_wh, s.meter_stop_wh, s.provider_id FROM charging_sessions s WHERE s.id > $1 ORDER BY s.id LIMIT 1000`,
        [after],
      );
      if (page.length === 0) break;
      after = page[page.length - 1]!.id;
    }
    const bareMs = performance.now() - b0;

    // Pricing: the platform's outbox consumer, on the session.ended events, until all are handled.
    const cdrs = new CdrService(new SqlCdrRepository(db.sql), systemClock);
    const consumer = { ...cdrPricing(cdrs), batch: 1000 };
    const runner = new OutboxRunner(new SqlOutbox(db.sql), [consumer], { owner: 'bench', log: silentLogger, batch: 1000 });
    memory.reset();
    const p0 = performance.now();
    let lastLog = p0;
    for (;;) {
      const n = await runner.step(consumer);
      if (n === 0) break;
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        const [c] = await db.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM cdrs');
        log(`${Number(c!.n).toLocaleString('en')} CDRs`);
      }
    }
    const pricingMs = performance.now() - p0;
    const [made] = await db.sql.query<{ n: string; held: string; unpriced: string }>(
      `SELECT count(*)::text AS n, count(*) FILTER (WHERE status = 'held')::text AS held, count(*) FILTER (WHERE status = 'unpriced')::text AS unpriced FROM cdrs`,
    );
    const cdrCount = Number(made!.n);
    const pricingMemory = memory.peak();
    rows.push([
      'CDR pricing (outbox consumer)',
      `${Math.round((cdrCount * 1000) / pricingMs).toLocaleString('en')} CDRs/s`,
      `${(pricingMs / 1000).toFixed(1)} s for ${cdrCount.toLocaleString('en')} (held ${made!.held}, unpriced ${made!.unpriced})`,
      `bare read of the sessions ${(bareMs / 1000).toFixed(1)} s: ratio ${(pricingMs / bareMs).toFixed(1)}×`,
      pricingMemory,
    ]);

    // Baseline for the close: one SQL GROUP BY over the same CDRs.
    const g0 = performance.now();
    await db.sql.query(`SELECT provider_id, cpo_id, count(*), sum(energy_wh), sum(total) FROM cdrs WHERE status = 'priced' AND provider_id <> cpo_id GROUP BY 1, 2`);
    const groupMs = performance.now() - g0;
    memory.reset();
    const settlements = new SettlementService(new SqlSettlementStore(db.sql), systemClock);
    const c0 = performance.now();
    const month = await settlements.run('month', MONTH);
    const closeMs = performance.now() - c0;
    const [linked] = await db.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM statement_cdrs');
    rows.push([
      `month close (${MONTH})`,
      `${(closeMs / 1000).toFixed(1)} s`,
      `${month.statements.length} statements, ${Number(linked!.n).toLocaleString('en')} CDRs linked, ${month.netPositions.length} net positions`,
      `bare SQL GROUP BY ${(groupMs / 1000).toFixed(1)} s: ratio ${(closeMs / groupMs).toFixed(1)}× (goal: close < 60 s)`,
      memory.peak(),
    ]);
    const width = [30, 16, 52, 58, 32];
    const line = (r: string[]) => r.map((c, i) => c.padEnd(width[i] ?? 10)).join(' ');
    process.stdout.write(`${line(['measure', 'rate / time', 'what', 'baseline (same run)', 'peak memory'])}\n`);
    for (const r of rows) process.stdout.write(`${line(r)}\n`);
  } finally {
    await db.close();
    if (!values.keep) await dropDatabase(name);
  }
}

/** Operators, places, tariffs and agreements, then the month's sessions, readings and events in SQL. */
async function generate(sql: import('../../src/adapters/prisma/database.js').SqlConnection): Promise<void> {
  const cpos = ['BC-STATEGRID', 'BC-CHANGXING', 'BC-ZHUDIAN', 'BC-XIANGDIAN', 'BC-LVNENG', 'BC-HUNAN-EV'];
  const emsps = ['BE-XIANGLU', 'BE-DIDI', 'BE-KUAIDIAN', 'BE-CARAPP'];
  await sql.query(`INSERT INTO operators (id, name, roles) SELECT id, id, '{CPO}' FROM unnest($1::text[]) id`, [cpos]);
  await sql.query(`INSERT INTO operators (id, name, roles) SELECT id, id, '{EMSP}' FROM unnest($1::text[]) id`, [emsps]);
  // Every EMSP roams at every CPO; CPO 0's customers also at CPO 1 (a CPO paying a CPO).
  await sql.query(
    `INSERT INTO agreements (id, provider_id, operator_id, valid_from, cities)
     SELECT 'AG-' || e || '-' || c, e, c, '2026-01-01T00:00:00Z', '{}' FROM unnest($1::text[]) e, unnest($2::text[]) c`,
    [emsps, cpos],
  );
  const cities = ['Changsha', 'Zhuzhou', 'Xiangtan'];
  // 60 locations, 10 per CPO, across the cities; 4 stations each (240), DC and AC.
  await sql.query(
    `INSERT INTO locations (id, operator_id, name, city, address, lat, lng)
     SELECT 'BL-' || g, ($1::text[])[(g % 6) + 1], 'Hub ' || g, ($2::text[])[(g % 3) + 1], 'Road ' || g, 27.8 + (g % 10) * 0.05, 112.9 + (g % 7) * 0.03
     FROM generate_series(0, 59) g`,
    [cpos, cities],
  );
  await sql.query(
    `INSERT INTO stations (id, operator_id, location_id, password_hash)
     SELECT 'BS-' || g, l.operator_id, l.id, 'x' FROM generate_series(0, 239) g JOIN locations l ON l.id = 'BL-' || (g / 4)`,
  );
  await sql.query(`INSERT INTO evses (id, station_id, evse_no, max_power_w) SELECT id || '.1', id, 1, CASE WHEN right(id, 1)::int % 2 = 0 THEN 120000 ELSE 7000 END FROM stations`);
  await sql.query(
    `INSERT INTO connectors (id, evse_id, station_id, evse_no, connector_no, standard, max_power_w)
     SELECT e.id || '.1', e.id, e.station_id, 1, 1, CASE WHEN e.max_power_w > 7000 THEN 'GBT_DC' ELSE 'GBT_AC' END, e.max_power_w FROM evses e`,
  );
  const tariffs = new SqlTariffRepository(sql);
  const validFrom = new Date('2026-01-01T00:00:00Z');
  const tou = (service: string) => [
    { startsAt: '00:00', energyPricePerKwh: '0.3075', serviceFeePerKwh: service, tier: 'valley' as const },
    { startsAt: '08:00', energyPricePerKwh: '0.6150', serviceFeePerKwh: service, tier: 'flat' as const },
    { startsAt: '10:00', energyPricePerKwh: '1.0425', serviceFeePerKwh: service, tier: 'peak' as const },
    { startsAt: '15:00', energyPricePerKwh: '0.6150', serviceFeePerKwh: service, tier: 'flat' as const },
    { startsAt: '18:00', energyPricePerKwh: '1.0425', serviceFeePerKwh: service, tier: 'peak' as const },
    { startsAt: '19:00', energyPricePerKwh: '1.2510', serviceFeePerKwh: service, tier: 'sharp' as const },
    { startsAt: '21:00', energyPricePerKwh: '0.6150', serviceFeePerKwh: service, tier: 'flat' as const },
    { startsAt: '23:00', energyPricePerKwh: '0.3075', serviceFeePerKwh: service, tier: 'valley' as const },
  ];
  for (const [i, cpo] of cpos.entries()) {
    const service = (0.5 + i * 0.05).toFixed(4);
    await tariffs.create({ id: `BT-${cpo}`, operatorId: cpo, locationId: null, powerType: null, name: 'TOU', currency: 'CNY', versions: [tariffVersion(`BT-${cpo}`, 1, { validFrom, periods: tou(service) }, validFrom)] });
    await tariffs.create({
      id: `BT-${cpo}-DC`, operatorId: cpo, locationId: null, powerType: 'DC', name: 'DC', currency: 'CNY',
      versions: [tariffVersion(`BT-${cpo}-DC`, 1, { validFrom, periods: tou((Number(service) + 0.2).toFixed(4)), idleFee: { perMinute: '0.5', graceMinutes: 15, dailyCap: '30' } }, validFrom)],
    });
  }
  // Sessions: spread over October (Asia/Shanghai), 20–110 min, 7–60 kWh; 70 % roaming (EMSPs), the rest own customers.
  const CHUNK = 100_000;
  for (let from = 0; from < SESSIONS; from += CHUNK) {
    const to = Math.min(SESSIONS, from + CHUNK) - 1;
    await sql.query(
      `INSERT INTO charging_sessions (id, station_id, operator_id, ocpp_version, transaction_id, evse_no, connector_no, id_token, auth_status,
         status, started_at, stopped_at, meter_start_wh, meter_stop_wh, energy_wh, stop_reason, provider_id, agreement_id)
       SELECT 'BSES-' || lpad(g::text, 8, '0'), st.id, st.operator_id, '1.6', g::text, 1, 1, 'TOKEN', 'Accepted', 'COMPLETED',
              t.started, t.started + t.minutes * interval '1 minute', 0, w.wh, w.wh, 'Local', p.provider,
              CASE WHEN p.provider = st.operator_id THEN NULL ELSE 'AG-' || p.provider || '-' || st.operator_id END
       FROM generate_series($1::int, $2::int) g
       JOIN stations st ON st.id = 'BS-' || (g % 240)
       JOIN evses e ON e.station_id = st.id
       CROSS JOIN LATERAL (SELECT timestamptz '${MONTH}T00:00:00+08:00' + (g::float8 / $3 * interval '30 days') AS started, 20 + (g * 7) % 90 AS minutes) t
       -- 40–90 % of what the EVSE could deliver in the time, at most a 75 kWh battery.
       CROSS JOIN LATERAL (SELECT least(75000, (e.max_power_w::bigint * t.minutes / 60) * (40 + g % 51) / 100) AS wh) w
       CROSS JOIN LATERAL (SELECT CASE WHEN g % 10 < 7 THEN ($4::text[])[(g % 4) + 1] ELSE st.operator_id END AS provider) p`,
      [from, to, SESSIONS, emsps],
    );
    // Two readings inside each session, at a third and at two thirds.
    await sql.query(
      `INSERT INTO meter_samples (station_id, session_id, evse_no, sampled_at, measurand, value, unit)
       SELECT s.station_id, s.id, 1, s.started_at + (s.stopped_at - s.started_at) * k / 3, 'Energy.Active.Import.Register', s.meter_stop_wh * k / 3, 'Wh'
       FROM charging_sessions s, (VALUES (1), (2)) v(k)
       WHERE s.id BETWEEN 'BSES-' || lpad($1::text, 8, '0') AND 'BSES-' || lpad($2::text, 8, '0')`,
      [from, to],
    );
    await sql.query(
      `INSERT INTO outbox_events (kind, event_key, subject, payload, occurred_at)
       SELECT 'session.ended', 'session.ended:' || s.id, s.id, jsonb_build_object('sessionId', s.id, 'stationId', s.station_id), s.stopped_at
       FROM charging_sessions s WHERE s.id BETWEEN 'BSES-' || lpad($1::text, 8, '0') AND 'BSES-' || lpad($2::text, 8, '0')`,
      [from, to],
    );
    log(`sessions ${(to + 1).toLocaleString('en')} / ${SESSIONS.toLocaleString('en')}`);
  }
  await sql.query('ANALYZE');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
