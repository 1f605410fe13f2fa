import { AppError, type ErrorCode } from '../../shared/errors.js';

/** Prisma error codes we translate: P2002 unique violation, P2025 row not found, P2003 FK violation. */
export function prismaCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** SQLSTATE of the database error behind a Prisma error, when a driver adapter reports one. */
function sqlState(e: unknown): string | undefined {
  const cause = (e as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta?.driverAdapterError?.cause;
  return typeof cause?.originalCode === 'string' ? cause.originalCode : undefined;
}

/**
 * A delete blocked by a foreign key. PostgreSQL 15 reports 23503 (Prisma P2003); PGlite
 * (PostgreSQL 17+) reports 23001 restrict_violation, which Prisma does not map (P2039).
 */
const isReferenced = (e: unknown): boolean => {
  const state = sqlState(e);
  return prismaCode(e) === 'P2003' || state === '23503' || state === '23001';
};

export async function translate<T>(
  op: () => Promise<T>,
  codes: { exists?: ErrorCode; notFound?: ErrorCode; inUse?: ErrorCode },
  what: string,
): Promise<T> {
  try {
    return await op();
  } catch (e) {
    const code = prismaCode(e);
    if (code === 'P2002' && codes.exists) throw new AppError(codes.exists, `${what} already exists`);
    if (code === 'P2025' && codes.notFound) throw new AppError(codes.notFound, `${what} not found`);
    if (isReferenced(e) && codes.inUse) throw new AppError(codes.inUse, `${what} is still referenced`);
    throw e;
  }
}

/** Opaque cursors: base64url of the sort key, validated on the way back in. */
/** A cursor's time: an ISO string the store can hold (1970 to 9999), not just any date JS parses. */
export function isCursorTime(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const ms = Date.parse(v);
  return ms >= 0 && ms <= Date.UTC(9999, 11, 31, 23, 59, 59, 999);
}

export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  arity: number,
  valid: (parts: (string | number)[]) => boolean = () => true,
): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parts) &&
      parts.length === arity &&
      parts.every((p) => typeof p === 'string' || typeof p === 'number') &&
      valid(parts as (string | number)[])
    ) {
      return parts as (string | number)[];
    }
  } catch {
    // fall through
  }
  throw new AppError('INVALID_CURSOR', 'cursor is not one this API issued', { field: 'cursor' });
}
