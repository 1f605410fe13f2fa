import type { Agreement, AgreementLookup } from '../../domain/agreements/index.js';

/**
 * Agreements between a provider and an operator, kept in memory: every authorization of a
 * roaming token asks for them. Emptied whenever an agreement changes anywhere (the node's outbox
 * tail calls invalidate() on agreement.changed), and re-read after `ttlMs` in any case.
 */
export class CachedAgreementLookup implements AgreementLookup {
  #entries = new Map<string, { at: number; agreements: Promise<readonly Agreement[]> }>();
  #generation = 0;

  constructor(
    private readonly source: AgreementLookup,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  between(providerId: string, operatorId: string): Promise<readonly Agreement[]> {
    const key = `${providerId}\u0000${operatorId}`;
    const hit = this.#entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.agreements;
    const generation = this.#generation;
    const agreements = this.source.between(providerId, operatorId);
    const entry = { at: this.now(), agreements };
    this.#entries.set(key, entry);
    // A failed read, or one that raced an invalidation, is not kept.
    agreements.then(
      () => {
        if (generation !== this.#generation && this.#entries.get(key) === entry) this.#entries.delete(key);
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return agreements;
  }

  invalidate(): void {
    this.#generation++;
    this.#entries.clear();
  }
}
