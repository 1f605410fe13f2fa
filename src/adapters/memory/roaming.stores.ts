import {
  afterTry,
  type NewPartnerPush,
  type NewRoamingCharge,
  type PartnerCatalogLinks,
  type PartnerConnectorLink,
  type PartnerPush,
  type PartnerPushQueue,
  type PushOutcome,
  type PushStatus,
  type RoamingCharge,
  type RoamingChargePatch,
  type RoamingChargeStore,
  type RoamingSide,
} from '../../domain/roaming/index.js';

/** The in-process twin of SqlPartnerPushQueue (one node). */
export class MemoryPartnerPushQueue implements PartnerPushQueue {
  readonly #rows = new Map<string, PartnerPush>();
  #seq = 0;

  async enqueue(pushes: readonly NewPartnerPush[], claimUntil: Date): Promise<PartnerPush[]> {
    const fresh: PartnerPush[] = [];
    for (const p of pushes) {
      if ([...this.#rows.values()].some((r) => r.partnerId === p.partnerId && r.key === p.key)) continue;
      const row: PartnerPush = { ...p, body: structuredClone(p.body), id: String(++this.#seq), status: 'pending', attempts: 0, nextAt: claimUntil, lastError: null, sentAt: null };
      this.#rows.set(row.id, row);
      fresh.push(row);
    }
    return fresh;
  }

  async claimDue(now: Date, claimUntil: Date, limit: number): Promise<PartnerPush[]> {
    const due = [...this.#rows.values()]
      .filter((r) => r.status === 'pending' && r.nextAt.getTime() <= now.getTime())
      .sort((a, b) => a.nextAt.getTime() - b.nextAt.getTime() || Number(a.id) - Number(b.id))
      .slice(0, limit)
      .map((r) => ({ ...r, nextAt: claimUntil }));
    for (const r of due) this.#rows.set(r.id, r);
    return due.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || Number(a.id) - Number(b.id));
  }

  async complete(id: string, outcome: PushOutcome, now: Date): Promise<void> {
    const row = this.#rows.get(id);
    if (!row || row.status !== 'pending') return;
    this.#rows.set(id, { ...row, ...afterTry(row, outcome, now) });
  }

  async get(partnerId: string, key: string): Promise<PartnerPush | null> {
    return [...this.#rows.values()].find((r) => r.partnerId === partnerId && r.key === key) ?? null;
  }

  async deliveredAfter(partnerId: string, kind: string, afterId: string, bodyPath: readonly string[], value: string): Promise<boolean> {
    const at = (body: unknown): unknown => bodyPath.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), body);
    return [...this.#rows.values()].some(
      (r) => r.partnerId === partnerId && r.kind === kind && Number(r.id) > Number(afterId) && (r.status === 'sent' || r.status === 'ignored') && String(at(r.body)) === value,
    );
  }

  async list(filter: { partnerId: string; status?: PushStatus | undefined; limit: number }): Promise<PartnerPush[]> {
    return [...this.#rows.values()]
      .filter((r) => r.partnerId === filter.partnerId && (filter.status === undefined || r.status === filter.status))
      .sort((a, b) => Number(b.id) - Number(a.id))
      .slice(0, filter.limit);
  }

  async prune(before: Date): Promise<number> {
    let n = 0;
    for (const [id, r] of this.#rows) {
      if (r.status !== 'pending' && r.createdAt.getTime() < before.getTime()) {
        this.#rows.delete(id);
        n++;
      }
    }
    return n;
  }
}

const key = (partnerId: string, ref: string): string => `${partnerId}\u0000${ref}`;

/** The in-process twin of SqlRoamingChargeStore. */
export class MemoryRoamingChargeStore implements RoamingChargeStore {
  readonly #rows = new Map<string, RoamingCharge>();

  async create(c: NewRoamingCharge): Promise<boolean> {
    if (this.#rows.has(key(c.partnerId, c.ref))) return false;
    this.#rows.set(key(c.partnerId, c.ref), {
      ...c,
      sessionId: null,
      state: 1,
      startedAt: null,
      stoppedAt: null,
      energyWh: null,
      cdrId: null,
      confirmResult: null,
      disputeReason: null,
      updatedAt: c.createdAt,
    });
    return true;
  }

  async get(partnerId: string, ref: string): Promise<RoamingCharge | null> {
    return this.#rows.get(key(partnerId, ref)) ?? null;
  }

  async bySession(sessionId: string): Promise<RoamingCharge | null> {
    return [...this.#rows.values()].find((c) => c.sessionId === sessionId) ?? null;
  }

  async byCommand(commandId: string): Promise<RoamingCharge | null> {
    return [...this.#rows.values()].find((c) => c.commandId === commandId) ?? null;
  }

  async update(partnerId: string, ref: string, patch: RoamingChargePatch, now: Date): Promise<RoamingCharge | null> {
    const row = this.#rows.get(key(partnerId, ref));
    if (!row) return null;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const next: RoamingCharge = { ...row, ...defined, updatedAt: now };
    this.#rows.set(key(partnerId, ref), next);
    return next;
  }

  async active(side: RoamingSide, limit: number): Promise<RoamingCharge[]> {
    return [...this.#rows.values()]
      .filter((c) => c.side === side && c.state < 4)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.ref.localeCompare(b.ref))
      .slice(0, limit);
  }

  async finished(partnerId: string, side: RoamingSide, from: Date, to: Date): Promise<RoamingCharge[]> {
    return [...this.#rows.values()]
      .filter((c) => c.partnerId === partnerId && c.side === side && c.cdrId !== null && c.stoppedAt !== null && c.stoppedAt >= from && c.stoppedAt < to)
      .sort((a, b) => a.stoppedAt!.getTime() - b.stoppedAt!.getTime() || a.ref.localeCompare(b.ref));
  }
}

/** The in-process twin of SqlPartnerCatalogLinks. */
export class MemoryPartnerCatalogLinks implements PartnerCatalogLinks {
  readonly #links = new Map<string, PartnerConnectorLink>();
  readonly #synced = new Map<string, Date>();

  async save(links: readonly PartnerConnectorLink[]): Promise<void> {
    for (const l of links) this.#links.set(key(l.partnerId, l.partnerConnectorId), { ...l });
  }

  async forgetStation(partnerId: string, stationId: string): Promise<void> {
    for (const [k, l] of this.#links) if (l.partnerId === partnerId && l.stationId === stationId) this.#links.delete(k);
  }

  async ofStation(partnerId: string, stationId: string): Promise<PartnerConnectorLink[]> {
    return [...this.#links.values()].filter((l) => l.partnerId === partnerId && l.stationId === stationId).sort((a, b) => a.evseNo - b.evseNo || a.connectorNo - b.connectorNo).map((l) => ({ ...l }));
  }

  async byPartnerConnector(partnerId: string, partnerConnectorId: string): Promise<PartnerConnectorLink | null> {
    return this.#links.get(key(partnerId, partnerConnectorId)) ?? null;
  }

  async byConnector(stationId: string, evseNo: number, connectorNo: number): Promise<PartnerConnectorLink | null> {
    return [...this.#links.values()].find((l) => l.stationId === stationId && l.evseNo === evseNo && l.connectorNo === connectorNo) ?? null;
  }

  async locationsOf(partnerId: string): Promise<string[]> {
    return [...new Set([...this.#links.values()].filter((l) => l.partnerId === partnerId).map((l) => l.locationId))].sort();
  }

  async lastSync(partnerId: string): Promise<Date | null> {
    return this.#synced.get(partnerId) ?? null;
  }

  async setLastSync(partnerId: string, at: Date): Promise<void> {
    this.#synced.set(partnerId, at);
  }
}
