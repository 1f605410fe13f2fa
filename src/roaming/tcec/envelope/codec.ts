import type { AliasMap } from './aliases.js';
import { fromPartnerFields, toPartnerFields } from './aliases.js';
import type { EnvelopeProfile } from './profile.js';
import { TCEC_RET, TcecRefusal, type TcecRet } from './ret-codes.js';
import type { Stamp } from './seq.js';
import { signaturesEqual } from './tcec-2016.suite.js';

/** What travels in a request body. */
export interface TcecRequestEnvelope {
  OperatorID: string;
  Data: string;
  TimeStamp: string;
  Seq: string;
  Sig: string;
}

/** What travels in a response body. */
export interface TcecResponseEnvelope {
  Ret: number;
  Msg: string;
  Data: string;
  Sig: string;
}

/** One partner's envelope in one direction: the crypto profile and the field spelling. */
export interface PartnerEnvelope {
  profile: EnvelopeProfile;
  aliases: AliasMap;
}

export const requestSignatureInput = (e: Omit<TcecRequestEnvelope, 'Sig'>): string =>
  `${e.OperatorID}${e.Data}${e.TimeStamp}${e.Seq}`;

export const responseSignatureInput = (e: Omit<TcecResponseEnvelope, 'Sig'>): string => `${e.Ret}${e.Msg}${e.Data}`;

/** Builds a signed request: canonical body → partner spelling → JSON → encrypted Data. */
export function encodeRequest(env: PartnerEnvelope, operatorId: string, body: unknown, stamp: Stamp): TcecRequestEnvelope {
  const Data = env.profile.encryptData(JSON.stringify(toPartnerFields(body, env.aliases)));
  const unsigned = { OperatorID: operatorId, Data, TimeStamp: stamp.timeStamp, Seq: stamp.seq };
  return { ...unsigned, Sig: env.profile.sign(requestSignatureInput(unsigned)) };
}

/** Checks a request body has the envelope's five fields, each a string of the right form (else 4003). */
export function readRequestEnvelope(raw: unknown): TcecRequestEnvelope {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw refuse(TCEC_RET.parameters, 'body is not a JSON object');
  const r = raw as Record<string, unknown>;
  for (const field of ['OperatorID', 'Data', 'TimeStamp', 'Seq', 'Sig'] as const) {
    if (typeof r[field] !== 'string' || r[field] === '') throw refuse(TCEC_RET.parameters, `${field} missing or not a string`);
  }
  if (!/^\d{4}$/.test(r.Seq as string)) throw refuse(TCEC_RET.parameters, 'Seq must be 4 digits');
  return { OperatorID: r.OperatorID as string, Data: r.Data as string, TimeStamp: r.TimeStamp as string, Seq: r.Seq as string, Sig: r.Sig as string };
}

/** Verifies Sig before anything is decrypted (4001 when it does not match). */
export function verifyRequest(env: PartnerEnvelope, e: TcecRequestEnvelope): void {
  if (!signaturesEqual(env.profile.sign(requestSignatureInput(e)), e.Sig)) throw refuse(TCEC_RET.signature, 'signature mismatch');
}

/** Decrypts and parses Data into the canonical spelling (4003 when it does not decrypt or parse). */
export function openRequestData(env: PartnerEnvelope, e: TcecRequestEnvelope): { plain: string; body: unknown } {
  const plain = decryptOr4003(env, e.Data);
  return { plain, body: fromPartnerFields(parseOr4003(plain), env.aliases) };
}

/** Builds a signed response; Data is empty when there is no body (as for a refusal). */
export function encodeResponse(env: PartnerEnvelope, ret: TcecRet, msg: string, body?: unknown): TcecResponseEnvelope {
  const Data = body === undefined ? '' : env.profile.encryptData(JSON.stringify(toPartnerFields(body, env.aliases)));
  const unsigned = { Ret: ret, Msg: msg, Data };
  return { ...unsigned, Sig: env.profile.sign(responseSignatureInput(unsigned)) };
}

export interface DecodedResponse {
  ret: number;
  msg: string;
  /** The decrypted JSON text ('' when Data was empty). */
  plain: string;
  /** The canonical body; undefined when Data was empty. */
  body: unknown;
}

/** Reads, verifies and decrypts a partner's response (TcecRefusal 4003/4001 when it is not sound). */
export function decodeResponse(env: PartnerEnvelope, raw: unknown): DecodedResponse {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw refuse(TCEC_RET.parameters, 'response is not a JSON object');
  const r = raw as Record<string, unknown>;
  const ret = typeof r.Ret === 'number' ? r.Ret : typeof r.Ret === 'string' && /^-?\d+$/.test(r.Ret) ? Number(r.Ret) : undefined;
  if (ret === undefined) throw refuse(TCEC_RET.parameters, 'Ret missing');
  const msg = typeof r.Msg === 'string' ? r.Msg : '';
  const data = typeof r.Data === 'string' ? r.Data : '';
  if (typeof r.Sig !== 'string') throw refuse(TCEC_RET.parameters, 'Sig missing');
  // The signature covers Ret as the partner wrote it.
  if (!signaturesEqual(env.profile.sign(`${String(r.Ret)}${msg}${data}`), r.Sig)) throw refuse(TCEC_RET.signature, 'response signature mismatch');
  if (data === '') return { ret, msg, plain: '', body: undefined };
  const plain = decryptOr4003(env, data);
  return { ret, msg, plain, body: fromPartnerFields(parseOr4003(plain), env.aliases) };
}

function decryptOr4003(env: PartnerEnvelope, data: string): string {
  try {
    return env.profile.decryptData(data);
  } catch {
    throw refuse(TCEC_RET.parameters, 'Data does not decrypt');
  }
}

function parseOr4003(plain: string): unknown {
  try {
    return JSON.parse(plain) as unknown;
  } catch {
    throw refuse(TCEC_RET.parameters, 'Data is not JSON');
  }
}

const refuse = (ret: TcecRet, message: string): TcecRefusal => new TcecRefusal(ret, message);
