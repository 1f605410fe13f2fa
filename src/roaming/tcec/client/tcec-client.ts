import { randomUUID } from 'node:crypto';
import type { EnvelopeSeqBlocks, PartnerOutboundTokens } from '../../../domain/roaming/index.js';
import type { Clock } from '../../../shared/clock.js';
import { decodeResponse, encodeRequest, envelopeProfile, TCEC_RET, TcecRefusal, type DecodedResponse, type PartnerEnvelope } from '../envelope/index.js';
import { maskSecrets, type MessageSink, type OutboundPartner, type PartnerHealthSink } from './outbound-partner.js';
import { needsRefresh, partnerToken, type PartnerToken } from './partner-token.js';
import { SeqIssuer } from './seq-issuer.js';

export type FetchLike = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{ status: number; text(): Promise<string> }>;

export interface TcecClientOptions {
  readonly clock: Clock;
  readonly messages: MessageSink;
  /** Where Seq numbers come from: the store every node shares, so two nodes never send the same (OperatorID, TimeStamp, Seq). */
  readonly seqs: EnvelopeSeqBlocks;
  /** Partners' tokens, shared by every node: one query_token per token life, not one per node. */
  readonly tokens: PartnerOutboundTokens;
  /** This node's name in token leases (NODE_ID; a random suffix per client is added). */
  readonly node?: string | undefined;
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

/** How long a node may take to fetch a token before another node may try (a call times out in 10 s). */
const TOKEN_LEASE_MS = 15_000;
/** How often a node waiting for another node's token looks again. */
const TOKEN_WAIT_MS = 100;

/**
 * Calls T/CEC partners: every call goes through the envelope with the partner's outbound secrets
 * and spellings, carries a token from the partner's query_token (shared by every node through the
 * store, cached here until it is due for renewal, renewed before TokenAvailableTime runs out, and
 * once more when the partner says 4002 — unless another node already did), and is kept with its
 * raw and decrypted bodies in the audit trail, answered or not.
 */
export class TcecClient {
  /** The token per partner as this node last saw it: a healthy link costs no store read per call. */
  readonly #tokens = new Map<string, PartnerToken>();
  readonly #pending = new Map<string, Promise<PartnerToken>>();
  readonly #seqs: SeqIssuer;
  readonly #node: string;
  /** The link state last reported per partner, so a healthy link costs no write per call. */
  readonly #linkBroken = new Map<string, boolean>();
  readonly #fetch: FetchLike;

  constructor(private readonly o: TcecClientOptions) {
    this.#fetch = o.fetch ?? (globalThis.fetch as unknown as FetchLike);
    this.#seqs = new SeqIssuer(o.seqs, o.clock);
    // Unique per client even when two share a node name (a lease is this client's, not the node's).
    this.#node = `${o.node ?? 'node'}/${randomUUID()}`;
  }

  /** Calls `iface` with a canonical body; returns the partner's Ret, Msg and canonical Data (Ret 0 or not). */
  async call(partner: OutboundPartner, iface: string, body: unknown): Promise<DecodedResponse> {
    const token = await this.token(partner);
    const answer = await this.send(partner, iface, body, token.token);
    if (answer.ret !== TCEC_RET.token) return answer;
    // Our token was refused (expired early, the partner restarted, or it gave another node a new
    // one): the token another node stored since, or else one fresh token; one more try.
    const fresh = await this.renew(partner, token.token);
    return this.send(partner, iface, body, fresh.token);
  }

  /** Like call, but a Ret other than 0 is an error; returns the canonical Data. */
  async request<T>(partner: OutboundPartner, iface: string, body: unknown): Promise<T> {
    const answer = await this.call(partner, iface, body);
    if (answer.ret !== TCEC_RET.ok) throw new TcecCallError(partner.id, iface, `Ret ${answer.ret} ${answer.msg}`, answer.ret);
    return answer.body as T;
  }

  /** The partner's token: this node's copy, else the stored one, else a fetched one; one look at a time per partner. */
  async token(partner: OutboundPartner): Promise<PartnerToken> {
    const cached = this.#tokens.get(partner.id);
    if (!needsRefresh(cached, this.o.clock.now().getTime())) return cached!;
    return this.obtain(partner, null);
  }

