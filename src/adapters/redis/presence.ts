import type { StationPresence } from '../../domain/stations/index.js';
import type { Redis } from './client.js';

const RENEW_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const DELETE_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** Which node holds each station's socket: one key per station holding the node id, with a lease. */
export class RedisPresence implements StationPresence {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'xj:presence:',
  ) {}

  async claim(stationId: string, nodeId: string, leaseMs: number): Promise<string | null> {
    const previous = await this.redis.set(this.prefix + stationId, nodeId, { PX: leaseMs, GET: true });
    return typeof previous === 'string' && previous !== nodeId ? previous : null;
  }

  async renew(stationIds: readonly string[], nodeId: string, leaseMs: number): Promise<void> {
    if (stationIds.length === 0) return;
    const multi = this.redis.multi();
    for (const id of stationIds) multi.eval(RENEW_IF_OWNER, { keys: [this.prefix + id], arguments: [nodeId, String(leaseMs)] });
    await multi.execAsPipeline();
  }

  async release(stationId: string, nodeId: string): Promise<void> {
    await this.redis.eval(DELETE_IF_OWNER, { keys: [this.prefix + stationId], arguments: [nodeId] });
  }

  async ownerOf(stationId: string): Promise<string | null> {
    const v = await this.redis.get(this.prefix + stationId);
    return typeof v === 'string' ? v : null;
  }

  async ownersOf(stationIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (stationIds.length === 0) return out;
    const values = await this.redis.mGet(stationIds.map((id) => this.prefix + id));
    values.forEach((v, i) => {
      const id = stationIds[i];
      if (typeof v === 'string' && id !== undefined) out.set(id, v);
    });
    return out;
  }
}
