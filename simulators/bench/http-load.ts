/**
 * HTTP load generation for the availability benchmark: a closed loop of N keep-alive clients
 * (node:http with a keep-alive Agent, one socket per client; or the built-in fetch, i.e. undici),
 * each with one GET in flight until the time or the request budget runs out. The same generator
 * drives the real API and the bare baseline, so their ratio is like for like.
 */
import http from 'node:http';

export interface HttpLoadResult {
  ok: number;
  errors: number;
  errorCodes: Record<string, number>;
  latenciesMs: number[];
  elapsedMs: number;
  bytes: number;
  /** CPU seconds (user + system) this process spent during the run: the generator's own cost. */
  clientCpuSec: number;
  /** One 200 body (the first), for the baseline server to serve. */
  sampleBody: string | undefined;
}

export interface HttpLoadOptions {
  baseUrl: string;
  headers: Record<string, string>;
  concurrency: number;
  durationMs: number;
  maxRequests: number;
  /** Path + query of the next request. */
  nextPath: () => string;
  client: 'http' | 'fetch';
  /** Keep the body of one 200 answer (among the first 200) whose size is closest to this (bytes). */
  sampleNear?: number;
}

/** The body is only decoded when `keepBody` (the generator should cost as little CPU as possible). */
function getHttp(agent: http.Agent, url: URL, headers: Record<string, string>, keepBody: boolean): Promise<{ status: number; body: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (keepBody) chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: keepBody ? Buffer.concat(chunks).toString('utf8') : '', bytes }));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function getFetch(url: URL, headers: Record<string, string>): Promise<{ status: number; body: string; bytes: number }> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  const body = await res.text();
  return { status: res.status, body, bytes: Buffer.byteLength(body) };
}

export async function httpClosedLoop(o: HttpLoadOptions): Promise<HttpLoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency, maxFreeSockets: o.concurrency });
  const result: HttpLoadResult = { ok: 0, errors: 0, errorCodes: {}, latenciesMs: [], elapsedMs: 0, bytes: 0, clientCpuSec: 0, sampleBody: undefined };
  const fail = (code: string): void => {
    result.errors++;
    result.errorCodes[code] = (result.errorCodes[code] ?? 0) + 1;
  };
  let sampleDistance = Number.POSITIVE_INFINITY;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const deadline = start + o.durationMs;
  let issued = 0;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (performance.now() < deadline && issued < o.maxRequests) {
        issued++;
        const url = new URL(o.nextPath(), o.baseUrl);
        const t0 = performance.now();
        try {
          const keepBody = o.sampleNear !== undefined && result.ok < 200;
          const r = o.client === 'fetch' ? await getFetch(url, o.headers) : await getHttp(agent, url, o.headers, keepBody);
          const dt = performance.now() - t0;
          if (r.status !== 200) {
            fail(`HTTP ${r.status}`);
            continue;
          }
          result.ok++;
          result.latenciesMs.push(dt);
          result.bytes += r.bytes;
          if (keepBody && o.sampleNear !== undefined && Math.abs(r.bytes - o.sampleNear) < sampleDistance) {
            sampleDistance = Math.abs(r.bytes - o.sampleNear);
            result.sampleBody = r.body;
          }
        } catch (err) {
          fail((err as Error).message.slice(0, 40));
        }
      }
    }),
  );
  result.elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  result.clientCpuSec = (cpu.user + cpu.system) / 1e6;
  agent.destroy();
  return result;
}

/** Small JSON client over a keep-alive agent (commands: submit + poll). */
export class JsonClient {
  readonly #agent: http.Agent;
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    maxSockets = 32,
  ) {
    this.#agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const url = new URL(path, this.baseUrl);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}` };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    return new Promise((resolve, reject) => {
      const req = http.request({ agent: this.#agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // keep the raw text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as T });
        });
        res.on('error', reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
