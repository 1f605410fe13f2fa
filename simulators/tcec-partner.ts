/**
 * A stand-in for another operator's T/CEC 102 platform: an HTTP server that answers enveloped
 * calls (query_token and whatever handlers a test or benchmark gives it) with the secrets the
 * platform uses to call it. It checks signature, token and decryption like a real partner, and
 * records what it received, when, for assertions and latency measurements.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  encodeResponse,
  envelopeProfile,
  openRequestData,
  readRequestEnvelope,
  TCEC_RET,
  TcecRefusal,
  verifyRequest,
  type PartnerEnvelope,
  type TcecRet,
} from '../src/roaming/tcec/envelope/index.js';

export interface PartnerSecrets {
  readonly operatorSecret: string;
  readonly dataSecret: string;
  readonly dataSecretIv: string;
  readonly sigSecret: string;
}

export interface Received {
  readonly iface: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

/** An answer's Data (Ret 0), or another Ret. */
export type PartnerHandler = (body: Record<string, unknown>) => unknown | { readonly ret: number; readonly msg?: string };

export interface FakePartnerOptions {
  /** What callers must use (the platform's outbound secrets towards this partner). */
  readonly secrets: PartnerSecrets;
  readonly aliases?: Readonly<Record<string, string>>;
  readonly tokenSeconds?: number;
  readonly handlers?: Readonly<Record<string, PartnerHandler>>;
  /**
   * As strict as the strictest real partner: a repeated (OperatorID, TimeStamp, Seq) is refused
   * as a replay (4003), and a new token ends the OperatorID's previous one (one token per
   * OperatorID, so each node fetching its own would knock out the others').
   */
  readonly strict?: boolean;
}

/** A call refused before its handler ran (a replay, an unknown token). */
export interface Refused {
  readonly iface: string;
  readonly ret: number;
  readonly msg: string;
  readonly operatorId: string;
  readonly timeStamp: string;
  readonly seq: string;
}

export class FakeTcecPartner {
  readonly received: Received[] = [];
  readonly tokensIssued: string[] = [];
  readonly refused: Refused[] = [];
  handlers: Record<string, PartnerHandler>;
  tokenSeconds: number;
  /** While set, requests are held unread (a stalled partner); a request whose caller hangs up meanwhile is never processed. */
  stalled = false;
  readonly #stalledRequests: (() => void)[] = [];
  readonly #tokens = new Set<string>();
  readonly #tokenOf = new Map<string, string>();
  readonly #seen = new Set<string>();
  readonly #env: PartnerEnvelope;
  #server: Server | undefined;

  constructor(private readonly o: FakePartnerOptions) {
    this.handlers = { ...(o.handlers ?? {}) };
    this.tokenSeconds = o.tokenSeconds ?? 7200;
    this.#env = { profile: envelopeProfile(o.secrets), aliases: o.aliases ?? {} };
  }

  /** Every token issued so far stops working (as after a partner restart). */
  revokeTokens(): void {
    this.#tokens.clear();
  }

  /** How many requests are held while stalled. */
  get stalledCount(): number {
    return this.#stalledRequests.length;
  }

  /** Stops stalling: held requests whose callers are still there are processed now. */
  resume(): void {
    this.stalled = false;
    for (const go of this.#stalledRequests.splice(0)) go();
  }

  async listen(port = 0): Promise<string> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const iface = (req.url ?? '').split('/').filter(Boolean).pop() ?? '';
        const go = () => {
          if (res.destroyed || req.socket.destroyed) return;
          const reply = this.answer(iface, req.headers.authorization, Buffer.concat(chunks).toString('utf8'));
          res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
          res.end(JSON.stringify(reply));
        };
        if (this.stalled) this.#stalledRequests.push(go);
        else go();
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/evcs/v1`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  ofKind(iface: string): Received[] {
    return this.received.filter((r) => r.iface === iface);
  }

  private answer(iface: string, authorization: string | undefined, text: string): unknown {
    try {
      const envelope = readRequestEnvelope(JSON.parse(text) as unknown);
      verifyRequest(this.#env, envelope);
      const refuse = (ret: TcecRet, msg: string) => {
        this.refused.push({ iface, ret, msg, operatorId: envelope.OperatorID, timeStamp: envelope.TimeStamp, seq: envelope.Seq });
        return new TcecRefusal(ret, msg);
      };
      if (iface !== 'query_token' && !this.#tokens.has((authorization ?? '').replace(/^Bearer /, ''))) throw refuse(TCEC_RET.token, 'token unknown');
      const body = openRequestData(this.#env, envelope).body as Record<string, unknown>;
      if (this.o.strict) {
        const key = `${envelope.OperatorID} ${envelope.TimeStamp} ${envelope.Seq}`;
        if (this.#seen.has(key)) throw refuse(TCEC_RET.parameters, 'replay');
        this.#seen.add(key);
      }
      this.received.push({ iface, body, at: performance.now() });
      if (iface === 'query_token') {
        if (body.OperatorSecret !== this.o.secrets.operatorSecret) return encodeResponse(this.#env, TCEC_RET.ok, '', { OperatorID: body.OperatorID, SuccStat: 1, AccessToken: '', TokenAvailableTime: 0, FailReason: 2 });
        const token = randomBytes(16).toString('hex');
        if (this.o.strict) {
          const previous = this.#tokenOf.get(String(body.OperatorID));
          if (previous) this.#tokens.delete(previous);
          this.#tokenOf.set(String(body.OperatorID), token);
        }
        this.#tokens.add(token);
        this.tokensIssued.push(token);
        return encodeResponse(this.#env, TCEC_RET.ok, '', { OperatorID: body.OperatorID, SuccStat: 0, AccessToken: token, TokenAvailableTime: this.tokenSeconds, FailReason: 0 });
      }
      const handler = this.handlers[iface];
      if (!handler) return encodeResponse(this.#env, TCEC_RET.ok, '', { Status: 0, SuccStat: 0 });
      const out = handler(body);
      if (out && typeof out === 'object' && 'ret' in out && typeof (out as { ret: unknown }).ret === 'number') {
        const r = out as { ret: number; msg?: string };
        return encodeResponse(this.#env, r.ret as 0, r.msg ?? '');
      }
      return encodeResponse(this.#env, TCEC_RET.ok, '', out);
    } catch (e) {
      const ret = e instanceof TcecRefusal ? e.ret : TCEC_RET.parameters;
      return encodeResponse(this.#env, ret, (e as Error).message);
    }
  }
}
