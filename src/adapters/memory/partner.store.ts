import {
  operatorRolesOf,
  type NewPartner,
  type NewPartnerMessage,
  type Partner,
  type PartnerMessage,
  type PartnerMessageLog,
  type PartnerPatch,
  type PartnerStore,
} from '../../domain/partners/index.js';
import type { OperatorRole } from '../../domain/catalog/index.js';
import { AppError } from '../../shared/errors.js';

/**
 * The in-process twin of SqlPartnerStore (tests, tools). `operators` stands for the operator
 * table: seed the members there; creating a partner adds its own record, deleting removes it
 * unless `inUse` says something still names it.
 */
export class MemoryPartnerStore implements PartnerStore {
  readonly operators = new Map<string, { name: string; roles: OperatorRole[] }>();
  readonly #partners = new Map<string, Partner>();

  constructor(private readonly inUse: (operatorId: string) => boolean = () => false) {}

  async create(p: NewPartner): Promise<Partner> {
    if (this.#partners.has(p.id)) throw new AppError('PARTNER_ALREADY_EXISTS', `partner ${p.id} already exists`, { field: 'id' });
    if (this.operators.has(p.id)) throw new AppError('OPERATOR_ALREADY_EXISTS', `operator ${p.id} already exists: a partner gets an operator record of its own`, { field: 'id' });
    this.#requireMembers(p.operatorIds);
    if ([...this.#partners.values()].some((x) => x.tcec.partnerOperatorId === p.tcec.partnerOperatorId)) {
      throw new AppError('PARTNER_ALREADY_EXISTS', `a partner with OperatorID ${p.tcec.partnerOperatorId} already exists`, { field: 'tcec.partnerOperatorId' });
    }
    const now = new Date();
    const partner: Partner = { ...structuredClone(p), state: p.state ?? 'active', lastError: null, createdAt: now, updatedAt: now };
    this.operators.set(p.id, { name: p.name, roles: operatorRolesOf(p.role) });
    this.#partners.set(p.id, partner);
    return structuredClone(partner);
  }

  async get(id: string): Promise<Partner | null> {
    const p = this.#partners.get(id);
    return p ? structuredClone(p) : null;
  }

  async list(): Promise<Partner[]> {
    return [...this.#partners.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((p) => structuredClone(p));
  }

  async findByTcecOperatorId(partnerOperatorId: string): Promise<Partner | null> {
    const p = [...this.#partners.values()].find((x) => x.tcec.partnerOperatorId === partnerOperatorId);
    return p ? structuredClone(p) : null;
  }

  async update(id: string, patch: PartnerPatch): Promise<Partner> {
    const current = this.#partners.get(id);
    if (!current) throw new AppError('PARTNER_NOT_FOUND', `partner ${id} not found`);
    if (patch.operatorIds !== undefined) this.#requireMembers(patch.operatorIds);
    const tcec = { ...current.tcec, ...Object.fromEntries(Object.entries(patch.tcec ?? {}).filter(([, v]) => v !== undefined)) };
    if ([...this.#partners.values()].some((x) => x.id !== id && x.tcec.partnerOperatorId === tcec.partnerOperatorId)) {
      throw new AppError('PARTNER_ALREADY_EXISTS', `a partner with OperatorID ${tcec.partnerOperatorId} already exists`, { field: 'tcec.partnerOperatorId' });
    }
    const state = patch.state ?? current.state;
    const next: Partner = {
      ...current,
      name: patch.name ?? current.name,
      role: patch.role ?? current.role,
      operatorIds: [...(patch.operatorIds ?? current.operatorIds)],
      state,
      lastError: patch.state === 'active' ? null : current.lastError,
      tcec: structuredClone(tcec),
      updatedAt: new Date(),
    };
    this.#partners.set(id, next);
    if (patch.name !== undefined || patch.role !== undefined) this.operators.set(id, { name: next.name, roles: operatorRolesOf(next.role) });
    return structuredClone(next);
  }

  #requireMembers(operatorIds: readonly string[]): void {
    const i = operatorIds.findIndex((id) => !this.operators.has(id));
    if (i >= 0) throw new AppError('OPERATOR_NOT_FOUND', `operator ${operatorIds[i]} not found`, { field: `operatorIds.${i}` });
  }

  async recordOutcome(id: string, error: { message: string; at: Date } | null): Promise<void> {
    const p = this.#partners.get(id);
    if (!p) return;
    if (error) this.#partners.set(id, { ...p, lastError: { ...error }, state: p.state === 'suspended' ? p.state : 'failing', updatedAt: new Date() });
    else if (p.state === 'failing') this.#partners.set(id, { ...p, state: 'active', updatedAt: new Date() });
  }

  async delete(id: string): Promise<void> {
    if (!this.#partners.delete(id)) throw new AppError('PARTNER_NOT_FOUND', `partner ${id} not found`);
    if (!this.inUse(id)) this.operators.delete(id);
  }
}

/** The in-process twin of SqlPartnerMessageLog. */
export class MemoryPartnerMessageLog implements PartnerMessageLog {
  readonly #messages: PartnerMessage[] = [];
  #next = 1;

  async append(m: NewPartnerMessage): Promise<void> {
    this.#messages.push({ ...structuredClone(m), id: String(this.#next++) });
  }

  async list(partnerId: string, page: { limit: number; before?: string | undefined }): Promise<{ items: PartnerMessage[]; nextCursor: string | null }> {
    if (page.before !== undefined && !/^\d{1,18}$/.test(page.before)) throw new AppError('INVALID_CURSOR', 'cursor is not one this API issued', { field: 'cursor' });
    const before = page.before === undefined ? Infinity : Number(page.before);
    const all = this.#messages.filter((m) => m.partnerId === partnerId && Number(m.id) < before).reverse();
    const items = all.slice(0, page.limit).map((m) => structuredClone(m));
    return { items, nextCursor: all.length > page.limit ? (items[items.length - 1]?.id ?? null) : null };
  }

  async prune(before: Date): Promise<number> {
    const keep = this.#messages.filter((m) => m.at >= before);
    const gone = this.#messages.length - keep.length;
    this.#messages.splice(0, this.#messages.length, ...keep);
    return gone;
  }
}