  /** Forgets the partner's token, here and for every node (its secrets or address changed). */
  async forget(partnerId: string): Promise<void> {
    this.#tokens.delete(partnerId);
    await this.o.tokens.forget(partnerId);
  }

  /** A token other than `refused` (which the partner just answered 4002 to). */
  private async renew(partner: OutboundPartner, refused: string): Promise<PartnerToken> {
    const cached = this.#tokens.get(partner.id);
    // Another call on this node renewed it meanwhile.
    if (cached && cached.token !== refused && !needsRefresh(cached, this.o.clock.now().getTime())) return cached;
    const joined = await this.obtain(partner, refused);
    return joined.token === refused ? this.obtain(partner, refused) : joined;
  }

  /** One look at the store per partner at a time on this node; concurrent calls share it. */
  private obtain(partner: OutboundPartner, refused: string | null): Promise<PartnerToken> {
    let pending = this.#pending.get(partner.id);
    if (!pending) {
      pending = this.fromStore(partner, refused).finally(() => this.#pending.delete(partner.id));
      this.#pending.set(partner.id, pending);
    }
    return pending;
  }

  /** The stored token when it is good (and not the refused one); else this node fetches one, or waits for the node that does. */
  private async fromStore(partner: OutboundPartner, refused: string | null): Promise<PartnerToken> {
    // Real time, not the clock: a test's manual clock must not make this wait forever.
    const giveUpAt = Date.now() + TOKEN_LEASE_MS + 5_000;
    for (;;) {
      const now = this.o.clock.now();
      const claim = await this.o.tokens.claim(partner.id, this.#node, refused, now, new Date(now.getTime() + TOKEN_LEASE_MS)).catch((e: unknown) => {
        throw new TcecCallError(partner.id, QUERY_TOKEN, `token store: ${(e as Error).message}`);
      });
      if (claim.kind === 'use') {
        const t: PartnerToken = { token: claim.token.token, expiresAt: claim.token.expiresAt.getTime(), refreshAt: claim.token.refreshAt.getTime() };
        this.#tokens.set(partner.id, t);
        return t;
      }
      if (claim.kind === 'fetch') {
        let t: PartnerToken;
        try {
          t = await this.fetchToken(partner);
        } catch (e) {
          await this.o.tokens.release(partner.id, this.#node).catch(() => undefined);
          throw e;
        }
        // Not saved when our lease ran out and another node took over: ours still works until the
        // partner refuses it, and then the stored one is used.
        // (A store that failed to save costs the other nodes a fetch of their own, not this call.)
        await this.o.tokens.save(partner.id, this.#node, { token: t.token, expiresAt: new Date(t.expiresAt), refreshAt: new Date(t.refreshAt) }).catch(() => false);
        this.#tokens.set(partner.id, t);
        return t;
      }
      if (Date.now() > giveUpAt) throw new TcecCallError(partner.id, QUERY_TOKEN, 'another node is fetching the token and has not stored it');
      await new Promise((r) => setTimeout(r, TOKEN_WAIT_MS));
    }
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
    return partnerToken(data.AccessToken, asked, Number.isFinite(seconds) ? seconds : 0);
  }

  private envelope(partner: OutboundPartner): PartnerEnvelope {
    const s = partner.tcec.outbound;
    return { profile: envelopeProfile({ dataSecret: s.dataSecret, dataSecretIv: s.dataSecretIv, sigSecret: s.sigSecret }, partner.tcec.suite), aliases: partner.tcec.aliases };
  }

  private async send(partner: OutboundPartner, iface: string, body: unknown, token: string | null): Promise<DecodedResponse> {
    const env = this.envelope(partner);
    const stamp = await this.#seqs.next(partner.tcec.ourOperatorId).catch((e: unknown) => {
      throw new TcecCallError(partner.id, iface, `no Seq from the store: ${(e as Error).message}`);
    });
    const request = encodeRequest(env, partner.tcec.ourOperatorId, body, stamp);
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
