import { liveReadOf, type LiveConnectorStatus, type LiveRead, type LiveStatusStore } from '../../domain/availability/live-status.ports.js';
import { byConnector, canonicalAt, canonicalStatus } from '../memory/live-status.js';
import type { Redis } from './client.js';

/**
 * Newest wins, atomically: keep the stored value when its `at` is later than the new one (equal
 * `at`: the later call wins). `at` is canonical ISO UTC on both sides, so strings compare as times.
 * KEYS[1] station hash; ARGV: field, at, JSON value.
 */
const SET_IF_NEWER = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur then
  local ok, old = pcall(cjson.decode, cur)
  if ok and type(old) == 'table' and type(old.at) == 'string' and old.at > ARGV[2] then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`;

/**
 * Live connector status shared by all nodes: one hash per station (`<prefix>st:<stationId>`,
 * field `evseNo.connectorNo`, value the status as JSON) and one hash `<prefix>offline`
 * (stationId → when it went offline).
 */
export class RedisLiveStatus implements LiveStatusStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'xj:live:',
  ) {}

  #stationKey(stationId: string): string {
    return `${this.prefix}st:${stationId}`;
  }

  get #offlineKey(): string {
    return `${this.prefix}offline`;
  }

  async set(status: LiveConnectorStatus): Promise<boolean> {
    const value = canonicalStatus(status);
    const stored = await this.redis.eval(SET_IF_NEWER, {
      keys: [this.#stationKey(value.stationId)],
      arguments: [`${value.evseNo}.${value.connectorNo}`, value.at, JSON.stringify(value)],
    });
    return stored === 1;
  }

  async getMany(stationIds: readonly string[]): Promise<Map<string, readonly LiveConnectorStatus[]>> {
    const out = new Map<string, readonly LiveConnectorStatus[]>();
    if (stationIds.length === 0) return out;
    // One round trip however many stations: HGETALLs sent as a pipeline (not a transaction).
    const multi = this.redis.multi();
    for (const id of stationIds) multi.hGetAll(this.#stationKey(id));
    const replies = await multi.execAsPipelineTyped();
    replies.forEach((fields, i) => {
      const id = stationIds[i];
      if (id === undefined) return;
      const statuses = Object.values(fields).map((v) => JSON.parse(String(v)) as LiveConnectorStatus);
      if (statuses.length > 0) out.set(id, statuses.sort(byConnector));
    });
    return out;
  }

  async read(stationIds: readonly string[]): Promise<LiveRead> {
    const [statuses, offline] = await Promise.all([this.getMany(stationIds), this.offlineOf(stationIds)]);
    return liveReadOf(statuses, offline);
  }

  async setOffline(stationId: string, at: string): Promise<void> {
    await this.redis.hSet(this.#offlineKey, stationId, canonicalAt(at));
  }

  async setOnline(stationId: string): Promise<void> {
    await this.redis.hDel(this.#offlineKey, stationId);
  }

  async offlineOf(stationIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    if (stationIds.length === 0) return out;
    const values = await this.redis.hmGet(this.#offlineKey, [...stationIds]);
    values.forEach((v, i) => {
      const id = stationIds[i];
      if (v !== null && id !== undefined) out.add(id);
    });
    return out;
  }
}
