import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const E2E_ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  readonly http: string;
  readonly ocpp: string;
  readonly env: Record<string, string>;
  readonly output: () => string;
  api(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  /** SIGKILL: a crash, nothing flushed. */
  kill(): Promise<void>;
  /** SIGTERM: a graceful stop. */
  stop(): Promise<void>;
}

/** The real program (`src/main.ts`) as a child process, as an operator would run it. */
export async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  // A gateway-only node has no HTTP API: it is ready when its OCPP listener answers (404 to plain HTTP).
  const gatewayOnly = env.ROLE === 'gateway';
  const httpPort = env.PORT ?? String(await freePort());
  const ocppPort = env.OCPP_PORT ?? String(await freePort());
  const fullEnv: Record<string, string> = {
    PORT: httpPort,
    OCPP_PORT: ocppPort,
    HOST: '127.0.0.1',
    ADMIN_API_KEY: E2E_ADMIN_KEY,
    LOG_LEVEL: 'warn',
    ...env,
  };
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...fullEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const http = `http://127.0.0.1:${httpPort}`;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${out}`);
    try {
      const r = await fetch(gatewayOnly ? `http://127.0.0.1:${ocppPort}/` : `${http}/readyz`);
      if (gatewayOnly ? r.status === 404 : r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready in 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    http,
    ocpp: `ws://127.0.0.1:${ocppPort}/ocpp`,
    env: fullEnv,
    output: () => out,
    async api(path, init = {}) {
      const res = await fetch(`${http}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { authorization: `Bearer ${E2E_ADMIN_KEY}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function tempDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'xj-e2e-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** All sessions of a set of stations, through the API (walks the cursor). */
export async function sessionsOf(server: ServerProcess, stationIds: string[]): Promise<any[]> {
  const all: any[] = [];
  for (const id of stationIds) {
    let cursor: string | null = null;
    do {
      const q: string = `/v1/sessions?stationId=${encodeURIComponent(id)}&limit=200${cursor ? `&cursor=${cursor}` : ''}`;
      const r = await server.api(q);
      if (r.status !== 200) throw new Error(`${q}: ${r.status} ${JSON.stringify(r.body)}`);
      all.push(...r.body.items);
      cursor = r.body.nextCursor;
    } while (cursor);
  }
  return all;
}
