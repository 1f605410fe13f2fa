import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { CdrTotals } from '../pricing/pricing.model.js';
import { buildCdr, priceSession } from './cdr-builder.js';
import type { Cdr } from './cdr.model.js';
import type { CdrFilter, CdrRepository } from './cdr.ports.js';

/** What a running session has cost so far, from the same pricing as its CDR will. */
export interface LiveCost {
  readonly status: 'priced' | 'unpriced';
  readonly reason: string | null;
  /** The time of the latest reading the estimate goes up to. */
  readonly asOf: Date;
  readonly totals: CdrTotals;
}

/** Who acts: the admin, or an operator key. */
export type Actor = { readonly kind: 'admin' } | { readonly kind: 'operator'; readonly operatorId: string };

const actorName = (a: Actor): string => (a.kind === 'admin' ? 'admin' : a.operatorId);

/** CDRs: made once per finished session, reviewed when held, read by the parties to them. */
export class CdrService {
  constructor(
    readonly repo: CdrRepository,
    private readonly clock: Clock,
  ) {}

  /** The original CDRs of finished sessions; sessions that have one already are skipped. */
  async priceEnded(sessionIds: readonly string[]): Promise<string[]> {
    const facts = (await this.repo.facts([...new Set(sessionIds)])).filter((f) => f.session.status === 'COMPLETED');
    if (facts.length === 0) return [];
    const now = this.clock.now();
    return this.repo.insert(facts.map((f) => buildCdr(f, newId(), now)));
  }

  /** A CDR the caller is party to (as CPO or provider); others do not exist for it. */
  async get(id: string, visibleTo?: string): Promise<Cdr> {
    const c = await this.repo.get(id);
    if (!c || (visibleTo && c.cpoId !== visibleTo && c.providerId !== visibleTo)) throw new AppError('CDR_NOT_FOUND', `CDR ${id} not found`);
    return c;
  }

  list(filter: CdrFilter): Promise<{ items: Cdr[]; nextCursor: string | null }> {
    return this.repo.list(filter);
  }

  /** Releases a held CDR into settlement, or voids it: the admin or the CPO whose station charged. */
  async review(id: string, action: 'release' | 'void', actor: Actor, note: string | null): Promise<Cdr> {
    const c = await this.get(id, actor.kind === 'operator' ? actor.operatorId : undefined);
    if (actor.kind === 'operator' && actor.operatorId !== c.cpoId) throw new AppError('FORBIDDEN', `only the operator ${c.cpoId} reviews this CDR`);
    if (c.status !== 'held') throw new AppError('CDR_NOT_REVIEWABLE', `CDR ${id} is ${c.status}: only a held CDR is released or voided`);
    const done = await this.repo.review(id, action === 'release' ? 'priced' : 'voided', { by: actorName(actor), at: this.clock.now(), note });
    if (!done) throw new AppError('CDR_NOT_REVIEWABLE', `CDR ${id} was reviewed meanwhile`);
    return (await this.repo.get(id)) as Cdr;
  }

  /** A running session's cost so far (null when it is not running). */
  async liveCost(sessionId: string): Promise<LiveCost | null> {
    const [f] = await this.repo.facts([sessionId]);
    if (!f || f.session.status !== 'ACTIVE') return null;
    const asOf = f.readings[f.readings.length - 1]?.at ?? f.session.startedAt;
    const { result } = priceSession(f, asOf < f.session.startedAt ? f.session.startedAt : asOf);
    return { status: result.status, reason: result.status === 'unpriced' ? result.reason : null, asOf, totals: result.totals };
  }
}
