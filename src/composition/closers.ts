/** Shutdown steps, run in reverse order of start; a failing step does not stop the others. */
export class Closers {
  #steps: (() => Promise<void>)[] = [];

  add(step: () => Promise<void>): void {
    this.#steps.push(step);
  }

  async closeAll(onError: (err: unknown) => void): Promise<void> {
    for (const step of this.#steps.splice(0).reverse()) await step().catch(onError);
  }
}
