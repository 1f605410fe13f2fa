import type { Clock } from '../../../shared/clock.js';
import { decodeResponse, encodeRequest, envelopeProfile, SeqCounter, TCEC_RET, TcecRefusal, type DecodedResponse, type PartnerEnvelope } from '../envelope/index.js';
import { maskSecrets, type MessageSink, type OutboundPartner, type PartnerHealthSink } from './outbound-partner.js';
import { needsRefresh, partnerToken, type PartnerToken } from './partner-token.js';

export type FetchLike = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{ status: number; text(): Promise<string> }>;

export interface TcecClientOptions {
  readonly clock: Clock;
  readonly messages: MessageSink;
  /** Told when a partner's link breaks or works again (its state failing / active, with the last error). */
  readonly health?: PartnerHealthSink | undefined;
  /** Defaults to the global fetch. */
  readonly fetch?: FetchLike | undefined;
  /** Per call; default 10 s. */
  readonly timeoutMs?: number | undefined;
}

/** A call that got no sound answer: the partner was unreachable, answered garbage, or refused the envelope. */
export class TcecCallError extends Error {
  constructor(
    readonly partnerId: string,
    readonly iface: string,
    message: string,
    /** The Ret the partner answered, when it answered one. */
    readonly ret: number | null = null,
  ) {
    super(`${iface} to ${partnerId}: ${message}`);
    this.name = 'TcecCallError';
  }
}

export const QUERY_TOKEN = 'query_token';

/**
 * Calls T/CEC partners: every call goes through the envelope with the partner's outbound secrets
 * and spellings, carries a token from the partner's query_token (cached per partner, renewed
 * before TokenAvailableTime runs out, and once more when the partner says 4002), and is kept with
 * its raw and decrypted bodies in the audit trail, answered or not.
 */
export class TcecClient {
  readonly #tokens = new Map<string, PartnerToken>();
  readonly #pending = new Map<string, Promise<PartnerToken>>();
  readonly #seqs = new Map<string, SeqCounter>();
  /** The link state last reported per partner, so a healthy link costs no write per call. */
  readonly #linkBroken = new Map<string, boolean>();
  readonly #fetch: FetchLike;

  constructor(private readonly o: TcecClientOptions) {
    this.#fetch = o.fetch ?? (globalThis.fetch as unknown as FetchLike);
  }

  /** Calls `iface` with a canonical body; returns the partner's Ret, Msg and canonical Data (Ret 0 or not). */
  async call(partner: OutboundPartner, iface: string, body: unknown): Promise<DecodedResponse> {
    const token = await this.token(partner);
    const answer = await this.send(partner, iface, body, token.token);
    if (answer.ret !== TCEC_RET.token) return answer;
    // Our token was refused (expired early, or the partner restarted): one fresh token, one more try.
    this.#tokens.delete(partner.id);
    const fresh = await this.token(partner);
    return this.send(partner, iface, body, fresh.token);
  }

  /** Like call, but a Ret other than 0 is an error; returns the canonical Data. */
  async request<T>(partner: OutboundPartner, iface: string, body: unknown): Promise<T> {
    const answer = await this.call(partner, iface, body);
    if (answer.ret !== TCEC_RET.ok) throw new TcecCallError(partner.id, iface, `Ret ${answer.ret} ${answer.msg}`, answer.ret);
    return answer.body as T;
  }

