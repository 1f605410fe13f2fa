/**
 * Command round trip across nodes: POST /v1/commands/reset on the API node, which stores the
 * command and notifies (Redis pub/sub) the gateway node holding the station's socket; the gateway
 * sends Reset, the station answers Accepted, the gateway records it; the client polls
 * GET /v1/commands/{id} every `pollMs` until it reads `accepted`. Latency = submit → accepted seen.
 */
import { JsonClient } from './http-load.js';

export interface CommandRttResult {
  ok: number;
  failed: number;
  outcomes: Record<string, number>;
  latenciesMs: number[];
  /** POST → 202 alone. */
  submitMs: number[];
  polls: number;
  elapsedMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TERMINAL = new Set(['accepted', 'rejected', 'failed', 'timed-out']);

export async function runCommandRtt(o: {
  apiUrl: string;
  adminKey: string;
  stationIds: string[];
  commands: number;
  concurrency: number;
  pollMs: number;
  /** Give up on one command after this long. */
  timeoutMs: number;
}): Promise<CommandRttResult> {
  const client = new JsonClient(o.apiUrl, o.adminKey, Math.max(4, o.concurrency * 2));
  const result: CommandRttResult = { ok: 0, failed: 0, outcomes: {}, latenciesMs: [], submitMs: [], polls: 0, elapsedMs: 0 };
  const tally = (outcome: string): void => {
    result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1;
  };
  let next = 0;
  const start = performance.now();
  try {
    // Worker w only uses stations w, w+C, w+2C, …: one command in flight per station.
    await Promise.all(
      Array.from({ length: Math.min(o.concurrency, o.stationIds.length) }, async (_, w) => {
        const mine = o.stationIds.filter((_id, i) => i % o.concurrency === w);
        for (let k = 0; next < o.commands; k++) {
          next++;
          const stationId = mine[k % mine.length] as string;
          const t0 = performance.now();
          const sub = await client.request<{ id?: string; status?: string }>('POST', '/v1/commands/reset', { stationId, resetType: 'Soft' });
          result.submitMs.push(performance.now() - t0);
          if (sub.status !== 202 || !sub.body.id) {
            result.failed++;
            tally(`submit HTTP ${sub.status}`);
            continue;
          }
          let status = sub.body.status ?? 'pending';
          const deadline = t0 + o.timeoutMs;
          while (!TERMINAL.has(status) && performance.now() < deadline) {
            await sleep(o.pollMs);
            result.polls++;
            const r = await client.request<{ status?: string }>('GET', `/v1/commands/${sub.body.id}`);
            if (r.status === 200 && r.body.status) status = r.body.status;
          }
          const dt = performance.now() - t0;
          if (status === 'accepted') {
            result.ok++;
            result.latenciesMs.push(dt);
          } else {
            result.failed++;
          }
          tally(TERMINAL.has(status) ? status : `still ${status} after ${o.timeoutMs} ms`);
        }
      }),
    );
  } finally {
    result.elapsedMs = performance.now() - start;
    client.close();
  }
  return result;
}
