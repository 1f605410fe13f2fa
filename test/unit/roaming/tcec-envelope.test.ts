import { describe, expect, it } from 'vitest';
import {
  decodeResponse,
  encodeRequest,
  encodeResponse,
  envelopeProfile,
  formatTimeStamp,
  fromPartnerFields,
  openRequestData,
  parseTimeStamp,
  readRequestEnvelope,
  SeqCounter,
  TCEC_RET,
  TcecRefusal,
  toPartnerFields,
  verifyRequest,
  type PartnerEnvelope,
} from '../../../src/roaming/tcec/envelope/index.js';
import { ManualClock } from '../../../src/shared/clock.js';

/*
 * Known-answer vectors, computed independently with OpenSSL 3 (the secrets are used as their
 * UTF-8 bytes: 1234567890abcdef = hex 31323334353637383930616263646566, abcdef1234567890 =
 * hex 61626364656631323334353637383930):
 *
 *   printf '%s' '{"OperatorID":"MA59J8YL8","OperatorSecret":"OperSecret123456"}' \
 *     | openssl enc -aes-128-cbc -K 31323334353637383930616263646566 -iv 61626364656631323334353637383930 -base64 -A
 *   printf '%s' '{"StationIDs":["XJ-CS-0001"]}' | openssl enc -aes-128-cbc -K … -iv … -base64 -A
 *   printf '%s' '{"ConnectorID":"长沙-1"}'      | openssl enc -aes-128-cbc -K … -iv … -base64 -A
 *   printf '%s' ''                              | openssl enc -aes-128-cbc -K … -iv … -base64 -A
 *   printf '%s' "MA59J8YL8${TOKEN_DATA}202612061430050001" | openssl dgst -md5 -hmac 'SigSecret0123456'
 *   printf '%s' "0${STATIONS_DATA}"                     | openssl dgst -md5 -hmac 'SigSecret0123456'
 *   printf '%s' '4001签名错误'                           | openssl dgst -md5 -hmac 'SigSecret0123456'
 * (openssl prints the HMAC in lowercase; T/CEC sends it uppercase.)
 */
const KEYS = { dataSecret: '1234567890abcdef', dataSecretIv: 'abcdef1234567890', sigSecret: 'SigSecret0123456' };
const TOKEN_JSON = '{"OperatorID":"MA59J8YL8","OperatorSecret":"OperSecret123456"}';
const TOKEN_DATA = 'u53KBt+mtGbhvkC7Wee/LbYpM+MJwkb/sEH8IUA6bQ3tqErSMfQ87+0DEMIsHTREfHR4v7p3/77NMKk0xe4Wdg==';
const STATIONS_JSON = '{"StationIDs":["XJ-CS-0001"]}';
const STATIONS_DATA = 'F6IYDkD3fatQ2qtsIcBwxK+Bim5Qj++7ml+4UQUQzKk=';
const CHINESE_JSON = '{"ConnectorID":"长沙-1"}';
const CHINESE_DATA = 'bqPhL0Zjn89SERsQD8jhge0KjoAFuEpa4bUhYYg4T94=';
const EMPTY_DATA = '0e8Yyuobp55/giEyC01lbg==';
const REQUEST_SIG = 'F5551F23B98F4A79F566B58C78F9A1B6';
const RESPONSE_SIG = 'A8AD54CD488E45FF8B4A8E7A4CC86853';
const REFUSAL_SIG = 'A11392622C5C520FCC8EEEB2249FCB73';

const profile = envelopeProfile(KEYS);
const env: PartnerEnvelope = { profile, aliases: {} };