  /** The partner's token, fetched when there is none or it is due for renewal; one fetch at a time per partner. */
  async token(partner: OutboundPartner): Promise<PartnerToken> {
    const cached = this.#tokens.get(partner.id);
    if (!needsRefresh(cached, this.o.clock.now().getTime())) return cached!;
    let pending = this.#pending.get(partner.id);
    if (!pending) {
      pending = this.fetchToken(partner).finally(() => this.#pending.delete(partner.id));
      this.#pending.set(partner.id, pending);
    }
    return pending;
  }

  /** Forgets the partner's token (its secrets or address changed). */
  forget(partnerId: string): void {
    this.#tokens.delete(partnerId);
  }

  private async fetchToken(partner: OutboundPartner): Promise<PartnerToken> {
    const asked = this.o.clock.now().getTime();
    const answer = await this.send(partner, QUERY_TOKEN, { OperatorID: partner.tcec.ourOperatorId, OperatorSecret: partner.tcec.outbound.operatorSecret }, null);
    const data = answer.body as { SuccStat?: unknown; AccessToken?: unknown; TokenAvailableTime?: unknown; FailReason?: unknown } | undefined;
    if (answer.ret !== TCEC_RET.ok || !data || Number(data.SuccStat) !== 0 || typeof data.AccessToken !== 'string' || data.AccessToken === '') {
      throw new TcecCallError(partner.id, QUERY_TOKEN, `no token (Ret ${answer.ret}, SuccStat ${String(data?.SuccStat)}, FailReason ${String(data?.FailReason)})`, answer.ret);
    }
    const seconds = Number(data.TokenAvailableTime);
    // Counted from when we asked: the answer's travel time eats into the token's life, not ours.
    const token = partnerToken(data.AccessToken, asked, Number.isFinite(seconds) ? seconds : 0);
    this.#tokens.set(partner.id, token);
    return token;
  }

  private envelope(partner: OutboundPartner): PartnerEnvelope {
    const s = partner.tcec.outbound;
    return { profile: envelopeProfile({ dataSecret: s.dataSecret, dataSecretIv: s.dataSecretIv, sigSecret: s.sigSecret }, partner.tcec.suite), aliases: partner.tcec.aliases };
  }

  private seq(partner: OutboundPartner): SeqCounter {
    let s = this.#seqs.get(partner.tcec.ourOperatorId);
    if (!s) this.#seqs.set(partner.tcec.ourOperatorId, (s = new SeqCounter(this.o.clock)));
    return s;
  }

  private async send(partner: OutboundPartner, iface: string, body: unknown, token: string | null): Promise<DecodedResponse> {
    const env = this.envelope(partner);
    const request = encodeRequest(env, partner.tcec.ourOperatorId, body, this.seq(partner).next());
    const url = `${partner.tcec.baseUrl.replace(/\/+$/, '')}/${iface}`;
    const headers: Record<string, string> = { 'content-type': 'application/json;charset=utf-8' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let status: number | null = null;
    let raw: unknown = null;
    try {
      const res = await this.#fetch(url, { method: 'POST', headers, body: JSON.stringify(request), signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000) });
      status = res.status;
      const text = await res.text();
      try {
        raw = JSON.parse(text) as unknown;
      } catch {
        raw = text.slice(0, 2000);
        throw new TcecCallError(partner.id, iface, `HTTP ${res.status}, not JSON`);
      }
      if (res.status !== 200 && (raw === null || typeof raw !== 'object' || !('Ret' in raw))) throw new TcecCallError(partner.id, iface, `HTTP ${res.status}`);
      const answer = decodeResponse(env, raw);
      const problem = answer.ret === TCEC_RET.ok ? null : `Ret ${answer.ret} ${answer.msg}`;
      await this.audit(partner, iface, request, raw, body, answer.body, answer.ret, problem);
      // A business refusal (4004) is an answer; the others say the link or the partner does not work.
      await this.linkOutcome(partner.id, answer.ret === TCEC_RET.ok || answer.ret === TCEC_RET.business ? null : `${iface}: ${problem}`);
      return answer;
    } catch (e) {
      const error =
        e instanceof TcecCallError ? e : e instanceof TcecRefusal ? new TcecCallError(partner.id, iface, `unsound answer: ${e.message}`) : new TcecCallError(partner.id, iface, `unreachable: ${(e as Error).message}`);
      await this.audit(partner, iface, request, raw, body, null, null, status === null ? error.message : `HTTP ${status}: ${error.message}`);
      await this.linkOutcome(partner.id, error.message);
      throw error;
    }
  }

  /** Reports a broken link, or a link that works again, once per change (and once after a start). */
  private async linkOutcome(partnerId: string, error: string | null): Promise<void> {
    const broken = error !== null;
    if (!this.o.health || (this.#linkBroken.get(partnerId) === broken && !broken)) return;
    this.#linkBroken.set(partnerId, broken);
    await this.o.health.recordOutcome(partnerId, error === null ? null : { message: error.slice(0, 500), at: this.o.clock.now() }).catch(() => undefined);
  }

  private async audit(partner: OutboundPartner, iface: string, request: unknown, response: unknown, body: unknown, answer: unknown, ret: number | null, error: string | null): Promise<void> {
    await this.o.messages.append({
      partnerId: partner.id,
      direction: 'out',
      kind: iface,
      status: ret,
      error,
      raw: { request, response },
      decrypted: { request: maskSecrets(body), response: maskSecrets(answer ?? null) },
      at: this.o.clock.now(),
    });
  }
}
