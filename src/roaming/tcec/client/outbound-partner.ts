/**
 * What the outbound client needs of a partner: where to call it, as whom, with which secrets and
 * spellings. The partner core's Partner has this shape (structurally), so the client does not
 * depend on how partners are stored.
 */
export interface OutboundPartner {
  readonly id: string;
  readonly tcec: {
    /** The OperatorID we use towards this partner. */
    readonly ourOperatorId: string;
    /** Up to the interface name, e.g. http://host/evcs/v1 */
    readonly baseUrl: string;
    readonly outbound: { readonly operatorSecret: string; readonly dataSecret: string; readonly dataSecretIv: string; readonly sigSecret: string };
    readonly aliases: Readonly<Record<string, string>>;
    readonly suite: string;
  };
}

/** One raw message for the audit trail (the partner core's PartnerMessageLog.append takes it). */
export interface OutboundMessage {
  readonly partnerId: string | null;
  readonly direction: 'in' | 'out';
  readonly kind: string;
  readonly status: number | null;
  readonly error: string | null;
  readonly raw: { readonly request: unknown; readonly response: unknown };
  readonly decrypted: { readonly request: unknown; readonly response: unknown };
  readonly at: Date;
}

export interface MessageSink {
  append(m: OutboundMessage): Promise<void>;
}

/** Where the client reports whether a partner's link works (the partner core's PartnerStore.recordOutcome). */
export interface PartnerHealthSink {
  recordOutcome(partnerId: string, error: { message: string; at: Date } | null): Promise<void>;
}

const SECRET_FIELDS = new Set(['OperatorSecret', 'AccessToken']);

/** A decrypted body with its secrets (OperatorSecret, AccessToken) masked, for the audit trail. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = SECRET_FIELDS.has(k) ? '***' : maskSecrets(v);
  return out;
}
