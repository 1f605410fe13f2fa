import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseApiKey, secretMatches, type ApiKeyRepository, type Principal } from '../../domain/access/index.js';
import { AppError } from '../../shared/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

const CACHE_MS = 30_000;
const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * onRequest hook for /v1: `Authorization: Bearer <key>` is the admin key or an operator's API key.
 * Verified keys are remembered for 30 s, so revoking one takes effect within that time.
 */
export class KeyCache {
  readonly #entries = new Map<string, { principal: Principal; until: number }>();
  get(key: string): Principal | undefined {
    const hit = this.#entries.get(key);
    return hit && hit.until > Date.now() ? hit.principal : undefined;
  }
  set(key: string, principal: Principal): void {
    if (this.#entries.size > 10_000) this.#entries.clear();
    this.#entries.set(key, { principal, until: Date.now() + CACHE_MS });
  }
  /** A key revoked through this node stops working here at once. */
  forget(keyId: string): void {
    for (const [k, v] of this.#entries) if (v.principal.kind === 'operator' && v.principal.keyId === keyId) this.#entries.delete(k);
  }
}

export function authenticate(adminApiKey: string, keys: ApiKeyRepository, cache: KeyCache) {
  const admin = digest(adminApiKey);
  const lookUp = async (presented: string): Promise<Principal> => {
    const parsed = parseApiKey(presented);
    const row = parsed ? await keys.findActive(parsed.id) : null;
    if (!parsed || !row || !secretMatches(parsed.secret, row.secretHash)) throw new AppError('UNAUTHENTICATED', 'API key is not valid');
    const principal: Principal = { kind: 'operator', keyId: parsed.id, operatorId: row.operatorId, roles: row.roles };
    cache.set(presented, principal);
    return principal;
  };
  // A callback hook, not an async one: most requests are answered from the cache without a promise.
  return (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    const m = req.headers.authorization ? /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization) : null;
    const presented = m?.[1];
    if (!presented) return done(new AppError('UNAUTHENTICATED', 'Authorization: Bearer <key> is required'));
    // A key verified in the last 30 s (the admin key too) is not hashed again on every request.
    const hit = cache.get(presented);
    if (hit) {
      req.principal = hit;
      return done();
    }
    if (timingSafeEqual(digest(presented), admin)) {
      req.principal = { kind: 'admin' };
      cache.set(presented, req.principal);
      return done();
    }
    lookUp(presented).then(
      (principal) => {
        req.principal = principal;
        done();
      },
      (err: unknown) => done(err as Error),
    );
  };
}

/** preHandler for routes only the platform admin may use. */
export async function adminOnly(req: FastifyRequest): Promise<void> {
  if (req.principal.kind !== 'admin') throw new AppError('FORBIDDEN', 'this needs the admin key');
}

/** An operator key may act for its own operator only. */
export function requireOwnOperator(req: FastifyRequest, operatorId: string): void {
  if (req.principal.kind === 'operator' && req.principal.operatorId !== operatorId) {
    throw new AppError('FORBIDDEN', `this key belongs to operator ${req.principal.operatorId}`, { field: 'operatorId' });
  }
}
