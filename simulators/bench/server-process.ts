/**
 * Child processes of the benchmark: the real server (`src/main.ts` under tsx, one process) on a
 * fresh PostgreSQL database created and dropped here, and the bare echo server.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import pg from 'pg';

export const ADMIN_DB_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export function dbUrl(name: string): string {
  return `postgresql://postgres@127.0.0.1:5432/${name}`;
}

export async function createDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DB_URL });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DB_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Spawn `node --import tsx <script> args` (what `tsx script` does, minus the wrapper process). */
export function spawnTs(script: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Resolve with the first stdout line matching `pattern`; reject if the child exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
    rl.on('line', (line) => {
      if (pattern.test(line)) {
        clearTimeout(timer);
        rl.close();
        resolve(line);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited with code ${code} before printing ${pattern}`));
    });
  });
}

export async function startEchoServer(cwd: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawnTs('simulators/bench/echo-server.ts', [String(port)], process.env, cwd);
  const line = await waitForLine(child, /^READY \d+/, 20_000);
  return { child, port: Number(line.split(' ')[1]) };
}

export interface ServerHandle {
  child: ChildProcess;
  /** Last lines of stderr/stdout, for diagnosing a failed start. */
  tail: () => string;
}

async function poll(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`server not answering on ${url} within ${timeoutMs} ms`);
}

/**
 * `src/main.ts` as a child process with this environment, keeping its last 40 output lines for
 * diagnosing a failed start. BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof",
 * profiles the server under load.
 */
export function spawnPlatform(env: NodeJS.ProcessEnv, cwd: string): ServerHandle {
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawnTs('src/main.ts', [], env, cwd, nodeArgs);
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, tail: () => lines.join('\n') };
}

export async function startGateway(options: {
  cwd: string;
  port: number;
  ocppPort: number;
  databaseUrl: string;
  adminKey: string;
  dataDir: string;
  extraEnv?: Record<string, string>;
}): Promise<ServerHandle> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    OCPP_PORT: String(options.ocppPort),
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl,
    ADMIN_API_KEY: options.adminKey,
    DATA_DIR: options.dataDir,
    LOG_LEVEL: 'warn',
    ...options.extraEnv,
  };
  const handle = spawnPlatform(env, options.cwd);
  const { child } = handle;
  await poll(`http://127.0.0.1:${options.port}/`, 60_000, child);
  // The OCPP listener may come up a moment after the HTTP one.
  await poll(`http://127.0.0.1:${options.ocppPort}/`, 30_000, child);
  return handle;
}

export async function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
/** CPU seconds of every PostgreSQL process on this machine (its backends included). */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('postgres')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/**
 * CPU seconds one database's own backends have used so far (from /proc): its cost per call without
 * whatever else PostgreSQL does for other databases on a shared machine.
 */
export async function databaseCpuSeconds(name: string): Promise<number> {
  const client = new pg.Client({ connectionString: ADMIN_DB_URL });
  await client.connect();
  try {
    const pids = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
    let cpu = 0;
    for (const { pid } of pids.rows) cpu += cpuSeconds(pid) || 0;
    return cpu;
  } finally {
    await client.end();
  }
}

export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100;
  } catch {
    return Number.NaN;
  }
}