describe('T/CEC 102-2016 suite (known answers from openssl)', () => {
  it('encrypts Data as openssl does, PKCS#5 padding included', () => {
    expect(profile.encryptData(TOKEN_JSON)).toBe(TOKEN_DATA);
    expect(profile.encryptData(STATIONS_JSON)).toBe(STATIONS_DATA);
    expect(profile.encryptData(CHINESE_JSON)).toBe(CHINESE_DATA);
    expect(profile.encryptData('')).toBe(EMPTY_DATA); // a whole block of padding
  });

  it('decrypts what openssl encrypted', () => {
    expect(profile.decryptData(TOKEN_DATA)).toBe(TOKEN_JSON);
    expect(profile.decryptData(CHINESE_DATA)).toBe(CHINESE_JSON);
  });

  it('signs as openssl dgst -md5 -hmac, in uppercase hex', () => {
    expect(profile.sign(`MA59J8YL8${TOKEN_DATA}202612061430050001`)).toBe(REQUEST_SIG);
    expect(profile.sign(`0${STATIONS_DATA}`)).toBe(RESPONSE_SIG);
    expect(profile.sign('4001签名错误')).toBe(REFUSAL_SIG);
  });

  it('refuses Data that is not Base64, not whole blocks, or under another key', () => {
    expect(() => profile.decryptData('not base64!')).toThrow();
    expect(() => profile.decryptData('AAAA')).toThrow();
    const other = envelopeProfile({ ...KEYS, dataSecret: 'fedcba0987654321' });
    expect(() => other.decryptData(TOKEN_DATA)).toThrow();
  });

  it('refuses secrets that are not 16 bytes', () => {
    expect(() => envelopeProfile({ ...KEYS, dataSecret: 'short' })).toThrow(/DataSecret/);
    expect(() => envelopeProfile({ ...KEYS, dataSecretIv: '12345678901234567' })).toThrow(/DataSecretIV/);
    expect(() => envelopeProfile(KEYS, 'sm4-sm3')).toThrow(/unknown envelope suite/);
  });
});

describe('request and response envelopes', () => {
  const stamp = { timeStamp: '20261206143005', seq: '0001' };

  it('encodes a request exactly as the vectors say', () => {
    const request = encodeRequest(env, 'MA59J8YL8', JSON.parse(TOKEN_JSON), stamp);
    expect(request).toEqual({ OperatorID: 'MA59J8YL8', Data: TOKEN_DATA, TimeStamp: '20261206143005', Seq: '0001', Sig: REQUEST_SIG });
  });

  it('reads, verifies and opens a request', () => {
    const raw = { OperatorID: 'MA59J8YL8', Data: TOKEN_DATA, TimeStamp: '20261206143005', Seq: '0001', Sig: REQUEST_SIG };
    const e = readRequestEnvelope(raw);
    expect(() => verifyRequest(env, e)).not.toThrow();
    expect(openRequestData(env, e)).toEqual({ plain: TOKEN_JSON, body: JSON.parse(TOKEN_JSON) });
  });

  it('refuses a wrong or lowercase signature with 4001, and a missing field with 4003', () => {
    const good = { OperatorID: 'MA59J8YL8', Data: TOKEN_DATA, TimeStamp: '20261206143005', Seq: '0001', Sig: REQUEST_SIG };
    const ret = (f: () => unknown): number | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof TcecRefusal ? e.ret : undefined;
      }
      return TCEC_RET.ok;
    };
    expect(ret(() => verifyRequest(env, readRequestEnvelope({ ...good, Seq: '0002' })))).toBe(TCEC_RET.signature);
    expect(ret(() => verifyRequest(env, readRequestEnvelope({ ...good, Sig: REQUEST_SIG.toLowerCase() })))).toBe(TCEC_RET.signature);
    expect(ret(() => readRequestEnvelope({ ...good, Sig: undefined }))).toBe(TCEC_RET.parameters);
    expect(ret(() => readRequestEnvelope({ ...good, Seq: '1' }))).toBe(TCEC_RET.parameters);
    expect(ret(() => readRequestEnvelope([good]))).toBe(TCEC_RET.parameters);
    // Signed correctly but Data is garbage: 4003, only after the signature passed.
    const garbage = encodeRequest({ ...env, profile: { ...profile, encryptData: () => 'AAAAAAAAAAAAAAAAAAAAAA==' } }, 'MA59J8YL8', {}, stamp);
    const e = readRequestEnvelope(garbage);
    expect(ret(() => verifyRequest(env, e))).toBe(TCEC_RET.ok);
    expect(ret(() => openRequestData(env, e))).toBe(TCEC_RET.parameters);
  });

  it('encodes a response as the vectors say, and a refusal with empty Data', () => {
    expect(encodeResponse(env, TCEC_RET.ok, '', JSON.parse(STATIONS_JSON))).toEqual({ Ret: 0, Msg: '', Data: STATIONS_DATA, Sig: RESPONSE_SIG });
    expect(encodeResponse(env, TCEC_RET.signature, '签名错误')).toEqual({ Ret: 4001, Msg: '签名错误', Data: '', Sig: REFUSAL_SIG });
  });

  it('decodes a response, verifying its signature first', () => {
    expect(decodeResponse(env, { Ret: 0, Msg: '', Data: STATIONS_DATA, Sig: RESPONSE_SIG })).toEqual({
      ret: 0,
      msg: '',
      plain: STATIONS_JSON,
      body: { StationIDs: ['XJ-CS-0001'] },
    });
    expect(decodeResponse(env, { Ret: 4001, Msg: '签名错误', Data: '', Sig: REFUSAL_SIG }).body).toBeUndefined();
    expect(() => decodeResponse(env, { Ret: 0, Msg: 'x', Data: STATIONS_DATA, Sig: RESPONSE_SIG })).toThrow(TcecRefusal);
  });
});

