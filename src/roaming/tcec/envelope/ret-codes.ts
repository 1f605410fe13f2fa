/** T/CEC 102.4 `Ret` codes: the outcome of the envelope, not of the business call inside it. */
export const TCEC_RET = {
  ok: 0,
  busy: -1,
  signature: 4001,
  token: 4002,
  /** Envelope or parameter error, including a Data field that does not decrypt. */
  parameters: 4003,
  /** A business parameter is invalid (e.g. an unknown ConnectorID). */
  business: 4004,
  system: 500,
} as const;

export type TcecRet = (typeof TCEC_RET)[keyof typeof TCEC_RET];

/** A refusal carrying the Ret code to answer with; thrown by the codec and the inbound routes. */
export class TcecRefusal extends Error {
  constructor(
    readonly ret: TcecRet,
    message: string,
  ) {
    super(message);
    this.name = 'TcecRefusal';
  }
}
