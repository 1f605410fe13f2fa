import { createHash } from 'node:crypto';
import type { Partner, PartnerAccessTokens, PartnerMessageLog, PartnerStore, RequestReplayGuard } from '../../../domain/partners/index.js';
import type { Clock } from '../../../shared/clock.js';
import { maskSecrets } from '../client/outbound-partner.js';
import {
  encodeResponse,
  envelopeProfile,
  openRequestData,
  parseTimeStamp,
  readRequestEnvelope,
  TCEC_RET,
  TcecRefusal,
  verifyRequest,
  type PartnerEnvelope,
  type TcecRequestEnvelope,
  type TcecResponseEnvelope,
  type TcecRet,
} from '../envelope/index.js';
import type { InboundHandlers } from './inbound-handler.js';

export const QUERY_TOKEN = 'query_token';

export interface TcecInboundSettings {
  /** A TimeStamp further than this from our clock is refused (4003). */
  readonly timestampWindowSeconds: number;
}

export interface TcecInboundDeps {
  readonly partners: Pick<PartnerStore, 'findByTcecOperatorId'>;
  readonly messages: Pick<PartnerMessageLog, 'append'>;
  readonly tokens: Pick<PartnerAccessTokens, 'find'>;
  readonly replay: Pick<RequestReplayGuard, 'firstSeen'>;
  readonly clock: Clock;
  readonly handlers: InboundHandlers;
  readonly settings: TcecInboundSettings;
  /** Unexpected failures (answered 500) are reported here, never the secrets or bodies. */
  readonly onError?: ((err: unknown, iface: string) => void) | undefined;
}

export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** The partner's inbound envelope: the secrets it calls us with, which also sign our answers. */
export function inboundEnvelope(partner: Partner): PartnerEnvelope {
  const s = partner.tcec.inbound;
  return { profile: envelopeProfile({ dataSecret: s.dataSecret, dataSecretIv: s.dataSecretIv, sigSecret: s.sigSecret }, partner.tcec.suite), aliases: partner.tcec.aliases };
}

const MESSAGES: Record<number, string> = {
  [TCEC_RET.ok]: '请求成功',
  [TCEC_RET.busy]: '系统繁忙',
  [TCEC_RET.signature]: '签名错误',
  [TCEC_RET.token]: 'Token错误',
  [TCEC_RET.parameters]: '参数错误',
  [TCEC_RET.business]: '业务参数错误',
  [TCEC_RET.system]: '系统错误',
};

/**
 * One inbound T/CEC call, in the order Part 4 and our hardening ask: the envelope's shape, the
 * caller (by OperatorID), its signature (before anything is decrypted), its token, the TimeStamp
 * window, Data, and a replayed (OperatorID, TimeStamp, Seq); only then the interface's handler.
 * A refused call reaches no handler and stores nothing but its audit record. Every call, answered
 * or refused, is kept in the audit trail with its decrypted bodies (secrets masked).
 */
export class TcecInbound {
  constructor(private readonly d: TcecInboundDeps) {}

  async handle(iface: string, raw: unknown, authorization: string | undefined): Promise<TcecResponseEnvelope> {
    const now = this.d.clock.now();
    let partner: Partner | null = null;
    let env: PartnerEnvelope | null = null;
    let request: unknown = null;
    let response: TcecResponseEnvelope;
    let answerBody: unknown = null;
    let error: string | null = null;
    try {
      const e = readRequestEnvelope(raw);
      partner = await this.d.partners.findByTcecOperatorId(e.OperatorID);
      if (!partner || partner.protocol !== 'tcec') throw new TcecRefusal(TCEC_RET.parameters, `unknown OperatorID ${e.OperatorID}`);
      env = inboundEnvelope(partner);
      verifyRequest(env, e);
      if (partner.state === 'suspended') throw new TcecRefusal(TCEC_RET.token, 'partner suspended');
      if (iface !== QUERY_TOKEN) await this.checkToken(partner, authorization, now);
      this.checkTimeStamp(e, now);
      const opened = openRequestData(env, e);
      request = opened.body;
      if (!(await this.d.replay.firstSeen(e.OperatorID, e.TimeStamp, e.Seq, now))) throw new TcecRefusal(TCEC_RET.parameters, `replayed request (TimeStamp ${e.TimeStamp}, Seq ${e.Seq})`);
      const handler = Object.hasOwn(this.d.handlers, iface) ? this.d.handlers[iface] : undefined;
      if (!handler) throw new TcecRefusal(TCEC_RET.parameters, `unknown interface ${iface}`);
      const answer = await handler({ partner, now }, opened.body);
      const ret = answer.ret ?? TCEC_RET.ok;
      answerBody = answer.data;
      response = encodeResponse(env, ret, answer.msg ?? MESSAGES[ret] ?? '', answer.data);
    } catch (err) {
      const refusal = err instanceof TcecRefusal ? err : undefined;
      if (!refusal) this.d.onError?.(err, iface);
      const ret: TcecRet = refusal?.ret ?? TCEC_RET.system;
      error = refusal ? refusal.message : 'internal error';
      const msg = `${MESSAGES[ret] ?? ''}: ${error}`;
      // Without a known caller there is no key to sign with: the answer goes unsigned.
      response = env ? encodeResponse(env, ret, msg) : { Ret: ret, Msg: msg, Data: '', Sig: '' };
    }
    await this.d.messages.append({
      partnerId: partner?.id ?? null,
      direction: 'in',
      kind: iface.slice(0, 100),
      status: response.Ret,
      error,
      raw: { request: raw, response },
      decrypted: { request: maskSecrets(request), response: maskSecrets(answerBody) },
      at: now,
    });
    return response;
  }

  private async checkToken(partner: Partner, authorization: string | undefined, now: Date): Promise<void> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) throw new TcecRefusal(TCEC_RET.token, 'no Bearer token');
    const issued = await this.d.tokens.find(tokenHash(m[1]!));
    if (!issued || issued.partnerId !== partner.id) throw new TcecRefusal(TCEC_RET.token, 'unknown token');
    if (issued.expiresAt <= now) throw new TcecRefusal(TCEC_RET.token, 'token expired');
  }

  private checkTimeStamp(e: TcecRequestEnvelope, now: Date): void {
    const at = parseTimeStamp(e.TimeStamp);
    if (!at) throw new TcecRefusal(TCEC_RET.parameters, 'TimeStamp is not yyyyMMddHHmmss');
    if (Math.abs(at.getTime() - now.getTime()) > this.d.settings.timestampWindowSeconds * 1000) {
      throw new TcecRefusal(TCEC_RET.parameters, `TimeStamp ${e.TimeStamp} is outside the accepted window`);
    }
  }
}
