import type { CommandDispatcher } from '../../domain/commands/index.js';

/** One node: the gateway in this process is told directly. */
export class MemoryCommandDispatcher implements CommandDispatcher {
  #handler: ((stationId: string) => void) | undefined;

  listen(handler: (stationId: string) => void): void {
    this.#handler = handler;
  }

  async notify(stationId: string): Promise<void> {
    this.#handler?.(stationId);
  }
}
