import { MemoryEnvelopeSeqBlocks } from '../../src/adapters/memory/envelope-seq-blocks.js';
import { MemoryPartnerOutboundTokens } from '../../src/adapters/memory/partner-outbound-tokens.js';
import { TcecClient, type OutboundMessage, type OutboundPartner } from '../../src/roaming/tcec/client/index.js';
import { decodeResponse, encodeRequest, envelopeProfile, SeqCounter, type PartnerEnvelope, type TcecRequestEnvelope } from '../../src/roaming/tcec/envelope/index.js';
import { systemClock, type Clock } from '../../src/shared/clock.js';
import type { TestPlatform } from './platform.js';

export interface TcecSecretsSet {
  operatorSecret: string;
  dataSecret: string;
  dataSecretIv: string;
  sigSecret: string;
}

/**
 * A partner platform calling our T/CEC endpoints: the real outbound client (envelope, token,
 * audit) for good calls, and raw envelopes for the bad ones the tests need to craft.
 */
export class TcecCaller {
  readonly sent: OutboundMessage[] = [];
  readonly client: TcecClient;
  readonly partner: OutboundPartner;
  readonly #seq: SeqCounter;

  constructor(
    readonly platform: Pick<TestPlatform, 'http'>,
    readonly operatorId: string,
    readonly secrets: TcecSecretsSet,
    readonly aliases: Record<string, string> = {},
    readonly clock: Clock = systemClock,
    versionSegment = 'v1',
  ) {
    // A partner platform of one node: Seq blocks and its token in memory.
    this.client = new TcecClient({ clock, messages: { append: async (m) => void this.sent.push(m) }, seqs: new MemoryEnvelopeSeqBlocks(), tokens: new MemoryPartnerOutboundTokens() });
    this.partner = { id: `caller-${operatorId}`, tcec: { ourOperatorId: operatorId, baseUrl: `${platform.http}/evcs/${versionSegment}`, outbound: secrets, aliases, suite: 'tcec-102-2016' } };
    this.#seq = new SeqCounter(clock);
  }

  /** A good call through the real client (token fetched and renewed by it); the canonical Data, Ret 0 required. */
  request<T = any>(iface: string, body: unknown): Promise<T> {
    return this.client.request<T>(this.partner, iface, body);
  }

  envelope(secrets: Partial<TcecSecretsSet> = {}): PartnerEnvelope {
    const s = { ...this.secrets, ...secrets };
    return { profile: envelopeProfile({ dataSecret: s.dataSecret, dataSecretIv: s.dataSecretIv, sigSecret: s.sigSecret }), aliases: this.aliases };
  }

  /** A signed request envelope as the client would build it (secrets, OperatorID and stamp may be overridden). */
  build(body: unknown, o: { secrets?: Partial<TcecSecretsSet>; operatorId?: string; timeStamp?: string; seq?: string } = {}): TcecRequestEnvelope {
    // Seq 5001… here, 0001… in the client: both send as one OperatorID, and must not look like replays of each other.
    const stamp = this.#seq.next();
    const seq = String(5000 + Number(stamp.seq)).padStart(4, '0');
    return encodeRequest(this.envelope(o.secrets), o.operatorId ?? this.operatorId, body, { timeStamp: o.timeStamp ?? stamp.timeStamp, seq: o.seq ?? seq });
  }

  /** POSTs a raw body; returns HTTP status and the JSON answer. */
  async post(iface: string, body: unknown, token: string | null): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.partner.tcec.baseUrl}/${iface}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=utf-8', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: JSON.parse(await res.text()) };
  }

  /** The current token the client holds (fetching one if needed). */
  async token(): Promise<string> {
    return (await this.client.token(this.partner)).token;
  }

  /** Reads an answer with our secrets (verifying its signature). */
  open(answer: unknown): { ret: number; msg: string; plain: string; body: any } {
    return decodeResponse(this.envelope(), answer);
  }
}
