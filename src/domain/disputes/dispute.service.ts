import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { creditFor, replacementFor } from '../cdrs/cdr-builder.js';
import type { Cdr } from '../cdrs/cdr.model.js';
import type { CdrRepository } from '../cdrs/cdr.ports.js';
import type { Actor } from '../cdrs/cdr.service.js';
import type { Dispute, DisputeReason } from './dispute.model.js';
import type { DisputeFilter, DisputeRepository } from './dispute.ports.js';

const who = (a: Actor): string => (a.kind === 'admin' ? 'admin' : a.operatorId);

/**
 * Disputes between the parties to a CDR: the provider (EMSP) that pays raises one; the operator
 * (CPO) accepts it, which cancels the CDR with a credit and (unless the session was not the
 * provider's at all) prices it again as a replacement, or rejects it with a note. Both new CDRs go
 * into the next open statement as adjustments.
 */
export class DisputeService {
  constructor(
    private readonly repo: DisputeRepository,
    private readonly cdrs: CdrRepository,
    private readonly clock: Clock,
  ) {}

  async raise(actor: Actor, input: { cdrId: string; reason: DisputeReason; note?: string | undefined; statementId?: string | undefined }): Promise<Dispute> {
    const cdr = await this.#visibleCdr(input.cdrId, actor);
    if (actor.kind === 'operator' && actor.operatorId !== cdr.providerId) throw new AppError('FORBIDDEN', `only the provider ${cdr.providerId} that pays for CDR ${cdr.id} disputes it`);
    if (cdr.kind === 'credit' || cdr.status !== 'priced') throw new AppError('CDR_NOT_REVIEWABLE', `CDR ${cdr.id} is a ${cdr.status} ${cdr.kind}: only a priced CDR is disputed`);
    if (await this.repo.isCredited(cdr.id)) throw new AppError('CDR_NOT_REVIEWABLE', `CDR ${cdr.id} was corrected already`);
    if (input.statementId !== undefined && !(await this.repo.statementCovers(input.statementId, cdr))) {
      throw new AppError('VALIDATION_FAILED', `statement ${input.statementId} does not settle CDR ${cdr.id}`, { field: 'statementId' });
    }
    return this.repo.create({
      id: newId(),
      cdrId: cdr.id,
      statementId: input.statementId ?? null,
      raisedBy: who(actor),
      reason: input.reason,
      note: input.note ?? null,
      status: 'open',
      resolvedBy: null,
      resolvedAt: null,
      resolutionNote: null,
      creditCdrId: null,
      replacementCdrId: null,
      createdAt: this.clock.now(),
    });
  }

  /** The CPO accepts: a credit cancels the CDR; a replacement re-prices it (with the energy given, if any). */
  async accept(actor: Actor, id: string, input: { note?: string | undefined; energyWh?: number | undefined }): Promise<Dispute> {
    const { dispute, cdr } = await this.#forCpo(actor, id);
    const now = this.clock.now();
    const credit = creditFor(cdr, now);
    const reprice = dispute.reason !== 1 || input.energyWh !== undefined;
    let replacement: Cdr | undefined;
    if (reprice) {
      const [facts] = await this.cdrs.facts([cdr.sessionId]);
      if (!facts) throw new AppError('SESSION_NOT_FOUND', `session ${cdr.sessionId} of CDR ${cdr.id} not found`);
      replacement = replacementFor(cdr, facts, newId(), now, input.energyWh);
    }
    return this.repo.resolve(
      id,
      { status: 'accepted', resolvedBy: who(actor), resolvedAt: now, resolutionNote: input.note ?? null, creditCdrId: credit.id, replacementCdrId: replacement?.id ?? null },
      replacement ? [credit, replacement] : [credit],
    );
  }

  async reject(actor: Actor, id: string, note: string): Promise<Dispute> {
    await this.#forCpo(actor, id);
    return this.repo.resolve(id, { status: 'rejected', resolvedBy: who(actor), resolvedAt: this.clock.now(), resolutionNote: note, creditCdrId: null, replacementCdrId: null }, []);
  }

  async get(id: string, visibleTo?: string): Promise<Dispute> {
    const d = await this.repo.get(id);
    if (!d) throw new AppError('DISPUTE_NOT_FOUND', `dispute ${id} not found`);
    if (visibleTo) {
      const cdr = await this.cdrs.get(d.cdrId);
      if (!cdr || (cdr.cpoId !== visibleTo && cdr.providerId !== visibleTo)) throw new AppError('DISPUTE_NOT_FOUND', `dispute ${id} not found`);
    }
    return d;
  }

  list(filter: DisputeFilter): Promise<Dispute[]> {
    return this.repo.list(filter);
  }

  async #visibleCdr(cdrId: string, actor: Actor): Promise<Cdr> {
    const cdr = await this.cdrs.get(cdrId);
    if (!cdr || (actor.kind === 'operator' && cdr.cpoId !== actor.operatorId && cdr.providerId !== actor.operatorId)) {
      throw new AppError('CDR_NOT_FOUND', `CDR ${cdrId} not found`, { field: 'cdrId' });
    }
    return cdr;
  }

  async #forCpo(actor: Actor, id: string): Promise<{ dispute: Dispute; cdr: Cdr }> {
    const dispute = await this.get(id, actor.kind === 'operator' ? actor.operatorId : undefined);
    const cdr = await this.#visibleCdr(dispute.cdrId, actor);
    if (actor.kind === 'operator' && actor.operatorId !== cdr.cpoId) throw new AppError('FORBIDDEN', `only the operator ${cdr.cpoId} answers disputes of CDR ${cdr.id}`);
    if (dispute.status !== 'open') throw new AppError('DISPUTE_NOT_OPEN', `dispute ${id} is ${dispute.status}`);
    return { dispute, cdr };
  }
}
