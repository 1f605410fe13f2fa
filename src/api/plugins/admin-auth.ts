import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** preHandler for admin routes: `Authorization: Bearer <ADMIN_API_KEY>`, compared in constant time. */
export function adminAuth(adminApiKey: string) {
  const expected = digest(adminApiKey);
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m?.[1]) throw new AppError('UNAUTHENTICATED', 'Authorization: Bearer <key> is required');
    if (!timingSafeEqual(digest(m[1]), expected)) throw new AppError('UNAUTHENTICATED', 'API key is not valid');
  };
}
