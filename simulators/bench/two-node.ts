/**
 * The real topology for the availability benchmark: one gateway node (ROLE=gateway, OCPP port only)
 * and one API node (ROLE=api, HTTP port only), both `src/main.ts` on the same fresh PostgreSQL
 * database and the same Redis under one REDIS_PREFIX. Also the bare fastify baseline server.
 */
import type { ChildProcess } from 'node:child_process';
import { spawnPlatform, spawnTs, stopChild, waitForLine } from './server-process.js';

export interface NodeHandle {
  name: string;
  child: ChildProcess;
  /** Last lines of stdout/stderr, for diagnosing a failed start. */
  tail: () => string;
}

export interface TwoNodeOptions {
  cwd: string;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  adminKey: string;
  dataDir: string;
  apiPort: number;
  ocppPort: number;
}

async function waitHttp(url: string, timeoutMs: number, node: NodeHandle): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.child.exitCode !== null) throw new Error(`${node.name} exited with code ${node.child.exitCode}\n${node.tail()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${node.name} not answering on ${url} within ${timeoutMs} ms\n${node.tail()}`);
}

function spawnNode(name: string, o: TwoNodeOptions, env: Record<string, string>): NodeHandle {
  const handle = spawnPlatform(
    {
      ...process.env,
      HOST: '127.0.0.1',
      DATABASE_URL: o.databaseUrl,
      REDIS_URL: o.redisUrl,
      REDIS_PREFIX: o.redisPrefix,
      ADMIN_API_KEY: o.adminKey,
      DATA_DIR: o.dataDir,
      LOG_LEVEL: 'warn',
      // Operator keys are counted (shared counter in Redis) but never refused during a benchmark.
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    },
    o.cwd,
  );
  return { name, ...handle };
}

/**
 * Gateway first (it applies the migrations), then the API node. The gateway node's HTTP port is
 * never opened (no api role), so it gets the API port + 1 only to keep the two configs distinct.
 */
export async function startTwoNodes(o: TwoNodeOptions, started: NodeHandle[]): Promise<{ gateway: NodeHandle; api: NodeHandle }> {
  const gateway = spawnNode('gateway node G', o, { ROLE: 'gateway', NODE_ID: `bench-g-${process.pid}`, PORT: String(o.apiPort + 1), OCPP_PORT: String(o.ocppPort) });
  started.push(gateway);
  await waitHttp(`http://127.0.0.1:${o.ocppPort}/`, 60_000, gateway);
  const api = spawnNode('API node A', o, { ROLE: 'api', NODE_ID: `bench-a-${process.pid}`, PORT: String(o.apiPort), OCPP_PORT: String(o.ocppPort + 1) });
  started.push(api);
  await waitHttp(`http://127.0.0.1:${o.apiPort}/healthz`, 60_000, api);
  return { gateway, api };
}

/** The baseline: a bare fastify server (bare-http-server.ts) serving `bodyFile` on GET /v1/locations. */
export async function startBareServer(cwd: string, bodyFile: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawnTs('simulators/bench/bare-http-server.ts', [bodyFile], process.env, cwd);
  const line = await waitForLine(child, /^READY \d+/, 30_000);
  return { child, port: Number(line.split(' ')[1]) };
}

export async function stopAll(children: ChildProcess[]): Promise<void> {
  // API node before gateway: reverse start order.
  for (const c of [...children].reverse()) await stopChild(c);
}