describe('TimeStamp and Seq', () => {
  it('writes yyyyMMddHHmmss in Asia/Shanghai and reads it back', () => {
    const at = new Date('2026-12-06T06:30:05Z');
    expect(formatTimeStamp(at)).toBe('20261206143005');
    expect(formatTimeStamp(new Date('2026-12-31T16:00:00Z'))).toBe('20270101000000');
    expect(parseTimeStamp('20261206143005')?.toISOString()).toBe(at.toISOString());
    expect(parseTimeStamp('20260230120000')).toBeUndefined();
    expect(parseTimeStamp('2026-12-06 14:30')).toBeUndefined();
  });

  it('counts 0001… within a second and starts again in the next', () => {
    const clock = new ManualClock('2026-12-06T06:30:05.100Z');
    const seq = new SeqCounter(clock);
    expect(seq.next()).toEqual({ timeStamp: '20261206143005', seq: '0001' });
    clock.advance(800);
    expect(seq.next()).toEqual({ timeStamp: '20261206143005', seq: '0002' });
    clock.advance(100);
    expect(seq.next()).toEqual({ timeStamp: '20261206143006', seq: '0001' });
  });

  it('rolls over into the next second after 9999 in one second, never repeating a pair', () => {
    const clock = new ManualClock('2026-12-06T06:30:05.000Z');
    const seq = new SeqCounter(clock);
    const seen = new Set<string>();
    let last = { timeStamp: '', seq: '' };
    for (let i = 0; i < 10_001; i++) {
      last = seq.next();
      seen.add(`${last.timeStamp}/${last.seq}`);
    }
    expect(seen.size).toBe(10_001);
    expect(last).toEqual({ timeStamp: '20261206143006', seq: '0002' });
    // The real clock reaching the borrowed second continues after it, not from 0001.
    clock.advance(1000);
    expect(seq.next()).toEqual({ timeStamp: '20261206143006', seq: '0003' });
    clock.advance(1000);
    expect(seq.next()).toEqual({ timeStamp: '20261206143007', seq: '0001' });
  });
});

describe('field alias maps', () => {
  const aliases = { SevicePrice: 'ServicePrice', ElecMoney: 'ElectMoney', QRCode: 'QrCode' };
  const canonical = { QRCode: 'q', PolicyInfos: [{ StartTime: '000000', ElecPrice: 0.5, SevicePrice: 0.8 }], Nested: { ElecMoney: 1.2 } };
  const theirs = { QrCode: 'q', PolicyInfos: [{ StartTime: '000000', ElecPrice: 0.5, ServicePrice: 0.8 }], Nested: { ElectMoney: 1.2 } };

  it('renames at every depth, both ways', () => {
    expect(toPartnerFields(canonical, aliases)).toEqual(theirs);
    expect(fromPartnerFields(theirs, aliases)).toEqual(canonical);
    expect(fromPartnerFields(toPartnerFields(canonical, aliases), aliases)).toEqual(canonical);
  });

  it('applies to the decrypted JSON of requests and responses', () => {
    const aliased: PartnerEnvelope = { profile, aliases };
    const stamp = { timeStamp: '20261206143005', seq: '0001' };
    const request = encodeRequest(aliased, 'MA59J8YL8', canonical, stamp);
    expect(JSON.parse(profile.decryptData(request.Data))).toEqual(theirs);
    expect(openRequestData(aliased, readRequestEnvelope(request)).body).toEqual(canonical);
    const response = encodeResponse(aliased, TCEC_RET.ok, '', canonical);
    expect(decodeResponse(aliased, response).body).toEqual(canonical);
  });

  it('leaves fields named like Object members alone', () => {
    expect(fromPartnerFields({ constructor: 1, toString: 2 }, aliases)).toEqual({ constructor: 1, toString: 2 });
  });
});
