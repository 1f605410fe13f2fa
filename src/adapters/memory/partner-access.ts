import type { PartnerAccessTokens, RequestReplayGuard } from '../../domain/partners/index.js';

/** The in-process twin of SqlPartnerAccessTokens. */
export class MemoryPartnerAccessTokens implements PartnerAccessTokens {
  readonly #tokens = new Map<string, { partnerId: string; expiresAt: Date }>();

  async issue(partnerId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    if (this.#tokens.has(tokenHash)) throw new Error('token already issued');
    this.#tokens.set(tokenHash, { partnerId, expiresAt: new Date(expiresAt) });
  }

  async find(tokenHash: string): Promise<{ partnerId: string; expiresAt: Date } | null> {
    const t = this.#tokens.get(tokenHash);
    return t ? { partnerId: t.partnerId, expiresAt: new Date(t.expiresAt) } : null;
  }

  async prune(before: Date): Promise<number> {
    let n = 0;
    for (const [hash, t] of this.#tokens) if (t.expiresAt < before && this.#tokens.delete(hash)) n++;
    return n;
  }

  async revokeAll(partnerId: string): Promise<number> {
    let n = 0;
    for (const [hash, t] of this.#tokens) if (t.partnerId === partnerId && this.#tokens.delete(hash)) n++;
    return n;
  }
}

/** The in-process twin of SqlReplayGuard. */
export class MemoryReplayGuard implements RequestReplayGuard {
  readonly #seen = new Map<string, Date>();

  async firstSeen(operatorId: string, timeStamp: string, seq: string, at: Date): Promise<boolean> {
    const key = JSON.stringify([operatorId, timeStamp, seq]);
    if (this.#seen.has(key)) return false;
    this.#seen.set(key, at);
    return true;
  }

  async prune(before: Date): Promise<number> {
    let n = 0;
    for (const [key, at] of this.#seen) if (at < before && this.#seen.delete(key)) n++;
    return n;
  }
}
