/**
 * Fleet simulator on the terminal:
 *   tsx simulators/cli.ts --stations 50 --v16 0.5 --duration 60 \
 *     --ocpp ws://127.0.0.1:9220/ocpp --api http://127.0.0.1:3000 [--provision] [--admin-key K]
 *   over TLS: --ocpp wss://127.0.0.1:9221/ocpp --ca data/ca/ca-cert.pem [--mtls]
 * Without --provision the stations come from DATA_DIR/demo-fleet.json (the server's seed).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runFleet } from './fleet.js';
import type { FleetOptions } from './fleet.js';
import { formatStats } from './fleet-stats.js';

const USAGE = `Usage: tsx simulators/cli.ts [options]
  --stations N          number of stations (default 20)
  --v16 F               fraction of OCPP 1.6 stations when generating (default 0.5)
  --duration S          run for S seconds, then stop cleanly (default 60)
  --ocpp URL            OCPP endpoint (default ws://127.0.0.1:9220/ocpp)
  --api URL             admin API (default http://127.0.0.1:3000)
  --provision           generate the fleet and create it through the admin API
  --admin-key K         admin API key (default $ADMIN_API_KEY or DATA_DIR/admin-api-key)
  --data-dir DIR        where demo-fleet.json lives (default $DATA_DIR or ./data)
  --prefix P            id prefix of generated stations (default none: CSA-0001 ...)
  --session-rate R      new sessions per second, fleet-wide (default stations/60)
  --session-duration S  mean session length in seconds (default 30)
  --meter-interval S    meter value period in seconds (default 10)
  --heartbeat S         heartbeat period (default: the server's boot interval)
  --time-scale X        simulated seconds per real second for energy (default 1)
  --seed N              random seed (default 1)
  --ca FILE             CA to trust for a wss:// endpoint (the demo's: DATA_DIR/ca/ca-cert.pem)
  --mtls                security profile 3: each station gets a certificate (SignCertificate),
                        is moved to profile 3 through the admin API and reconnects on it
  -h, --help`;

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stations: { type: 'string' },
      v16: { type: 'string' },
      duration: { type: 'string' },
      ocpp: { type: 'string' },
      api: { type: 'string' },
      provision: { type: 'boolean' },
      'admin-key': { type: 'string' },
      'data-dir': { type: 'string' },
      prefix: { type: 'string' },
      'session-rate': { type: 'string' },
      'session-duration': { type: 'string' },
      'meter-interval': { type: 'string' },
      heartbeat: { type: 'string' },
      'time-scale': { type: 'string' },
      seed: { type: 'string' },
      ca: { type: 'string' },
      mtls: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const durationSec = num(values.duration, 'duration') ?? 60;
  const options: FleetOptions = {
    ocppUrl: values.ocpp ?? 'ws://127.0.0.1:9220/ocpp',
    apiUrl: values.api ?? 'http://127.0.0.1:3000',
    source: values.provision ? 'generate' : 'demo',
    provision: values.provision ?? false,
    count: num(values.stations, 'stations') ?? 20,
    v16Fraction: num(values.v16, 'v16') ?? 0.5,
    seed: num(values.seed, 'seed') ?? 1,
    durationSec,
  };
  const optional: Array<[keyof FleetOptions, number | string | undefined]> = [
    ['adminKey', values['admin-key']],
    ['dataDir', values['data-dir']],
    ['idPrefix', values.prefix],
    ['sessionRatePerSec', num(values['session-rate'], 'session-rate')],
    ['sessionDurationSec', num(values['session-duration'], 'session-duration')],
    ['meterIntervalSec', num(values['meter-interval'], 'meter-interval')],
    ['heartbeatSec', num(values.heartbeat, 'heartbeat')],
    ['timeScale', num(values['time-scale'], 'time-scale')],
  ];
  for (const [key, value] of optional) if (value !== undefined) Object.assign(options, { [key]: value });
  if (values.ca) options.tls = { ca: await readFile(values.ca, 'utf8') };
  if (values.mtls) options.mtls = true;

  if (options.provision) console.log(`provisioning ${options.count} stations through ${options.apiUrl} ...`);
  const fleet = await runFleet(options);
  const started = performance.now();
  const tty = process.stdout.isTTY;
  const print = (final = false): void => {
    const line = formatStats(fleet.stats, (performance.now() - started) / 1000);
    if (tty && !final) process.stdout.write(`\r${line}\x1b[K`);
    else console.log(line);
  };
  const progress = setInterval(() => print(), 1000);
  const onSignal = (): void => void fleet.stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const stats = await fleet.done;
  clearInterval(progress);
  if (tty) process.stdout.write('\n');
  print(true);
  if (stats.lastErrors.length > 0) {
    console.log(`last errors (${stats.errors} in all):`);
    for (const e of stats.lastErrors.slice(-10)) console.log(`  ${e}`);
  }
  process.exitCode = stats.booted === 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
