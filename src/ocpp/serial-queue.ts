/**
 * Runs tasks one after another. The gateway keeps one per station so that its inbound calls are
 * handled in the order they arrived, even when a station pipelines them.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
