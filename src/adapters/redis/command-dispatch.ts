import type { CommandDispatcher } from '../../domain/commands/index.js';
import type { StationPresence } from '../../domain/stations/index.js';
import type { Redis } from './client.js';

/**
 * Routes "station X has commands" to the node that holds X's socket: one pub/sub channel per node.
 * The command itself travels through the store, so a message lost here only delays it until the
 * station's next connection (when its node looks for pending commands anyway).
 */
export class RedisCommandDispatcher implements CommandDispatcher {
  #subscriber: Redis | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly presence: StationPresence,
    private readonly prefix = 'xj:node:',
  ) {}

  async notify(stationId: string): Promise<void> {
    const owner = await this.presence.ownerOf(stationId);
    if (owner) await this.redis.publish(`${this.prefix}${owner}:commands`, stationId);
  }

  /** Tells the node that held a station before that the station is now connected elsewhere. */
  async takeover(previousNode: string, stationId: string): Promise<void> {
    await this.redis.publish(`${this.prefix}${previousNode}:evict`, stationId);
  }

  /** On a gateway node: receive the notifications meant for it. */
  async listen(nodeId: string, handlers: { commands: (stationId: string) => void; evict: (stationId: string) => void }): Promise<void> {
    const sub = this.redis.duplicate();
    sub.on('error', () => {});
    await sub.connect();
    await sub.subscribe(`${this.prefix}${nodeId}:commands`, (stationId) => handlers.commands(stationId));
    await sub.subscribe(`${this.prefix}${nodeId}:evict`, (stationId) => handlers.evict(stationId));
    this.#subscriber = sub;
  }

  async close(): Promise<void> {
    await this.#subscriber?.quit().catch(() => undefined);
  }
}
