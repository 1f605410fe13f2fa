import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { PartnerAccessTokens } from '../../../domain/partners/index.js';
import { TCEC_RET, TcecRefusal } from '../envelope/index.js';
import type { InboundHandler } from './inbound-handler.js';
import { tokenHash } from './inbound.js';

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * query_token: the caller proves itself with its OperatorSecret and gets a Bearer token for
 * `tokenSeconds` (TokenAvailableTime). A wrong secret is answered (Ret 0) with SuccStat 1 and
 * FailReason 2, as Part 4 says; only a hash of the token is stored.
 */
export function queryTokenHandler(tokens: Pick<PartnerAccessTokens, 'issue'>, tokenSeconds: number): InboundHandler {
  return async ({ partner, now }, body) => {
    const b = body as { OperatorID?: unknown; OperatorSecret?: unknown } | null;
    if (!b || typeof b !== 'object' || typeof b.OperatorID !== 'string' || typeof b.OperatorSecret !== 'string') {
      throw new TcecRefusal(TCEC_RET.parameters, 'query_token needs OperatorID and OperatorSecret');
    }
    const fail = (reason: number) => ({ data: { OperatorID: b.OperatorID, SuccStat: 1, AccessToken: '', TokenAvailableTime: 0, FailReason: reason } });
    if (b.OperatorID !== partner.tcec.partnerOperatorId) return fail(1);
    if (!sameText(b.OperatorSecret, partner.tcec.inbound.operatorSecret)) return fail(2);
    const token = randomBytes(24).toString('base64url');
    await tokens.issue(partner.id, tokenHash(token), new Date(now.getTime() + tokenSeconds * 1000));
    return { data: { OperatorID: b.OperatorID, SuccStat: 0, AccessToken: token, TokenAvailableTime: tokenSeconds, FailReason: 0 } };
  };
}
