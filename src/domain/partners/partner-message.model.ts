/** One raw protocol message, in or out, kept for audit and disputes. */
export interface PartnerMessage {
  readonly id: string;
  /** Null when the caller could not be identified (an unknown OperatorID). */
  readonly partnerId: string | null;
  readonly direction: 'in' | 'out';
  /** The interface called, e.g. query_start_charge. */
  readonly kind: string;
  /** The protocol's result code (T/CEC Ret); null when there was no answer. */
  readonly status: number | null;
  /** Why the call failed or was refused; null when it did not. */
  readonly error: string | null;
  /** The request and the response exactly as they travelled. */
  readonly raw: { readonly request: unknown; readonly response: unknown };
  /** Decrypted request and response bodies (secrets such as OperatorSecret and tokens masked). */
  readonly decrypted: { readonly request: unknown; readonly response: unknown };
  readonly at: Date;
}

export type NewPartnerMessage = Omit<PartnerMessage, 'id'>;
