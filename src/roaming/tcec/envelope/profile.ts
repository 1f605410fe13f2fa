/**
 * An envelope profile: how one partner's Data is encrypted and its messages signed. T/CEC
 * 102-2016 fixes AES-128-CBC + HMAC-MD5; its successor (GB/T 44130) and provincial platforms may
 * bring other suites (SM4/SM3, HMAC-SHA256). Each suite is one implementation of this interface
 * with its own known-answer tests; the codec and the use cases never see which one is in use.
 */
export interface EnvelopeProfile {
  /** The suite's name, e.g. `tcec-102-2016`. */
  readonly suite: string;
  /** Plain JSON text → the wire form of `Data`. */
  encryptData(json: string): string;
  /** The wire form of `Data` → plain JSON text; throws when it does not decrypt. */
  decryptData(data: string): string;
  /** The signature over the concatenated fields, as it travels in `Sig`. */
  sign(input: string): string;
}

/** The key material of one direction of one partner (what T/CEC calls the secrets). */
export interface EnvelopeKeys {
  dataSecret: string;
  dataSecretIv: string;
  sigSecret: string;
}

export type EnvelopeSuiteFactory = (keys: EnvelopeKeys) => EnvelopeProfile;
