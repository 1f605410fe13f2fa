import { AppError, type ErrorCode } from '../../shared/errors.js';

/** Prisma error codes we translate: P2002 unique violation, P2025 row not found, P2003 FK violation. */
export function prismaCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

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
    if (code === 'P2003' && codes.inUse) throw new AppError(codes.inUse, `${what} is still referenced`);
    throw e;
  }
}

/** Opaque cursors: base64url of the sort key, validated on the way back in. */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === arity && parts.every((p) => typeof p === 'string' || typeof p === 'number')) {
      return parts as (string | number)[];
    }
  } catch {
    // fall through
  }
  throw new AppError('INVALID_CURSOR', 'cursor is not one this API issued', { field: 'cursor' });
}
